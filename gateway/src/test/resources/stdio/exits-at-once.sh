#!/bin/sh
# A stdio "server" that dies before it answers anything.
echo "cannot start: no configuration" >&2
exit 3
