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
  list_postgres_backups: [true, false, true],
  get_postgres_backup: [true, false, true],
  create_postgres_backup: [false, false, false],
  list_postgres_scheduled_backups: [true, false, true],
  create_postgres_scheduled_backup: [false, false, false],
  delete_postgres_scheduled_backup: [false, true, true],
  restore_postgres_cluster: [false, false, false],
  list_postgres_poolers: [true, false, true],
  create_postgres_pooler: [false, false, false],
  scale_postgres_pooler: [false, true, true],
  delete_postgres_pooler: [false, true, true],
  switchover_postgres_cluster: [false, true, true],
  restart_postgres_cluster: [false, true, false],
  reload_postgres_cluster: [false, false, true],
  hibernate_postgres_cluster: [false, true, true],
  wake_postgres_cluster: [false, false, true],
  fence_postgres_instances: [false, true, true],
  unfence_postgres_instances: [false, false, true],
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

test('tools/list has exactly the 36 default tools (no sql toolset), each with all four annotations', async () => {
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

test('backup -> schedule -> restore to a point in time', async () => {
  const backups = await ok('list_postgres_backups', { cluster_name: 'pg-sample' });
  assert.deepEqual(backups.structuredContent.backups.map((b) => [b.method, b.phase]), [['plugin', 'completed']]);
  const taken = await ok('create_postgres_backup', { cluster_name: 'pg-sample', backup_name: 'e2e-now' });
  assert.match(text(taken), /method plugin \(barman-cloud\.cloudnative-pg\.io\)/);

  const schedule = await ok('create_postgres_scheduled_backup', { cluster_name: 'pg-sample', scheduled_backup_name: 'e2e-nightly', schedule: '0 0 0 * * *' });
  assert.equal(schedule.structuredContent.nextRuns.length, 3);
  const schedules = await ok('list_postgres_scheduled_backups', { cluster_name: 'pg-sample' });
  assert.deepEqual(schedules.structuredContent.scheduledBackups.map((s) => s.schedule), ['0 0 0 * * *']);
  await refused('delete_postgres_scheduled_backup', { scheduled_backup_name: 'e2e-nightly' }, /confirm=true/);
  await ok('delete_postgres_scheduled_backup', { scheduled_backup_name: 'e2e-nightly', confirm: true });

  const target = new Date(Date.now() - 6 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const preview = await ok('restore_postgres_cluster', { name: 'e2e-pitr', source_cluster: 'pg-sample', target_time: target, dry_run: true });
  assert.match(text(preview), /externalClusters/);
  const restored = await ok('restore_postgres_cluster', { name: 'e2e-pitr', source_cluster: 'pg-sample', target_time: target });
  assert.match(text(restored), /recovered from the backups and WAL archive of cluster 'pg-sample'/);
  assert.equal(restored.structuredContent.recovery.recoveryTarget.targetTime, target);
  await ok('delete_postgres_cluster', { name: 'e2e-pitr', confirm: true });
});

test('bad input is refused with isError before anything is sent', async () => {
  await refused('create_postgres_cluster', { name: 'Bad_Name' }, /not a valid CloudNativePG cluster name/);
  await refused('create_postgres_cluster', { name: 'ok', instances: 11 }, /instances must be from 1 to 10/);
  await refused('create_postgres_cluster', { name: 'ok', storage_size: 'ten gigs' }, /not a Kubernetes quantity/);
  await refused('create_postgres_cluster', { name: 'ok', postgres_version: '9' }, /postgres_version must be one of/);
  await refused('create_postgres_database', { cluster_name: 'pg-sample', database_name: 'postgres', owner: 'app' }, /reserved/);
  await refused('scale_postgres_cluster', { name: 'pg-sample', instance: 2 }, /unknown parameter 'instance'/);
  await refused('get_cluster_status', { name: 'missing' }, /not found.*list_postgres_clusters/s);
  await refused('create_postgres_backup', { cluster_name: 'pg-sample', method: 'volumeSnapshot' }, /not configured for method 'volumeSnapshot'/);
  await refused('create_postgres_scheduled_backup', { cluster_name: 'pg-sample', scheduled_backup_name: 'daily', schedule: '0 0 * * *' }, /has 5 field\(s\)/);
  await refused('restore_postgres_cluster', { name: 'pg-sample', source_cluster: 'pg-sample' }, /already exists/);
  await refused('restore_postgres_cluster', { name: 'pg-pitr', source_cluster: 'pg-sample', target_time: '2026-01-01T00:00:00Z', target_xid: 1234 }, /at most one recovery target/);
  const listed = await ok('list_postgres_clusters', {});
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
});

test('pooler -> operations: created, listed, scaled, deleted; disruptive operations refused without cause', async () => {
  const created = await ok('create_postgres_pooler', { cluster_name: 'pg-sample', pool_mode: 'transaction' });
  assert.match(text(created), /Created pooler 'pg-sample-pooler-rw'/);
  await refused('create_postgres_pooler', { cluster_name: 'pg-sample', pooler_name: 'pg-sample-rw' }, /rw Service/);
  const listed = await ok('list_postgres_poolers', { cluster_name: 'pg-sample' });
  assert.deepEqual(listed.structuredContent.poolers.map((p) => [p.name, p.type, p.poolMode]),
    [['pg-sample-pooler-rw', 'rw', 'transaction']]);
  await ok('scale_postgres_pooler', { pooler_name: 'pg-sample-pooler-rw', instances: 2 });
  await refused('delete_postgres_pooler', { pooler_name: 'pg-sample-pooler-rw' }, /needs confirm=true/);
  await ok('delete_postgres_pooler', { pooler_name: 'pg-sample-pooler-rw', confirm: true });

  await refused('switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 1, confirm: true },
    /already the primary/);
  await refused('switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 'pg-sample-9', confirm: true },
    /has no instance 'pg-sample-9'/);
  await refused('hibernate_postgres_cluster', { cluster_name: 'pg-sample' }, /needs confirm=true/);
  await refused('fence_postgres_instances', { cluster_name: 'pg-sample', instances: ['*', '2'], confirm: true },
    /alone/);
  const status = await ok('get_cluster_status', { cluster_name: 'pg-sample' });
  assert.equal(status.structuredContent.cluster.hibernated, undefined);
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
