// End-to-end: the official MCP TypeScript SDK (v1, session era) -> the packaged gateway -> the packaged CNPG
// backend in sandbox mode with cnpg.auth.mode=gateway, wired by the repository's own config-repo/ example.
// Run by GatewayEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startJar, root, freePort } from './lib/servers.mjs';

let backend;
let gateway;
let client;

before(async () => {
  // The gateway starts first (its backend is down until it comes up: the gateway does not mind), so that the
  // backend can be pointed at the gateway's JWKS.
  const [gatewayPort, backendPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${root}/config-repo`,
    `--gateway.public-url=${gatewayUrl}`, '--gateway.backends.health-interval=500ms'],
  { CNPG_BACKEND_URL: `http://127.0.0.1:${backendPort}/mcp` }, gatewayPort);
  backend = await startJar('cnpg-backend', 'cnpg-backend/target/cnpg-backend.jar', ['--cnpg.kubernetes.mode=sandbox',
    '--cnpg.auth.mode=gateway', `--cnpg.auth.jwks-uri=${gatewayUrl}/jwks.json`, '--cnpg.auth.audience=cnpg',
    `--cnpg.auth.issuer=${gatewayUrl}`], {}, backendPort);
  // Wait until the gateway lists the backend's tools, then connect the client the tests use, so that it
  // also gets the backend's instructions at initialize.
  const probe = new Client({ name: 'gateway-e2e-probe', version: '1.0.0' });
  await probe.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  for (let i = 0; (await probe.listTools()).tools.length === 0; i++) {
    if (i > 120) throw new Error('the CNPG tools never appeared in the gateway');
    await new Promise((r) => setTimeout(r, 250));
  }
  await probe.close();
  client = new Client({ name: 'gateway-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
});

after(async () => {
  await client?.close();
  await gateway?.stop();
  await backend?.stop();
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

async function cnpgTools() {
  return (await client.listTools()).tools;
}

test('the merged list has the CNPG tools under the cnpg_ prefix, annotations intact', async () => {
  const tools = await cnpgTools();
  assert.equal(tools.length, 12);
  assert.ok(tools.every((t) => t.name.startsWith('cnpg_')), tools.map((t) => t.name).join(', '));
  const list = tools.find((t) => t.name === 'cnpg_list_postgres_clusters');
  assert.deepEqual([list.annotations.readOnlyHint, list.annotations.destructiveHint], [true, false]);
  assert.match(client.getInstructions() ?? '', /## cnpg/);
});

test('calls reach the backend and come back unchanged', async () => {
  await cnpgTools();
  const listed = await client.callTool({ name: 'cnpg_list_postgres_clusters', arguments: {} });
  assert.notEqual(listed.isError, true, text(listed));
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
  const refused = await client.callTool({ name: 'cnpg_scale_postgres_cluster', arguments: { name: 'pg-sample', instances: 99 } });
  assert.equal(refused.isError, true);
  assert.match(text(refused), /instances must be from 1 to 10/);
});

test('an unknown tool is a JSON-RPC error that names it', async () => {
  await assert.rejects(client.callTool({ name: 'cnpg_drop_everything', arguments: {} }), /Unknown tool: cnpg_drop_everything/);
});

test('the backend refuses callers that did not come through the gateway', async () => {
  const direct = await fetch(backend.mcp, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'sneaky', version: '1' } } }),
  });
  assert.equal(direct.status, 401);
  assert.match(direct.headers.get('www-authenticate') ?? '', /Bearer/);
});
