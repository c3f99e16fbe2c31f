// End-to-end: the packaged CNPG backend (sandbox mode) driven by the official MCP TypeScript SDK client.
// Run by CnpgBackendEndToEndIT, which starts the backend and passes its URL in MCP_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = process.env.MCP_URL;
if (!url) throw new Error('MCP_URL is not set');

const EXPECTED_HINTS = {
  list_postgres_clusters: [true, false, true],
  get_cluster_status: [true, false, true],
  create_postgres_cluster: [false, false, false],
  scale_postgres_cluster: [false, true, true],
  delete_postgres_cluster: [false, true, true],
  get_postgres_parameters: [true, false, true],
  update_postgres_parameters: [false, true, true],
  list_postgres_roles: [true, false, true],
  create_postgres_role: [false, false, false],
  update_postgres_role: [false, true, false],
  delete_postgres_role: [false, true, true],
  list_postgres_databases: [true, false, true],
  create_postgres_database: [false, false, false],
  delete_postgres_database: [false, true, true],
  get_postgres_cluster_health: [true, false, true],
  list_postgres_cluster_events: [true, false, true],
  get_postgres_instance_logs: [true, false, true],
  get_postgres_connection_info: [true, false, true],
};

let client;

before(async () => {
  client = new Client({ name: 'cnpg-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
});

after(async () => {
  await client?.close();
});

async function call(name, args) {
  return client.callTool({ name, arguments: args });
}

function text(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function ok(name, args) {
  const result = await call(name, args);
  assert.notEqual(result.isError, true, `${name} failed: ${text(result)}`);
  assert.ok(result.structuredContent, `${name} returned no structuredContent`);
  return result;
}

async function refused(name, args, pattern) {
  const result = await call(name, args);
  assert.equal(result.isError, true, `${name} should have been refused: ${text(result)}`);
  assert.match(text(result), pattern);
  return result;
}

test('the server says it is a sandbox', () => {
  assert.match(client.getInstructions() ?? '', /SANDBOX/);
});

test('tools/list has exactly the 18 default tools (no sql toolset), each with all four annotations', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(EXPECTED_HINTS).sort());
  for (const tool of tools) {
    const a = tool.annotations;
    assert.ok(a, `${tool.name} has no annotations`);
    assert.deepEqual([a.readOnlyHint, a.destructiveHint, a.idempotentHint], EXPECTED_HINTS[tool.name], tool.name);
    assert.equal(a.openWorldHint, true, tool.name);
    assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
  }
});

test('create -> list -> scale -> role -> database -> delete', async () => {
  const preview = await ok('create_postgres_cluster', { name: 'e2e-db', instances: 1, storage_size: '1Gi', dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  let listed = await ok('list_postgres_clusters', { format: 'json' });
  assert.ok(!JSON.parse(text(listed)).clusters.some((c) => c.name === 'e2e-db'), 'dry run created the cluster');

  await ok('create_postgres_cluster', { name: 'e2e-db', instances: 1, storage_size: '1Gi', postgres_version: '17' });
  listed = await ok('list_postgres_clusters', { format: 'json' });
  const names = JSON.parse(text(listed)).clusters.map((c) => c.name);
  assert.deepEqual(names, ['e2e-db', 'pg-sample']);
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), names);

  const scaled = await ok('scale_postgres_cluster', { name: 'e2e-db', instances: 2 });
  assert.match(text(scaled), /from 1 to 2/);
  const status = await ok('get_cluster_status', { name: 'e2e-db', detail_level: 'detailed' });
  assert.equal(status.structuredContent.cluster.instances, 2);

  const role = await ok('create_postgres_role', { cluster_name: 'e2e-db', role_name: 'app_reader', createdb: true });
  assert.equal(role.structuredContent.password, undefined, 'password revealed without reveal_password');
  assert.equal(role.structuredContent.passwordSecret, 'cnpg-e2e-db-user-app-reader');
  const roles = await ok('list_postgres_roles', { cluster_name: 'e2e-db' });
  assert.deepEqual(roles.structuredContent.roles.map((r) => [r.name, r.createdb, r.ensure]), [['app_reader', true, 'present']]);
  const rotated = await ok('update_postgres_role', { cluster_name: 'e2e-db', role_name: 'app_reader', rotate_password: true, reveal_password: true });
  assert.match(rotated.structuredContent.password, /^[A-Za-z0-9]{32}$/);

  await ok('create_postgres_database', { cluster_name: 'e2e-db', database_name: 'orders', owner: 'app_reader' });
  const dbs = await ok('list_postgres_databases', { cluster_name: 'e2e-db' });
  assert.deepEqual(dbs.structuredContent.databases.map((d) => [d.name, d.owner, d.reclaimPolicy]), [['orders', 'app_reader', 'retain']]);

  await refused('delete_postgres_database', { cluster_name: 'e2e-db', database_name: 'orders' }, /confirm=true/);
  await ok('delete_postgres_database', { cluster_name: 'e2e-db', database_name: 'orders', confirm: true });
  await ok('delete_postgres_role', { cluster_name: 'e2e-db', role_name: 'app_reader', confirm: true });
  const afterDrop = await ok('list_postgres_roles', { cluster_name: 'e2e-db' });
  assert.deepEqual(afterDrop.structuredContent.roles.map((r) => [r.name, r.ensure]), [['app_reader', 'absent']]);

  await refused('delete_postgres_cluster', { name: 'e2e-db' }, /confirm_deletion=true/);
  await ok('delete_postgres_cluster', { name: 'e2e-db', confirm_deletion: true });
  listed = await ok('list_postgres_clusters', {});
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
});

test('bad input is refused with isError before anything is sent', async () => {
  await refused('create_postgres_cluster', { name: 'Bad_Name' }, /not a valid CloudNativePG cluster name/);
  await refused('create_postgres_cluster', { name: 'ok', instances: 11 }, /instances must be from 1 to 10/);
  await refused('create_postgres_cluster', { name: 'ok', storage_size: 'ten gigs' }, /not a Kubernetes quantity/);
  await refused('create_postgres_cluster', { name: 'ok', postgres_version: '9' }, /postgres_version must be one of/);
  await refused('create_postgres_database', { cluster_name: 'pg-sample', database_name: 'postgres', owner: 'app' }, /reserved/);
  await refused('scale_postgres_cluster', { name: 'pg-sample', instance: 2 }, /unknown parameter 'instance'/);
  await refused('get_cluster_status', { name: 'missing' }, /not found.*list_postgres_clusters/s);
  const listed = await ok('list_postgres_clusters', {});
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
});

test('diagnosis of the sample cluster: health, connection info without the password, refused log reads', async () => {
  const health = await ok('get_postgres_cluster_health', { cluster_name: 'pg-sample' });
  assert.match(text(health), /^pg-sample \(namespace default\): 3\/3 ready/);
  assert.ok(Array.isArray(health.structuredContent.instances), 'instances');

  const info = await ok('get_postgres_connection_info', { cluster_name: 'pg-sample' });
  assert.equal(info.structuredContent.uri, 'postgresql://app@pg-sample-rw.default.svc:5432/app?sslmode=require');
  assert.equal(info.structuredContent.password, undefined);

  await refused('get_postgres_connection_info', { cluster_name: 'pg-sample', include_password: true }, /needs confirm=true/);
  await refused('get_postgres_instance_logs', { cluster_name: 'pg-sample', instance: 'some-other-pod' },
    /not an instance of cluster 'pg-sample'/);
});
