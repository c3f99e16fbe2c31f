// A small stdio MCP server with one tool, hello. With STDERR_LINES set it first floods its stderr with that many
// lines. It exits when its stdin ends, as MCP's stdio transport asks.
const flood = Number(process.env.STDERR_LINES || 0);
for (let i = 1; i <= flood; i++) {
  process.stderr.write(`noise line ${i}\n`);
}
const hello = { name: 'hello', description: 'Says hello to whoever the process serves', inputSchema: { type: 'object' } };
let buffered = '';
process.stdin.on('data', chunk => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\n')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.id === undefined || !message.method) {
      continue;
    }
    if (message.method === 'initialize') {
      answer(message.id, { protocolVersion: message.params.protocolVersion, capabilities: { tools: {} },
        serverInfo: { name: 'tiny-server', version: '1' } });
    } else if (message.method === 'tools/list') {
      answer(message.id, { tools: [hello] });
    } else if (message.method === 'tools/call') {
      const who = process.env.MCP_GATEWAY_USER_ID || 'everyone';
      answer(message.id, { content: [{ type: 'text', text: `hello ${who} from pid ${process.pid}` }] });
    } else {
      answer(message.id, {});
    }
  }
});
process.stdin.on('end', () => process.exit(0));
function answer(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}
