// Benchmark: tool-call latency of the packaged CNPG backend in sandbox mode, measured by the official MCP
// TypeScript SDK client, with MCP ping as the baseline (protocol + HTTP cost without any tool work).
//   ./mvnw -pl cnpg-backend package -DskipTests && node e2e/bench-cnpg-backend.mjs [calls]
// Prints p50/p90/p99 per call and each call's p50 as a ratio to ping's. Figures, not assertions.
// The sql toolset runs against a real PostgreSQL the bench starts (Debian's postgresql package, e2e/lib/postgres.mjs):
// cnpg.sandbox.postgres-port points the sample cluster's Services at it, and its application role gets the password
// of the sandbox's application secret, read as a person would, with get_postgres_connection_info.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startPostgres } from './lib/postgres.mjs';

const calls = Number(process.argv[2] ?? 300);
const warmup = 200;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jar = path.join(root, 'cnpg-backend', 'target', 'cnpg-backend.jar');

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const postgres = await startPostgres();
// Every toolset the cases use, sql included, its Services answered by the PostgreSQL above.
const backend = spawn('java', ['-jar', jar, '--cnpg.kubernetes.mode=sandbox', '--server.address=127.0.0.1',
  `--server.port=${port}`, '--logging.level.root=WARN', `--cnpg.sandbox.postgres-port=${postgres.port}`,
  '--cnpg.tools.toolsets=clusters,roles,databases,backups,poolers,operations,diagnostics,sql'],
{ stdio: 'ignore' });
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  backend.kill('SIGTERM');
  postgres.stop();
};
process.on('exit', stop);

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/actuator/health/readiness`)).ok) break; } catch { /* starting */ }
  if (i > 360) throw new Error('backend not ready after 90 s');
  await new Promise((r) => setTimeout(r, 250));
}

const client = new Client({ name: 'bench', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));

// The sample cluster's application database, as CNPG's bootstrap makes it: role app owning database app, with the
// password the sandbox keeps in the cluster's application secret.
const info = await client.callTool({ name: 'get_postgres_connection_info',
  arguments: { cluster_name: 'pg-sample', include_password: true, confirm: true } });
if (info.isError || !/^[A-Za-z0-9]+$/.test(info.structuredContent?.password ?? '')) {
  throw new Error(`no usable application password from the sandbox: ${JSON.stringify(info.content)}`);
}
postgres.psql('postgres', `CREATE ROLE app LOGIN PASSWORD '${info.structuredContent.password}'`);
postgres.psql('postgres', 'CREATE DATABASE app OWNER app');
postgres.psql('app', 'CREATE EXTENSION pg_stat_statements');
postgres.psql('app', `SET ROLE app; CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
  INSERT INTO orders SELECT i, 'customer ' || i, i * 10 FROM generate_series(1, 10000) AS i; ANALYZE orders`);

const cases = {
  'ping (baseline)': () => client.ping(),
  list_postgres_clusters: () => client.callTool({ name: 'list_postgres_clusters', arguments: {} }),
  'get_cluster_status detailed': () => client.callTool({ name: 'get_cluster_status', arguments: { name: 'pg-sample', detail_level: 'detailed' } }),
  list_postgres_poolers: () => client.callTool({ name: 'list_postgres_poolers', arguments: {} }),
  'switchover refused (primary)': () => client.callTool({ name: 'switchover_postgres_cluster', arguments: { cluster_name: 'pg-sample', instance: 1, confirm: true } }),
  'create_postgres_cluster dry_run': () => client.callTool({ name: 'create_postgres_cluster', arguments: { name: 'bench', dry_run: true } }),
  list_postgres_backups: () => client.callTool({ name: 'list_postgres_backups', arguments: { cluster_name: 'pg-sample' } }),
  'restore_postgres_cluster refused': () => client.callTool({ name: 'restore_postgres_cluster', arguments: { name: 'pg-sample', source_cluster: 'pg-sample' } }),
  'invalid arguments (no API call)': () => client.callTool({ name: 'scale_postgres_cluster', arguments: { name: 'Bad', instances: 99 } }),
  get_postgres_cluster_health: () => client.callTool({ name: 'get_postgres_cluster_health', arguments: { cluster_name: 'pg-sample' } }),
  list_postgres_cluster_events: () => client.callTool({ name: 'list_postgres_cluster_events', arguments: { cluster_name: 'pg-sample' } }),
  get_postgres_connection_info: () => client.callTool({ name: 'get_postgres_connection_info', arguments: { cluster_name: 'pg-sample' } }),
  'run_postgres_query 20 rows': () => client.callTool({ name: 'run_postgres_query', arguments: { cluster_name: 'pg-sample', query: 'SELECT id, customer, total FROM orders WHERE id > 100 ORDER BY id LIMIT 20' } }),
  'run_postgres_diagnostic table_sizes': () => client.callTool({ name: 'run_postgres_diagnostic', arguments: { cluster_name: 'pg-sample', check: 'table_sizes' } }),
  'run_postgres_diagnostic slow_queries': () => client.callTool({ name: 'run_postgres_diagnostic', arguments: { cluster_name: 'pg-sample', check: 'slow_queries' } }),
  'run_postgres_query refused': () => client.callTool({ name: 'run_postgres_query', arguments: { cluster_name: 'pg-sample', query: 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d' } }),
};

// Each SQL case must really reach PostgreSQL and answer (the refused one must be refused), or its figures mean nothing.
for (const name of Object.keys(cases).filter((n) => n.startsWith('run_postgres_'))) {
  const result = await cases[name]();
  const answer = result.content.map((c) => c.text ?? '').join('\n');
  if (Boolean(result.isError) !== name.endsWith('refused')) throw new Error(`${name}: ${answer}`);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
// Warm every path up, then measure round-robin so that no case profits from running later (JIT, caches).
for (let i = 0; i < warmup; i++) for (const run of Object.values(cases)) await run();
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < calls; i++) {
  for (const [name, run] of Object.entries(cases)) {
    const t = process.hrtime.bigint();
    await run();
    samples[name].push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
const results = {};
for (const [name, s] of Object.entries(samples)) {
  s.sort((a, b) => a - b);
  results[name] = { p50: pct(s, 0.5), p90: pct(s, 0.9), p99: pct(s, 0.99) };
}
await client.close();
stop();

const baseline = results['ping (baseline)'].p50;
console.log(`cnpg-backend sandbox, ${calls} sequential calls each after ${warmup} warm-up, node ${process.version}; `
  + `SQL against ${postgres.version} on loopback (TLS, SCRAM, a new connection per query)`);
console.log('call'.padEnd(34) + 'p50 ms'.padStart(9) + 'p90 ms'.padStart(9) + 'p99 ms'.padStart(9) + '  p50 / ping');
for (const [name, r] of Object.entries(results)) {
  console.log(name.padEnd(34) + r.p50.toFixed(2).padStart(9) + r.p90.toFixed(2).padStart(9) + r.p99.toFixed(2).padStart(9)
    + `  ${(r.p50 / baseline).toFixed(2)}x`);
}
