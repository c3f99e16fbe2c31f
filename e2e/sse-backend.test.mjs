// End-to-end: a backend that speaks only the legacy HTTP+SSE transport (MCP 2024-11-05), behind the packaged gateway:
// @modelcontextprotocol/server-everything in its `sse` mode, declared with `transport: sse`, next to the same server in
// streamable HTTP mode. Both official TypeScript SDK clients (v1, session era; v2, stateless era) list, call, follow
// progress, answer an elicitation and cancel through the gateway. Run by GatewayEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, startEverything, freePort } from './lib/servers.mjs';

let legacy;
let current;
let gateway;
let client;
let configDir;

before(async () => {
  legacy = await startEverything(undefined, 'sse');
  current = await startEverything();
  configDir = await mkdtemp(path.join(tmpdir(), 'gateway-e2e-sse-'));
  await writeFile(path.join(configDir, 'backends.yaml'), `backends:
  - name: legacy
    url: \${LEGACY_URL}
    transport: sse
    description: server-everything over HTTP+SSE (MCP 2024-11-05)
  - name: current
    url: \${CURRENT_URL}
    description: server-everything over streamable HTTP
`);
  const port = await freePort();
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    `--gateway.public-url=http://127.0.0.1:${port}`, '--gateway.backends.health-interval=500ms'],
  { LEGACY_URL: legacy.mcp, CURRENT_URL: current.mcp }, port);
  const probe = new Client({ name: 'gateway-e2e-sse-probe', version: '1.0.0' });
  await probe.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const bothListed = (tools) => ['legacy_', 'current_'].every((prefix) => tools.some((t) => t.name.startsWith(prefix)));
  for (let i = 0; !bothListed((await probe.listTools()).tools); i++) {
    if (i > 120) throw new Error(`the tools of both backends never appeared in the gateway:\n${gateway.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await probe.close();
  client = new Client({ name: 'gateway-e2e-sse', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => ({
    action: 'accept', content: { name: `Ada (asked: ${request.params.message})` },
  }));
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
});

after(async () => {
  await client?.close();
  await gateway?.stop();
  await legacy?.stop();
  await current?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

test('the SSE backend\'s tools are listed under its prefix, the same tools as the streamable HTTP one offers', async () => {
  const names = (await client.listTools()).tools.map((t) => t.name);
  const legacyTools = names.filter((n) => n.startsWith('legacy_')).map((n) => n.slice('legacy_'.length)).sort();
  const currentTools = names.filter((n) => n.startsWith('current_')).map((n) => n.slice('current_'.length)).sort();
  assert.ok(legacyTools.includes('echo'), names.join(', '));
  assert.deepEqual(legacyTools, currentTools);
});

test('a call reaches the SSE backend and its answer comes back', async () => {
  const echoed = await client.callTool({ name: 'legacy_echo', arguments: { message: 'over the old transport' } });
  assert.match(text(echoed), /Echo: over the old transport/);
});

test('progress notifications of a long-running tool on the SSE backend reach the client, then its result', async () => {
  const progress = [];
  const result = await client.callTool({ name: 'legacy_trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
    undefined, { onprogress: (p) => progress.push(p.progress) });
  assert.deepEqual(progress, [1, 2, 3]);
  assert.match(text(result), /Long running operation completed/);
});

test('the SSE backend asks the user (elicitation) and gets the client\'s answer back through the gateway', async () => {
  const result = await client.callTool({ name: 'legacy_trigger-elicitation-request', arguments: {} });
  assert.match(text(result), /Name: Ada \(asked: Please provide inputs/);
});

test('a cancelled call to the SSE backend ends for the client at once, and the session goes on', async () => {
  const abort = new AbortController();
  const started = Date.now();
  const call = client.callTool({ name: 'legacy_trigger-long-running-operation', arguments: { duration: 20, steps: 20 } },
    undefined, { signal: abort.signal, timeout: 60_000, onprogress: () => abort.abort('the user changed their mind') });
  await assert.rejects(call, /changed their mind|abort/i);
  assert.ok(Date.now() - started < 10_000, 'the cancelled call ended long before the operation would have');
  const echoed = await client.callTool({ name: 'legacy_echo', arguments: { message: 'still here' } });
  assert.match(text(echoed), /Echo: still here/);
});

test('the stateless-era SDK client (v2) lists and calls the SSE backend through the gateway too', async () => {
  const modern = new StatelessClient({ name: 'gateway-e2e-sse-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.ok((await modern.listTools()).tools.some((t) => t.name === 'legacy_echo'));
    const progress = [];
    const result = await modern.callTool({ name: 'legacy_trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
      { onprogress: (p) => progress.push(p.progress) });
    assert.match(text(result), /Long running operation completed/);
    assert.deepEqual(progress, [1, 2]);
  } finally {
    await modern.close();
  }
});
