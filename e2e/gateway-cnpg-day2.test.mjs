// End-to-end: the CloudNativePG day-2 scenario through the gateway. The packaged gateway fronts the packaged CNPG
// backend (sandbox mode, cnpg.auth.mode=gateway with the gateway's JWKS), and both official MCP TypeScript SDK clients
// drive its cnpg_ tools: v1 (@modelcontextprotocol/sdk, session era) and v2 (@modelcontextprotocol/client, stateless
// era). Each step acts through one client and reads the state back through the other:
// backup -> scheduled backup -> restore to a point in time -> pooler -> switchover -> hibernate -> wake.
//
// The sandbox is fabric8's mock API server in CRUD mode with no operator: objects are stored as the tools write them,
// and no status changes by itself. The scenario uses what the sandbox seeds as a CNPG operator would have made it
// (cluster pg-sample, healthy, primary pg-sample-1, a pod per instance, and a plugin backup that completed a day ago,
// kube/Sandbox.java) and checks what the tools write; comments say what a real operator would add next.
// Run by GatewayEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, root, freePort } from './lib/servers.mjs';

let gateway;
let backend;
let configDir;
let v1;
let v2;

before(async () => {
  // The gateway starts first so that the backend can be pointed at its JWKS; the gateway does not mind a backend
  // that is still down.
  const [gatewayPort, backendPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  configDir = await mkdtemp(path.join(tmpdir(), 'gateway-day2-config-'));
  await writeFile(path.join(configDir, 'backends.yaml'), await readFile(path.join(root, 'config-repo', 'backends.yaml'), 'utf8'));
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    `--gateway.public-url=${gatewayUrl}`, '--gateway.backends.health-interval=500ms'],
  { CNPG_BACKEND_URL: `http://127.0.0.1:${backendPort}/mcp` }, gatewayPort);
  backend = await startJar('cnpg-backend', 'cnpg-backend/target/cnpg-backend.jar', ['--cnpg.kubernetes.mode=sandbox',
    '--cnpg.auth.mode=gateway', `--cnpg.auth.jwks-uri=${gatewayUrl}/jwks.json`, '--cnpg.auth.audience=cnpg',
    `--cnpg.auth.issuer=${gatewayUrl}`], {}, backendPort);
  v1 = new Client({ name: 'gateway-day2-v1', version: '1.0.0' });
  await v1.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  for (let i = 0; !(await v1.listTools()).tools.some((t) => t.name === 'cnpg_switchover_postgres_cluster'); i++) {
    if (i > 120) throw new Error('the CNPG tools never appeared in the gateway');
    await new Promise((r) => setTimeout(r, 250));
  }
  v2 = new StatelessClient({ name: 'gateway-day2-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await v2.connect(new StatelessTransport(new URL(gateway.mcp)));
});

after(async () => {
  await v1?.close();
  await v2?.close();
  await gateway?.stop();
  await backend?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

// Calls a cnpg_ tool through the gateway with the given client; `ok` expects success with structured content.
async function ok(client, tool, args) {
  const result = await client.callTool({ name: `cnpg_${tool}`, arguments: args });
  assert.notEqual(result.isError, true, `${tool} failed: ${text(result)}`);
  assert.ok(result.structuredContent, `${tool} returned no structuredContent`);
  return result;
}

async function refused(client, tool, args, pattern) {
  const result = await client.callTool({ name: `cnpg_${tool}`, arguments: args });
  assert.equal(result.isError, true, `${tool} should have been refused: ${text(result)}`);
  assert.match(text(result), pattern);
  return result;
}

// An RFC 3339 UTC time, whole seconds, this many hours from now (negative: in the past).
const hoursFromNow = (hours) => new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

test('both clients see the day-2 tools under the cnpg_ prefix', async () => {
  assert.equal(v2.getNegotiatedProtocolVersion(), '2026-07-28');
  const day2 = ['create_postgres_backup', 'create_postgres_scheduled_backup', 'restore_postgres_cluster',
    'create_postgres_pooler', 'switchover_postgres_cluster', 'hibernate_postgres_cluster', 'wake_postgres_cluster'];
  for (const client of [v1, v2]) {
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const tool of day2) assert.ok(names.includes(`cnpg_${tool}`), `${tool} missing: ${names.join(', ')}`);
  }
});

test('backup: a dry run sends nothing, a backup now is requested with the cluster\'s method, and both clients list it', async () => {
  const before = await ok(v2, 'list_postgres_backups', { cluster_name: 'pg-sample' });
  assert.deepEqual(before.structuredContent.backups.map((b) => [b.method, b.phase]), [['plugin', 'completed']]);

  const preview = await ok(v1, 'create_postgres_backup', { cluster_name: 'pg-sample', backup_name: 'day2-now', dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  assert.equal((await ok(v2, 'list_postgres_backups', { cluster_name: 'pg-sample' })).structuredContent.count, 1);

  const taken = await ok(v1, 'create_postgres_backup', { cluster_name: 'pg-sample', backup_name: 'day2-now' });
  assert.match(text(taken), /Requested backup 'day2-now' of cluster 'pg-sample'/);
  assert.match(text(taken), /method plugin \(barman-cloud\.cloudnative-pg\.io\)/);
  const listed = await ok(v2, 'list_postgres_backups', { cluster_name: 'pg-sample' });
  assert.deepEqual(listed.structuredContent.backups.map((b) => b.name).sort(),
    ['day2-now', before.structuredContent.backups[0].name].sort());
  // The new Backup has no phase yet: the operator (here the Barman Cloud plugin) would move it to running, then
  // completed, and write its times, WAL range and backup ID.
  const got = await ok(v1, 'get_postgres_backup', { backup_name: 'day2-now' });
  assert.deepEqual([got.structuredContent.backup.name, got.structuredContent.backup.method, got.structuredContent.backup.phase],
    ['day2-now', 'plugin', undefined]);
});

test('scheduled backup: a five-field cron is refused, a six-field one is created and listed with its next runs', async () => {
  await refused(v1, 'create_postgres_scheduled_backup',
    { cluster_name: 'pg-sample', scheduled_backup_name: 'day2-nightly', schedule: '0 2 * * *' }, /has 5 field\(s\)/);
  const preview = await ok(v2, 'create_postgres_scheduled_backup',
    { cluster_name: 'pg-sample', scheduled_backup_name: 'day2-nightly', schedule: '0 0 2 * * *', dry_run: true });
  assert.equal(preview.structuredContent.dryRun, true);
  assert.equal((await ok(v1, 'list_postgres_scheduled_backups', { cluster_name: 'pg-sample' })).structuredContent.count, 0);

  const created = await ok(v1, 'create_postgres_scheduled_backup',
    { cluster_name: 'pg-sample', scheduled_backup_name: 'day2-nightly', schedule: '0 0 2 * * *' });
  assert.equal(created.structuredContent.nextRuns.length, 3);
  assert.ok(created.structuredContent.nextRuns.every((run) => /T02:00:00Z$/.test(run)), created.structuredContent.nextRuns.join(', '));
  const listed = await ok(v2, 'list_postgres_scheduled_backups', { cluster_name: 'pg-sample' });
  assert.deepEqual(listed.structuredContent.scheduledBackups.map((s) => [s.name, s.schedule, s.suspended]),
    [['day2-nightly', '0 0 2 * * *', false]]);
});

test('restore to a point in time: targets outside the recovery window are refused; a dry run shows the manifest; a new cluster is created', async () => {
  // The sample's only completed backup ended a day ago, so the window starts then and ends now.
  await refused(v1, 'restore_postgres_cluster', { name: 'orders-pitr', source_cluster: 'pg-sample', target_time: hoursFromNow(-48) },
    /outside the recovery window of cluster 'pg-sample'/);
  await refused(v2, 'restore_postgres_cluster', { name: 'orders-pitr', source_cluster: 'pg-sample', target_time: hoursFromNow(2) },
    /is in the future/);
  await refused(v1, 'restore_postgres_cluster', { name: 'pg-sample', source_cluster: 'pg-sample', target_time: hoursFromNow(-6) },
    /already exists/);
  const names = async (client) => (await ok(client, 'list_postgres_clusters', {})).structuredContent.clusters.map((c) => c.name);
  assert.deepEqual(await names(v2), ['pg-sample']);

  const target = hoursFromNow(-6);
  const preview = await ok(v2, 'restore_postgres_cluster', { name: 'orders-pitr', source_cluster: 'pg-sample', target_time: target, dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  assert.match(text(preview), /externalClusters/);
  assert.match(text(preview), new RegExp(`targetTime.{0,5}${target}`));
  assert.deepEqual(await names(v1), ['pg-sample']);

  const restored = await ok(v1, 'restore_postgres_cluster', { name: 'orders-pitr', source_cluster: 'pg-sample', target_time: target });
  assert.match(text(restored), /recovered from the backups and WAL archive of cluster 'pg-sample'/);
  assert.equal(restored.structuredContent.recovery.recoveryTarget.targetTime, target);
  assert.deepEqual(await names(v2), ['orders-pitr', 'pg-sample']);
  // The operator would now run the recovery job and report the new cluster's phase; until then it has no status.
  const status = await ok(v2, 'get_cluster_status', { cluster_name: 'orders-pitr' });
  assert.match(text(status), /no status yet/);
});

test('pooler: created after a dry run, listed, scaled and read back', async () => {
  const preview = await ok(v1, 'create_postgres_pooler', { cluster_name: 'pg-sample', pool_mode: 'transaction', dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  assert.equal((await ok(v2, 'list_postgres_poolers', { cluster_name: 'pg-sample' })).structuredContent.poolers.length, 0);

  const created = await ok(v1, 'create_postgres_pooler', { cluster_name: 'pg-sample', pool_mode: 'transaction' });
  assert.match(text(created), /Created pooler 'pg-sample-pooler-rw'/);
  await ok(v2, 'scale_postgres_pooler', { pooler_name: 'pg-sample-pooler-rw', instances: 2 });
  // The operator would create the PgBouncer Deployment and its Service and report the running pods.
  const listed = await ok(v1, 'list_postgres_poolers', { cluster_name: 'pg-sample' });
  assert.deepEqual(listed.structuredContent.poolers.map((p) => [p.name, p.type, p.poolMode, p.instances, p.service]),
    [['pg-sample-pooler-rw', 'rw', 'transaction', 2, 'pg-sample-pooler-rw.default.svc:5432']]);
});

test('switchover: the current primary and a missing instance are refused; a dry run, then the switchover, is requested and read back', async () => {
  await refused(v1, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 'pg-sample-1', confirm: true },
    /'pg-sample-1' is already the primary of cluster 'pg-sample'/);
  await refused(v2, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 9, confirm: true },
    /has no instance 'pg-sample-9'.*Its instances: pg-sample-1, pg-sample-2, pg-sample-3/s);
  await refused(v1, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 2 }, /needs confirm=true/);

  const preview = await ok(v2, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 2, dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  assert.equal(preview.structuredContent.statusPatch.status.targetPrimary, 'pg-sample-2');
  let status = await ok(v1, 'get_cluster_status', { cluster_name: 'pg-sample' });
  assert.equal(status.structuredContent.cluster.targetPrimary, undefined);

  const requested = await ok(v1, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 'pg-sample-2', confirm: true });
  assert.match(text(requested), /Switchover of cluster 'pg-sample' to 'pg-sample-2' requested/);
  assert.deepEqual([requested.structuredContent.from, requested.structuredContent.to], ['pg-sample-1', 'pg-sample-2']);
  status = await ok(v2, 'get_cluster_status', { cluster_name: 'pg-sample' });
  assert.equal(status.structuredContent.cluster.currentPrimary, 'pg-sample-1');
  assert.equal(status.structuredContent.cluster.targetPrimary, 'pg-sample-2');
  assert.match(text(status), /switching the primary to pg-sample-2/);
  // The operator would now stop pg-sample-1, promote pg-sample-2 and report it as currentPrimary; while the switch is
  // in flight a second one is refused.
  await refused(v1, 'switchover_postgres_cluster', { cluster_name: 'pg-sample', instance: 3, confirm: true },
    /already moving its primary from 'pg-sample-1' to 'pg-sample-2'/);
});

test('hibernate: refused without confirm, previewed, requested, and not repeated', async () => {
  await refused(v2, 'hibernate_postgres_cluster', { cluster_name: 'pg-sample' }, /needs confirm=true/);
  const preview = await ok(v1, 'hibernate_postgres_cluster', { cluster_name: 'pg-sample', dry_run: true });
  assert.match(text(preview), /Dry run, nothing was sent/);
  assert.equal(preview.structuredContent.dryRun, true);
  // Nothing was sent: the cluster is not hibernating, so waking it changes nothing.
  const notYet = await ok(v2, 'wake_postgres_cluster', { cluster_name: 'pg-sample' });
  assert.equal(notYet.structuredContent.changed, false);

  const requested = await ok(v1, 'hibernate_postgres_cluster', { cluster_name: 'pg-sample', confirm: true });
  assert.match(text(requested), /Hibernation of cluster 'pg-sample' requested/);
  assert.equal(requested.structuredContent.changed, true);
  const again = await ok(v2, 'hibernate_postgres_cluster', { cluster_name: 'pg-sample', confirm: true });
  assert.equal(again.structuredContent.changed, false);
  assert.match(text(again), /already hibernated or hibernating \(annotation cnpg\.io\/hibernation is 'on'\)/);
  // The operator would delete the pods and set the condition cnpg.io/hibernation, which get_cluster_status shows as
  // hibernated; without it the cluster still reports its last state.
});

test('wake: requested, then nothing left to wake', async () => {
  const woken = await ok(v2, 'wake_postgres_cluster', { cluster_name: 'pg-sample' });
  assert.match(text(woken), /Wake-up of cluster 'pg-sample' requested/);
  assert.equal(woken.structuredContent.changed, true);
  const again = await ok(v1, 'wake_postgres_cluster', { cluster_name: 'pg-sample' });
  assert.equal(again.structuredContent.changed, false);
  assert.match(text(again), /not hibernated \(annotation cnpg\.io\/hibernation is 'off'\)/);
});

test('bad input changed nothing: the clusters, backups, schedules and poolers are those the scenario made', async () => {
  const clusters = await ok(v1, 'list_postgres_clusters', {});
  assert.deepEqual(clusters.structuredContent.clusters.map((c) => c.name), ['orders-pitr', 'pg-sample']);
  assert.equal((await ok(v2, 'list_postgres_backups', { cluster_name: 'pg-sample' })).structuredContent.count, 2);
  assert.equal((await ok(v1, 'list_postgres_scheduled_backups', { cluster_name: 'pg-sample' })).structuredContent.count, 1);
  assert.equal((await ok(v2, 'list_postgres_poolers', {})).structuredContent.poolers.length, 1);
});
