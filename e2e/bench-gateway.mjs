// Benchmark: what the gateway adds to a trivial tool call. server-everything's `echo` called directly and
// through the packaged gateway, side by side in one run, sequentially (one client) and concurrently.
//   ./mvnw -DskipTests package && (cd e2e && npm ci) && node e2e/bench-gateway.mjs [calls] [clients]
// (WARM_CALLS, default 30000, calls per path before measuring; ROUNDS, default 3, of sequential calls;
// PIN=1 to give the proxy and the gateway a core of their own, Linux only)
// Prints p50/p99 latency, calls/s and gateway/direct ratios. Figures, not verdicts.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/servers.mjs';
import { cpuMillis, startGatewayInFrontOfEverything } from './lib/gateway-bench.mjs';

const calls = Number(process.argv[2] ?? 500);
const clients = Number(process.argv[3] ?? 64);

// PIN=1 starts the gateway on the second core only, so that it sizes its event loops to one CPU as it would to a
// pod's limit of one.
const { everything, gateway } = await startGatewayInFrontOfEverything([],
  { cpus: process.env.PIN === '1' ? '1' : undefined });

async function connect(url) {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  // Ends the session on the server too (DELETE): server-everything keeps every session it was not told to
  // end, timers included, and grows slower with each; the gateway passes the DELETE on to its backend sessions.
  client.disconnect = async () => { await transport.terminateSession(); await client.close(); };
  return client;
}

// A bare reverse proxy in its own process: what one more hop costs here, whatever it does.
const proxyPort = await freePort();
const proxy = spawn('node', [path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'bare-proxy.mjs'), String(proxyPort),
  new URL(everything.mcp).origin], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => proxy.stdout.once('data', resolve));
// PIN=1: this client and the backend share the first core, the process in the middle (proxy or gateway) has
// the second to itself, as a gateway has in production; by default all share both cores (Linux taskset).
if (process.env.PIN === '1') {
  for (const [cpu, pid] of [[0, process.pid], [0, everything.pid], [1, gateway.pid], [1, proxy.pid]]) {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], { stdio: 'ignore' });
  }
}
// Whatever ends this run, the servers it started end with it; a failed run shows the end of the gateway's log.
process.on('exit', (code) => {
  if (code !== 0) console.error(`gateway log, last lines:\n${gateway.log().split('\n').slice(-30).join('\n')}`);
  for (const pid of [gateway.pid, everything.pid, proxy.pid]) {
    try { process.kill(pid); } catch { /* already gone */ }
  }
});

// The process in the middle of each path, whose CPU time per call is its own cost, whatever the other
// processes on the machine do to its latency (Linux /proc; 10 ms ticks, so only meaningful over many calls).
const targets = { direct: { url: everything.mcp, tool: 'echo', pid: null },
  proxy: { url: `http://127.0.0.1:${proxyPort}${new URL(everything.mcp).pathname}`, tool: 'echo', pid: proxy.pid },
  gateway: { url: gateway.mcp, tool: 'everything_echo', pid: gateway.pid } };

// Warm every path up before anything is measured. The gateway's JIT needs tens of thousands of calls:
// after 3,000 its compiler threads still take half of its CPU (async-profiler), and on a small machine they
// take it from the client and the server too. As many clients at once as the measured run has get there in
// seconds, along the same paths (with fewer, the first run at full concurrency still compiled hundreds of methods).
const warmCalls = Number(process.env.WARM_CALLS ?? 30000);
for (const target of Object.values(targets)) {
  const warmers = await Promise.all(Array.from({ length: clients }, () => connect(target.url)));
  await Promise.all(warmers.map(async (c) => {
    for (let i = 0; i < warmCalls / clients; i++) await c.callTool({ name: target.tool, arguments: { message: 'warm' } });
  }));
  await Promise.all(warmers.map((c) => c.disconnect()));
}

