#!/bin/sh
# A stdio "server" that writes a line to stdout that is not JSON-RPC, then waits as if all were well.
echo "Server listening... (this line belongs on stderr)"
exec sleep 600
