// Benchmark: the gateway's CPU per call in a steady state. Clients call server-everything's `echo` through the
// packaged gateway back to back for a while, and every 5 s it prints the calls per second, the gateway's CPU per
// call in those 5 s (from /proc, so Linux only) and the JIT's compilations so far (jstat, when JAVA_BIN's JDK has
// it): the figures settle once the JIT has, which takes tens of seconds.
//   ./mvnw -DskipTests package && (cd e2e && npm ci) && node e2e/bench-steady.mjs [seconds] [clients]
// GATEWAY_ARGS adds gateway settings (such as --gateway.event-loops=1). PROFILE_AT=<s> with ASYNC_PROFILER=<path
// of libasyncProfiler.so> records a CPU profile from that second for PROFILE_FOR seconds (default 20) into
// PROFILE_OUT (collapsed stacks, default steady.collapsed). Figures, not verdicts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cpuMillis, startGatewayInFrontOfEverything } from './lib/gateway-bench.mjs';

const seconds = Number(process.argv[2] ?? 120);
const clientCount = Number(process.argv[3] ?? 64);
const profileAt = Number(process.env.PROFILE_AT ?? 0);
const profileFor = Number(process.env.PROFILE_FOR ?? 20);

const { everything, gateway } = await startGatewayInFrontOfEverything(
  (process.env.GATEWAY_ARGS ?? '').split(' ').filter(Boolean));
process.on('exit', () => {
  for (const pid of [gateway.pid, everything.pid]) {
    try { process.kill(pid); } catch { /* already gone */ }
  }
});

// The JDK tools beside JAVA_BIN's java (jstat, jcmd), if it has them.
const jdkTool = (name) => {
  const tool = path.join(path.dirname(process.env.JAVA_BIN ?? ''), name);
  return process.env.JAVA_BIN && existsSync(tool) ? tool : null;
};
const compilations = () => {
  const jstat = jdkTool('jstat');
  if (!jstat) return 'n/a';
  // Compiled, Failed, Invalid, Time (s)
  const [compiled, , , time] = execFileSync(jstat, ['-compiler', String(gateway.pid)], { timeout: 10000 }).toString().trim().split('\n')[1]
    .trim().split(/\s+/);
  return `${compiled} compiled, ${time} s`;
};
const profiler = (command) => {
  const jcmd = jdkTool('jcmd');
  if (!jcmd || !process.env.ASYNC_PROFILER) throw new Error('PROFILE_AT needs JAVA_BIN (a JDK) and ASYNC_PROFILER');
  execFileSync(jcmd, [String(gateway.pid), 'JVMTI.agent_load', process.env.ASYNC_PROFILER, `"${command}"`],
    { timeout: 30000 });
};

async function connect() {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  return client;
}

const clients = await Promise.all(Array.from({ length: clientCount }, connect));
let calls = 0;
let stop = false;
const started = Date.now();
const callers = clients.map(async (client) => {
  while (!stop) {
    await client.callTool({ name: 'everything_echo', arguments: { message: 'hi' } });
    calls++;
  }
});
let profile = profileAt > 0 ? 'waiting' : 'off';
for (let lastCalls = 0, lastCpu = cpuMillis(gateway.pid); Date.now() - started < seconds * 1000;) {
  await new Promise((r) => setTimeout(r, 5000));
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuMillis(gateway.pid);
  console.log(`${elapsed.toFixed(0).padStart(4)} s: ${((calls - lastCalls) / 5).toFixed(0)} calls/s, gateway CPU per call `
    + `${((cpu - lastCpu) / Math.max(1, calls - lastCalls)).toFixed(3)} ms, JIT ${compilations()}`
    + (profile === 'on' ? ' (profiling)' : ''));
  [lastCalls, lastCpu] = [calls, cpu];
  if (profile === 'waiting' && elapsed >= profileAt) {
    profiler('start,event=cpu,interval=500us');
    profile = 'on';
  }
  else if (profile === 'on' && elapsed >= profileAt + profileFor) {
    const out = path.resolve(process.env.PROFILE_OUT ?? 'steady.collapsed');
    profiler(`stop,file=${out},collapsed`);
    console.log(`profile written to ${out}`);
    profile = 'done';
  }
}
stop = true;
await Promise.all(callers);
console.log(`${clientCount} clients through the gateway for ${seconds} s; node ${process.version}. The first lines include`
  + ' the JIT\'s work: read the CPU per call once it has settled.');
process.exit(0);
