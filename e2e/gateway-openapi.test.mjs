// End-to-end: a REST API behind the packaged gateway as an OpenAPI backend, driven by the official MCP TypeScript SDK
// clients (v1, session era; v2, stateless era). The API is a small service implementing part of the real Swagger
// Petstore 3 document (lib/petstore-server.mjs); the config repo declares it twice: read-only from a copy of the
// document in the repo (prefix pets), and with writes and deletes from the document the service serves (prefix
// petsrw). Run by GatewayOpenApiEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, startPetstore, root } from './lib/servers.mjs';

let petstore;
let gateway;
let client;
let workDir;
let configDir;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gateway-openapi-'));
  configDir = path.join(workDir, 'config');
  await mkdir(path.join(configDir, 'backends'), { recursive: true });
  await mkdir(path.join(configDir, 'openapi'), { recursive: true });
  await copyFile(path.join(root, 'gateway', 'src', 'test', 'resources', 'openapi', 'petstore.yaml'),
    path.join(configDir, 'openapi', 'petstore.yaml'));
  petstore = await startPetstore();
  await writeFile(path.join(configDir, 'backends', 'pets.yaml'), `name: pets
description: The pet shop, read-only
transport: openapi
url: \${PETSTORE_URL}
auth: {type: header, name: api_key, value: "\${PETSTORE_API_KEY}"}
openapi:
  spec: openapi/petstore.yaml
  open-world: false
`);
  await writeFile(path.join(configDir, 'backends', 'petsrw.yaml'), `name: petsrw
description: The pet shop, with writes and deletes
transport: openapi
url: \${PETSTORE_URL}
auth: {type: none}
openapi:
  spec: \${PETSTORE_URL}/openapi.yaml
  include: [{tag: pet}]
  writes: true
  destructive: true
`);
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    '--gateway.backends.health-interval=500ms', '--gateway.config-repo.poll-interval=1s'],
  { PETSTORE_URL: `${petstore.base}/api/v3`, PETSTORE_API_KEY: 'special-key-for-the-e2e-test-0123456789' });
  client = new Client({ name: 'gateway-openapi-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const bothListed = (tools) => ['pets_', 'petsrw_'].every((prefix) => tools.some((t) => t.name.startsWith(prefix)));
  for (let i = 0; !bothListed((await client.listTools()).tools); i++) {
    if (i > 240) throw new Error(`the tools of both OpenAPI backends never appeared in the gateway:\n${gateway.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

after(async () => {
  await client?.close();
  await gateway?.stop();
  await petstore?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
const lastSeen = async () => (await (await fetch(`${petstore.base}/_seen`)).json()).at(-1);

test('the read-only backend lists only the GET operations, with their schemas and annotations', async () => {
  const tools = (await client.listTools()).tools.filter((t) => t.name.startsWith('pets_'));
  assert.deepEqual(tools.map((t) => t.name), ['pets_findPetsByStatus', 'pets_findPetsByTags', 'pets_getPetById',
    'pets_getInventory', 'pets_getOrderById', 'pets_loginUser', 'pets_logoutUser', 'pets_getUserByName']);
  const get = tools.find((t) => t.name === 'pets_getPetById');
  assert.deepEqual(get.inputSchema.required, ['petId']);
  assert.equal(get.inputSchema.properties.petId.type, 'integer');
  assert.equal(get.inputSchema.additionalProperties, false);
  assert.deepEqual(get.annotations, { title: 'Find pet by ID.', readOnlyHint: true, destructiveHint: false,
    idempotentHint: true, openWorldHint: false });
  const byStatus = tools.find((t) => t.name === 'pets_findPetsByStatus');
  assert.deepEqual(byStatus.inputSchema.properties.status.enum, ['available', 'pending', 'sold']);
});

test('the writing backend adds POST, PUT and DELETE with their annotations', async () => {
  const tools = (await client.listTools()).tools.filter((t) => t.name.startsWith('petsrw_'));
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  assert.equal(byName.petsrw_addPet.annotations.readOnlyHint, false);
  assert.equal(byName.petsrw_addPet.annotations.idempotentHint, false);
  assert.equal(byName.petsrw_updatePet.annotations.idempotentHint, true);
  assert.equal(byName.petsrw_deletePet.annotations.destructiveHint, true);
  assert.deepEqual(byName.petsrw_addPet.inputSchema.required, ['body']);
  assert.ok(!tools.some((t) => /Order|User|Inventory/.test(t.name)), 'include: [{tag: pet}] keeps the pet operations only');
});

test('a GET with a path parameter comes back as structured content and text, with the API key sent', async () => {
  const result = await client.callTool({ name: 'pets_getPetById', arguments: { petId: 1 } });
  assert.notEqual(result.isError, true, text(result));
  assert.equal(result.structuredContent.name, 'doggie');
  assert.match(text(result), /"name":"doggie"/);
  const seen = await lastSeen();
  assert.equal(seen.url, '/api/v3/pet/1');
  assert.equal(seen.headers.api_key, 'special-key-for-the-e2e-test-0123456789');
});

test('query arrays are sent exploded, form style', async () => {
  const result = await client.callTool({ name: 'pets_findPetsByTags', arguments: { tags: ['calm', 'a b&c'] } });
  assert.deepEqual(result.structuredContent.result.map((p) => p.name), ['kitty', 'rex']);
  assert.equal((await lastSeen()).url, '/api/v3/pet/findByTags?tags=calm&tags=a%20b%26c');
});

test('a body is sent as JSON, and a DELETE with a header parameter reaches the API', async () => {
  const added = await client.callTool({ name: 'petsrw_addPet', arguments: { body: { id: 42, name: 'nemo', photoUrls: [] } } });
  assert.notEqual(added.isError, true, text(added));
  const post = await lastSeen();
  assert.equal(post.method, 'POST');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(post.body), { id: 42, name: 'nemo', photoUrls: [] });
  const deleted = await client.callTool({ name: 'petsrw_deletePet', arguments: { petId: 42, api_key: 'k' } });
  assert.notEqual(deleted.isError, true, text(deleted));
  const del = await lastSeen();
  assert.equal(del.method, 'DELETE');
  assert.equal(del.headers.api_key, 'k');
});

test('bad arguments are refused before any request: extra field, wrong type, traversal, header injection', async () => {
  const before = (await (await fetch(`${petstore.base}/_seen`)).json()).length;
  const outcomes = [
    await client.callTool({ name: 'pets_getPetById', arguments: { petId: 1, admin: true } }),
    await client.callTool({ name: 'pets_getPetById', arguments: { petId: 'one' } }),
    await client.callTool({ name: 'pets_getUserByName', arguments: { username: '../store/inventory' } }),
    await client.callTool({ name: 'petsrw_deletePet', arguments: { petId: 1, api_key: 'x\r\nX-Admin: yes' } }),
  ];
  for (const outcome of outcomes) {
    assert.equal(outcome.isError, true);
    assert.match(text(outcome), /^Invalid arguments for .* Nothing was sent to the API\.$/s);
  }
  assert.equal((await (await fetch(`${petstore.base}/_seen`)).json()).length, before);
});

test('a write the read-only backend does not offer cannot be called', async () => {
  await assert.rejects(client.callTool({ name: 'pets_deletePet', arguments: { petId: 1 } }), /deletePet|not found|Unknown tool/i);
});

test('HTTP errors and HTML answers are error results that say what came back', async () => {
  const missing = await client.callTool({ name: 'pets_getPetById', arguments: { petId: 99 } });
  assert.equal(missing.isError, true);
  assert.equal(text(missing), 'The API answered HTTP 404 Not Found to GET /api/v3/pet/99: {"code":404,"message":"Pet not found: 99"}');
  const html = await client.callTool({ name: 'pets_loginUser', arguments: { username: 'a', password: 'b' } });
  assert.equal(html.isError, true);
  assert.match(text(html), /with an HTML page/);
});

test('a long list is cut at a whole item with a note', async () => {
  const result = await client.callTool({ name: 'pets_findPetsByStatus', arguments: { status: 'pending' } });
  assert.notEqual(result.isError, true);
  assert.ok(text(result).length <= 25_000);
  assert.match(text(result), /\[Cut: \d+ of 1000 items shown/);
  const shown = result.structuredContent.result;
  assert.ok(shown.length > 10 && shown.length < 1000);
  assert.equal(shown.at(-1).id, 100 + shown.length - 1);
});

test('a stateless (v2) client lists and calls the same tools', async () => {
  const modern = new StatelessClient({ name: 'gateway-openapi-e2e-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    const tools = (await modern.listTools()).tools;
    assert.ok(tools.some((t) => t.name === 'pets_getInventory'));
    const inventory = await modern.callTool({ name: 'pets_getInventory', arguments: {} });
    assert.deepEqual(inventory.structuredContent, { available: 2, sold: 1, pending: 1000 });
  } finally {
    await modern.close();
  }
});

test('a document that no longer reads keeps the last good tools, and the config status says why', async () => {
  const status = async () => (await (await fetch(`${gateway.base}/config-repo/status`)).json()).backends
    .find((b) => b.name === 'petsrw');
  await fetch(`${petstore.base}/_document`, { method: 'POST', body: 'swagger: "2.0"\npaths: {}\n' });
  // Any change to the config repo has documents at a URL read again.
  const pets = path.join(configDir, 'backends', 'pets.yaml');
  await writeFile(pets, (await readFile(pets, 'utf8')).replace('read-only', 'read-only (changed)'));
  let seen;
  for (let i = 0; !(seen = await status())?.problem?.includes('OpenAPI document'); i++) {
    if (i > 120) throw new Error(`no problem shown: ${JSON.stringify(seen)}\n${gateway.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.match(seen.problem, /is not an OpenAPI 3\.0, 3\.1 or 3\.2 document \(it is Swagger 2\.0/);
  assert.equal(seen.state, 'READY');
  assert.ok(seen.tools > 0);
  assert.ok((await client.listTools()).tools.some((t) => t.name === 'petsrw_addPet'), 'the last good tools stay listed');
  const pet = await client.callTool({ name: 'petsrw_getPetById', arguments: { petId: 1 } });
  assert.equal(pet.structuredContent.name, 'doggie');

  await fetch(`${petstore.base}/_document`, { method: 'POST', body: '' });
  await writeFile(pets, (await readFile(pets, 'utf8')).replace(' (changed)', ''));
  for (let i = 0; (seen = await status())?.problem; i++) {
    if (i > 120) throw new Error(`the problem stayed: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});