// Waits until the process in the middle is quiet (under 5% of a core for half a second, at most 20 s). Opening the
// measured run's sessions takes the full way through the gateway, and its JIT compiles that code in the background
// for seconds after (hundreds of methods); measured then, the calls would pay for the compiler threads on these
// two cores. A gateway in production opened its sessions long ago.
async function quiet(pid) {
  if (!pid) return;
  const until = Date.now() + 20000;
  for (let before = cpuMillis(pid); Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuMillis(pid);
    if (now - before <= 25) return;
    before = now;
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function run(target, clientCount, perClient) {
  const connected = await Promise.all(Array.from({ length: clientCount }, () => connect(target.url)));
  const call = (c) => c.callTool({ name: target.tool, arguments: { message: 'hi' } });
  for (const c of connected) for (let i = 0; i < 20; i++) await call(c);
  await quiet(target.pid);
  const samples = [];
  const cpuBefore = cpuMillis(target.pid);
  const started = process.hrtime.bigint();
  await Promise.all(connected.map(async (c) => {
    for (let i = 0; i < perClient; i++) {
      const t = process.hrtime.bigint();
      await call(c);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (cpuMillis(target.pid) - cpuBefore) / samples.length;
  await Promise.all(connected.map((c) => c.disconnect()));
  samples.sort((a, b) => a - b);
  return { p50: pct(samples, 0.5), p99: pct(samples, 0.99), rate: samples.length / seconds, cpu };
}

// Sequential: the three paths take turns, call by call, so that whatever else the machine does at a moment
// weighs on all three alike. The JIT keeps reshaping the gateway's code for a while after the warm-up (C2
// still compiles, and a few methods are deoptimised and compiled again), so the turns run in rounds and the
// table shows the last; the earlier rounds are printed to show the settling.
async function interleaved(rounds, perRound) {
  const order = [targets.direct, targets.proxy, targets.gateway];
  let last;
  for (let round = 1; round <= rounds; round++) {
    // New clients every round: the SDK's client adds an abort listener per call that it never removes
    // (Node warns of it), and grows slower with them, by about a fifth over 20,000 calls.
    const connected = await Promise.all(order.map((t) => connect(t.url)));
    const call = (k) => connected[k].callTool({ name: order[k].tool, arguments: { message: 'hi' } });
    for (let k = 0; k < order.length; k++) for (let i = 0; i < 20; i++) await call(k);
    for (const t of order) await quiet(t.pid);
    const samples = order.map(() => []);
    const cpuBefore = order.map((t) => cpuMillis(t.pid));
    for (let i = 0; i < perRound; i++) {
      for (let j = 0; j < order.length; j++) {
        const k = (i + j) % order.length;
        const t = process.hrtime.bigint();
        await call(k);
        samples[k].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    last = order.map((t, k) => {
      const sorted = samples[k].sort((a, b) => a - b);
      const busy = sorted.reduce((sum, ms) => sum + ms, 0) / 1000;
      return { p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), rate: perRound / busy,
        cpu: (cpuMillis(t.pid) - cpuBefore[k]) / perRound };
    });
    await Promise.all(connected.map((c) => c.disconnect()));
    console.log(`sequential round ${round}/${rounds}: direct p50 ${last[0].p50.toFixed(2)} ms, added p50 proxy `
      + `${(last[1].p50 - last[0].p50).toFixed(2)} ms, gateway ${(last[2].p50 - last[0].p50).toFixed(2)} ms; `
      + `gateway CPU per call ${last[2].cpu.toFixed(3)} ms`);
  }
  return { direct: last[0], bare: last[1], through: last[2] };
}

const rows = [];
const rounds = Number(process.env.ROUNDS ?? 3);
rows.push({ mode: 'sequential', ...(await interleaved(rounds, calls)) });
{
  const perClient = Math.max(10, Math.floor(calls / 4));
  const direct = await run(targets.direct, clients, perClient);
  const bare = await run(targets.proxy, clients, perClient);
  const through = await run(targets.gateway, clients, perClient);
  rows.push({ mode: `${clients} clients`, direct, bare, through });
}
await gateway.stop();
await everything.stop();
proxy.kill();

console.log(`server-everything echo: direct, through a bare Node proxy (one more hop, no work), through the gateway; node ${process.version}`);
console.log('mode'.padEnd(13) + 'direct p50/p99'.padStart(16) + 'proxy p50/p99'.padStart(16) + 'gateway p50/p99'.padStart(18)
  + 'added: proxy'.padStart(14) + 'gateway'.padStart(9) + 'direct/s'.padStart(10) + 'proxy/s'.padStart(9) + 'gateway/s'.padStart(11)
  + '  gateway/direct  gateway/proxy');
const ms = (r) => `${r.p50.toFixed(2)}/${r.p99.toFixed(2)}`;
for (const { mode, direct, bare, through } of rows) {
  console.log(mode.padEnd(13) + ms(direct).padStart(16) + ms(bare).padStart(16) + ms(through).padStart(18)
    + (bare.p50 - direct.p50).toFixed(2).padStart(14) + (through.p50 - direct.p50).toFixed(2).padStart(9)
    + direct.rate.toFixed(0).padStart(10) + bare.rate.toFixed(0).padStart(9) + through.rate.toFixed(0).padStart(11)
    + `  ${(through.rate / direct.rate * 100).toFixed(0)}%`.padEnd(16) + `${(through.rate / bare.rate * 100).toFixed(0)}%`);
}
console.log('CPU per call of the process in the middle (ms): ' + rows.map(({ mode, bare, through }) =>
  `${mode}: proxy ${bare.cpu.toFixed(3)}, gateway ${through.cpu.toFixed(3)}`).join('; '));
console.log('Sequential rows: the last round, the three paths taking turns call by call; calls/s there are one client\'s, back to back.');
console.log(`Times in ms. Figures, not verdicts: ${process.env.PIN === '1' ? 'client and server share one core, the proxy and the gateway'
  + ' the other' : 'client, proxy, gateway and server share this machine\'s cores (PIN=1 gives the middle process a core of its own)'}.`);
