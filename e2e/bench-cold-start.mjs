// Benchmark: how soon a new gateway replica serves at its steady-state latency. Each variant is a fresh gateway
// process in front of the same server-everything; the run prints, side by side:
//   - time to ready: from the process's spawn to its readiness probe answering 200;
//   - the p50 of the first 1,000 calls after ready (one client, back to back), and of each second after ready;
//   - the steady-state p50, after WARM_CALLS (default 30,000) calls from 32 clients;
//   - when the gateway first served a whole second at no more than 1.25 times its steady-state p50.
//   ./mvnw -pl gateway package -DskipTests -Dimage.java.home=<a JDK 25> && (cd e2e && npm ci) \
//     && node e2e/bench-cold-start.mjs [variants]
// Variants (comma-separated; all by default):
//   jar        java -jar gateway.jar on the default `java` (how ./run and the e2e tests start it);
//   image      the gateway image (gateway/target/jib-image.tar, unpacked) run as its entrypoint runs it: its own Java
//              runtime, its class path and its AOT cache, if the build made one (see docs/operations.md);
//   image-cold the same without the AOT cache.
// COLD_SECONDS (default 20) is how long the cold phase lasts. Figures, not verdicts: a fresh process's first seconds
// are the ones most disturbed by whatever else the machine does, so compare rows of one run, on a quiet machine.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startEverything, freePort } from './lib/servers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fatJar = path.join(root, 'gateway', 'target', 'gateway.jar');
const imageTar = path.join(root, 'gateway', 'target', 'jib-image.tar');
const coldSeconds = Number(process.env.COLD_SECONDS ?? 20);
const warmCalls = Number(process.env.WARM_CALLS ?? 30000);
const variants = (process.argv[2] ?? 'jar,image-cold,image').split(',');
if (variants.includes('jar') && !existsSync(fatJar)) throw new Error(`${fatJar} is missing: ./mvnw -pl gateway package -DskipTests first`);
if (variants.some((v) => v.startsWith('image')) && !existsSync(imageTar)) {
  throw new Error(`${imageTar} is missing: ./mvnw -pl gateway package -DskipTests (without -Djib.skip) first`);
}

const everything = await startEverything();
const repo = mkdtempSync(path.join(tmpdir(), 'bench-cold-config-'));
writeFileSync(path.join(repo, 'backends.yaml'), 'backends:\n  - name: everything\n    url: ${EVERYTHING_URL}\n');
const work = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
const running = new Set();
process.on('exit', () => {
  for (const child of running) { try { child.kill('SIGKILL'); } catch { /* gone */ } }
  try { process.kill(everything.pid); } catch { /* gone */ }
});

// The image's root file system, unpacked here: its layers in order (a container runtime's view, without one).
const image = path.join(work, 'image');
let imageJvmOptions = [];
if (variants.some((v) => v.startsWith('image'))) {
  const tar = path.join(work, 'tar');
  mkdirSync(tar);
  mkdirSync(image);
  execFileSync('tar', ['-xf', imageTar, '-C', tar]);
  for (const layer of JSON.parse(readFileSync(path.join(tar, 'manifest.json'), 'utf8'))[0].Layers) {
    execFileSync('tar', ['-xzf', path.join(tar, layer), '-C', image], { stdio: ['ignore', 'ignore', 'ignore'] });
  }
  imageJvmOptions = readFileSync(path.join(image, 'app', 'aot', 'jvm-options'), 'utf8').split('\n').filter(Boolean);
  if (variants.includes('image') && imageJvmOptions.length === 0) {
    console.log('note: the image has no AOT cache (built with a Java runtime older than 25): image and image-cold are alike');
  }
}

// The image's entrypoint, its paths under the unpacked root (the JVM accepts a cache whose jars moved as a whole).
function imageCommand(withCache) {
  const config = JSON.parse(readFileSync(path.join(work, 'tar', JSON.parse(readFileSync(path.join(work, 'tar', 'manifest.json'), 'utf8'))[0].Config), 'utf8'));
  const entrypoint = config.config.Entrypoint.map((arg) => arg
    .replace('-XX:VMOptionsFile=/app/aot/jvm-options', '')
    .replace('@/app/aot/classpath', readFileSync(path.join(image, 'app', 'aot', 'classpath'), 'utf8').replaceAll('/app/', `${image}/app/`)))
    .filter(Boolean);
  const cache = withCache ? imageJvmOptions.map((option) => option.replace('=/app/', `=${image}/app/`)) : [];
  return [path.join(image, entrypoint[0]), [...entrypoint.slice(1, -1), ...cache], entrypoint.at(-1)];
}

