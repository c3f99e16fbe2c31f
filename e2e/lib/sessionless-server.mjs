// A streamable-HTTP backend that keeps no sessions: the official TypeScript SDK v1 server in its stateless mode
// (`sessionIdGenerator: undefined`, a new server and transport per request), the way most remote MCP servers are
// deployed. Its initialize answer carries no Mcp-Session-Id, and GET (a listening stream) is refused.
//   node e2e/lib/sessionless-server.mjs <port> [sessions]
// With `sessions`, the same server keeps a session per client instead (the SDK's stateful mode): the benchmark
// compares the two kinds with nothing else different.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import * as z from 'zod';

const port = Number(process.argv[2] ?? 0);
// Calls of the `wait` tool that began, and that ended because their request was dropped: GET /counts tells them.
const counts = { started: 0, cancelled: 0 };

// The claims of the bearer JWT the request came with, read without checking it: this backend only reports them.
const claims = (headers) => {
  const token = String(headers?.authorization ?? '').replace(/^Bearer /, '');
  try { return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()); } catch { return {}; }
};

const newServer = () => {
  const server = new McpServer({ name: 'sessionless-backend', version: '1.0.0' },
    { instructions: 'A backend without sessions (TypeScript SDK v1, stateless mode).' });
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  server.registerTool('whoami', { description: 'Who the gateway says is calling', inputSchema: {} },
    async (_args, extra) => ({ content: [{ type: 'text', text: claims(extra.requestInfo?.headers).user_id ?? 'nobody' }] }));
  server.registerTool('count', { description: 'Counts to three, telling the progress', inputSchema: {} },
    async (_args, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= 3; i++) {
        if (token !== undefined) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: 3 } });
        }
      }
      return { content: [{ type: 'text', text: 'counted to 3' }] };
    });
  server.registerTool('wait', { description: 'Waits until the call is cancelled, at most 20 seconds', inputSchema: {} },
    async (_args, extra) => {
      counts.started++;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 20_000);
        extra.signal.addEventListener('abort', () => { clearTimeout(timer); counts.cancelled++; resolve(); });
      });
      return { content: [{ type: 'text', text: 'waited' }] };
    });
  server.registerResource('note', 'note://today', { mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, text: 'sessionless note' }] }));
  server.registerPrompt('greet', { description: 'Greets someone',
    argsSchema: { name: completable(z.string(), (value) => ['Ada', 'Alan', 'Grace'].filter((n) => n.startsWith(value))) } },
  ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Hello, ${name}` } }] }));
  return server;
};

const withSessions = process.argv[3] === 'sessions';
const sessions = new Map();

const listener = http.createServer(async (req, res) => {
  if (req.url === '/counts') { res.end(JSON.stringify(counts)); return; }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  if (withSessions) {
    let transport = sessions.get(req.headers['mcp-session-id']);
    if (!transport) {
      transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => sessions.set(id, transport) });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
    return;
  }
  const server = newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => { transport.close(); server.close(); });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}).listen(port, '127.0.0.1', () => console.log(`listening ${listener.address().port}`));
