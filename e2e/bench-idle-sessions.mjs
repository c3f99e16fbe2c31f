// Benchmark: what idle MCP sessions cost the gateway's heap. For each store (memory: one replica, as ./run runs it;
// redis: the chart's, a real redis-server) a fresh gateway gets SESSIONS (default 100,000) sessions the way a client
// opens them (initialize, notifications/initialized, tools/list) and, with CALL=1 (the default), one tool call each
// to a backend without sessions; then they stay idle. The heap in use after a full GC, before and after, gives the
// cost per session; for Redis, Redis's own memory too.
//   ./mvnw -pl gateway package -DskipTests && (cd e2e && npm ci) && node e2e/bench-idle-sessions.mjs [stores]
// stores: memory,redis (both by default). JCMD: the jcmd of the JDK that runs `java` (found next to it by default).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startJar, freePort } from './lib/servers.mjs';

const sessions = Number(process.env.SESSIONS ?? 100000);
const withCall = process.env.CALL !== '0';
const stores = (process.argv[2] ?? 'memory,redis').split(',');
const here = path.dirname(fileURLToPath(import.meta.url));
const jcmd = process.env.JCMD ?? path.join(path.dirname(realpathSync(execFileSync('which', ['java']).toString().trim())), 'jcmd');

const children = [];
process.on('exit', () => { for (const child of children) { try { child.kill('SIGKILL'); } catch { /* gone */ } } });

async function startBackend() {
  const port = await freePort();
  const child = spawn('node', [path.join(here, 'lib', 'sessionless-server.mjs'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return `http://127.0.0.1:${port}/mcp`;
}

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((resolve) => child.stdout.on('data', (d) => { if (String(d).includes('Ready to accept')) resolve(); }));
  return { port, usedBytes: () => Number(/used_memory:(\d+)/.exec(execFileSync('redis-cli', ['-p', String(port), 'info', 'memory']).toString())[1]) };
}

// Heap in use after full collections (G1: "garbage-first heap total ...K, used ...K").
function heapUsedBytes(pid) {
  execFileSync(jcmd, [String(pid), 'GC.run']);
  execFileSync(jcmd, [String(pid), 'GC.run']);
  const info = execFileSync(jcmd, [String(pid), 'GC.heap_info']).toString();
  return Number(/heap\s+total \d+K, used (\d+)K/.exec(info)[1]) * 1024;
}

const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
async function post(url, body, session) {
  const response = await fetch(url, { method: 'POST', headers: session ? { ...headers, 'mcp-session-id': session } : headers,
    body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${body.method}: HTTP ${response.status} ${text}`);
  return { session: response.headers.get('mcp-session-id'), text };
}

// One client's opening, as the SDK clients do it, and (with CALL) one call.
async function openSession(url) {
  const { session } = await post(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25',
    capabilities: { roots: { listChanged: true }, elicitation: {} }, clientInfo: { name: 'claude-code', version: '2.1.0' } } });
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, session);
  if (withCall) {
    const { text } = await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'idle_add', arguments: { a: 1, b: 2 } } }, session);
    // A JSON body, or an event stream whose last data line is the answer.
    const answer = JSON.parse(text.trimStart().startsWith('{') ? text : text.split('\n').filter((line) => line.startsWith('data:')).at(-1).slice(5));
    if (answer.result?.isError || answer.result?.content?.[0]?.text !== '3') throw new Error(`unexpected call answer ${text}`);
  }
}

async function measure(store) {
  const backend = await startBackend();
  const repo = mkdtempSync(path.join(tmpdir(), 'bench-idle-config-'));
  writeFileSync(path.join(repo, 'backends.yaml'), `backends:\n  - name: idle\n    url: ${backend}\n`);
  const redis = store === 'redis' ? await startRedis() : null;
  const args = [`--gateway.config-repo.uri=${repo}`, '--logging.level.root=WARN', `--gateway.store=${store}`,
    // Idle sessions outlive the run: the default idle timeout would not reap them during it anyway.
    '--gateway.session-idle-timeout=2h',
    ...(redis ? ['--spring.data.redis.host=127.0.0.1', `--spring.data.redis.port=${redis.port}`] : [])];
  const gateway = await startJar('gateway', 'gateway/target/gateway.jar', args);
  try {
    // Warm the path up, so that what is measured is sessions, not loaded classes and compiled code.
    await Promise.all(Array.from({ length: 16 }, async () => { for (let i = 0; i < 100; i++) await openSession(gateway.mcp); }));
    const heapBefore = heapUsedBytes(gateway.pid);
    const redisBefore = redis?.usedBytes() ?? 0;
    const started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < sessions) await openSession(gateway.mcp); }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const heapAfter = heapUsedBytes(gateway.pid);
    const redisAfter = redis?.usedBytes() ?? 0;
    return { store, heapBefore, heapAfter, perSession: (heapAfter - heapBefore) / sessions, redis: redisAfter - redisBefore,
      rate: sessions / seconds };
  } finally {
    await gateway.stop();
  }
}

const rows = [];
for (const store of stores) {
  rows.push(await measure(store));
  const r = rows.at(-1);
  console.log(`${store}: heap ${(r.heapBefore / 2 ** 20).toFixed(1)} MB -> ${(r.heapAfter / 2 ** 20).toFixed(1)} MB, `
    + `${r.rate.toFixed(0)} sessions/s opened`);
}
console.log(`\n${sessions.toLocaleString('en')} idle sessions (initialize, initialized, tools/list${withCall ? ', one call' : ''}); `
  + `heap in use after a full GC, node ${process.version}`);
console.log('store'.padEnd(8) + 'heap added'.padStart(12) + 'per session'.padStart(13) + 'Redis memory added'.padStart(20));
for (const r of rows) {
  console.log(r.store.padEnd(8) + `${((r.heapAfter - r.heapBefore) / 2 ** 20).toFixed(1)} MB`.padStart(12)
    + `${r.perSession.toFixed(0)} B`.padStart(13) + (r.store === 'redis' ? `${(r.redis / 2 ** 20).toFixed(1)} MB` : '-').padStart(20));
}
process.exit(0);
