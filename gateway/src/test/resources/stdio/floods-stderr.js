// A stdio MCP server that floods its stderr (COUNT lines at once), then answers initialize and ping like any other.
const count = Number(process.env.COUNT || 5000);
for (let i = 1; i <= count; i++) {
  process.stderr.write(`noise line ${i}\n`);
}
let buffered = '';
process.stdin.on('data', chunk => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\n')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.method === 'initialize') {
      answer(message.id, { protocolVersion: message.params.protocolVersion, capabilities: { tools: {} },
        serverInfo: { name: 'floods-stderr', version: '1' } });
    } else if (message.id !== undefined && message.method) {
      answer(message.id, message.method === 'tools/list' ? { tools: [] } : {});
    }
  }
});
process.stdin.on('end', () => process.exit(0));
function answer(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}
