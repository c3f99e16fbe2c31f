// A backend that speaks only the stateless MCP era (2026-07-28), built on the official TypeScript SDK v2 server:
// it refuses `initialize`, so a gateway must talk to it with server/discover and per-request _meta.
//   node e2e/lib/stateless-server.mjs <port>
import http from 'node:http';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import * as z from 'zod';

const port = Number(process.argv[2] ?? 0);
let tools = ['add'];

const factory = () => {
  const server = new McpServer({ name: 'stateless-backend', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: {} },
      instructions: 'A backend that speaks only MCP 2026-07-28.' });
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }));
  if (tools.includes('multiply')) {
    server.registerTool('multiply', { description: 'Multiplies two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
      async ({ a, b }) => ({ content: [{ type: 'text', text: String(a * b) }] }));
  }
  server.registerResource('motd', 'memo://motd', { mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, text: 'stateless hello' }] }));
  return server;
};

const handler = createMcpHandler(factory, { legacy: 'reject' });
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (req.url === '/add-multiply') { tools = ['add', 'multiply']; handler.notify.toolsChanged(); res.end('ok'); return; }
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers,
    body: ['GET', 'HEAD'].includes(req.method) ? undefined : Buffer.concat(chunks) });
  const response = await handler.fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body) res.write(chunk);
  res.end();
}).listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