function launch(variant, port) {
  const [java, jvmOptions, target] = variant === 'jar' ? ['java', [], ['-jar', fatJar]]
    : (([java, options, main]) => [java, options, [main]])(imageCommand(variant === 'image'));
  const child = spawn(java, [...jvmOptions, ...target, '--server.address=127.0.0.1', `--server.port=${port}`,
    `--gateway.config-repo.uri=${repo}`, '--logging.level.root=WARN', '--logging.structured.format.console='],
  { cwd: work, env: { ...process.env, EVERYTHING_URL: everything.mcp }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { child, log: () => Buffer.concat(output).toString() };
}

async function untilReady(base, process, log) {
  for (;;) {
    if (process.exitCode !== null) throw new Error(`the gateway exited with ${process.exitCode}:\n${log()}`);
    try { if ((await fetch(`${base}/actuator/health/readiness`)).ok) return; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function connect(url) {
  const client = new Client({ name: 'bench-cold', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  client.disconnect = async () => { await transport.terminateSession(); await client.close(); };
  return client;
}

const echo = (client) => client.callTool({ name: 'everything_echo', arguments: { message: 'hi' } });
const p50 = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Calls back to back from `clients` clients, `perClient` each.
async function load(url, clients, perClient) {
  const connected = await Promise.all(Array.from({ length: clients }, () => connect(url)));
  await Promise.all(connected.map(async (c) => { for (let i = 0; i < perClient; i++) await echo(c); }));
  await Promise.all(connected.map((c) => c.disconnect()));
}

async function measure(variant) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const spawned = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - spawned) / 1e6;
  const { child, log } = launch(variant, port);
  await untilReady(base, child, log);
  const readyMs = since();
  // The cold phase: one client, back to back, from the moment the replica is ready.
  const samples = [];
  const client = await connect(`${base}/mcp`);
  while (since() - readyMs < coldSeconds * 1000) {
    const t = since();
    await echo(client);
    samples.push({ at: t, ms: since() - t });
  }
  await client.disconnect();
  await load(`${base}/mcp`, 32, Math.ceil(warmCalls / 32));
  const steadyClient = await connect(`${base}/mcp`);
  const steady = [];
  for (let i = 0; i < 2000; i++) {
    const t = since();
    await echo(steadyClient);
    steady.push(since() - t);
  }
  await steadyClient.disconnect();
  await stop(child);
  const steadyP50 = p50(steady);
  const seconds = Array.from({ length: coldSeconds }, (_, s) => samples
    .filter((x) => x.at - readyMs >= s * 1000 && x.at - readyMs < (s + 1) * 1000).map((x) => x.ms));
  const firstSteady = seconds.findIndex((window) => window.length > 0 && p50(window) <= steadyP50 * 1.25);
  return { variant, readyMs, first1000: p50(samples.slice(0, 1000).map((x) => x.ms)), coldCalls: samples.length,
    seconds: seconds.map((w) => (w.length ? p50(w) : NaN)), steadyP50,
    steadyAt: firstSteady < 0 ? null : readyMs + (firstSteady + 1) * 1000 };
}

const rows = [];
for (const variant of variants) {
  rows.push(await measure(variant));
  const r = rows.at(-1);
  console.log(`${variant}: ready ${(r.readyMs / 1000).toFixed(2)} s, first 1,000 calls p50 ${r.first1000.toFixed(2)} ms, `
    + `steady p50 ${r.steadyP50.toFixed(2)} ms, p50 per second after ready: ${r.seconds.map((v) => v.toFixed(2)).join(' ')}`);
}
await everything.stop();

console.log(`\nA new gateway replica in front of server-everything's echo; node ${process.version}, load ${
  (await import('node:os')).loadavg()[0].toFixed(1)}`);
console.log('variant'.padEnd(11) + 'ready'.padStart(9) + 'first 1,000 p50'.padStart(17) + 'steady p50'.padStart(12)
  + 'first/steady'.padStart(14) + '  at steady (≤1.25×) from spawn');
for (const r of rows) {
  console.log(r.variant.padEnd(11) + `${(r.readyMs / 1000).toFixed(2)} s`.padStart(9) + `${r.first1000.toFixed(2)} ms`.padStart(17)
    + `${r.steadyP50.toFixed(2)} ms`.padStart(12) + `${(r.first1000 / r.steadyP50).toFixed(2)}×`.padStart(14)
    + `  ${r.steadyAt === null ? `not within ${coldSeconds} s of ready` : `${(r.steadyAt / 1000).toFixed(1)} s`}`);
}
process.exit(0);
