// What the gateway benchmarks share: the packaged gateway in front of server-everything, a process's CPU time,
// and the wait until the gateway lists everything's tools.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startEverything, startJar } from './servers.mjs';

// server-everything (streamable HTTP) and the packaged gateway with it as its one backend, `everything`, once the
// gateway lists its tools. `args` are more gateway settings; `cpus` starts the gateway on those CPUs (startJar).
export async function startGatewayInFrontOfEverything(args = [], { cpus } = {}) {
  const everything = await startEverything();
  const repo = mkdtempSync(path.join(tmpdir(), 'bench-config-repo-'));
  writeFileSync(path.join(repo, 'backends.yaml'), 'backends:\n  - name: everything\n    url: ${EVERYTHING_URL}\n');
  const gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${repo}`,
    '--logging.level.root=WARN', ...args], { EVERYTHING_URL: everything.mcp }, undefined, { cpus });
  await untilListed(gateway.mcp, 'everything_echo');
  return { everything, gateway };
}

// Waits (20 s at most) until the MCP endpoint at `url` lists the tool `name`: the gateway is ready before its
// backends have connected. The probe's session is ended (DELETE), as server-everything keeps every other one.
async function untilListed(url, name) {
  const client = new Client({ name: 'bench-probe', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  for (let i = 0; i < 80 && !(await client.listTools()).tools.some((tool) => tool.name === name); i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  await transport.terminateSession();
  await client.close();
}

// The CPU time (user and system) a process has used, in ms, from Linux's /proc (10 ms ticks, so only meaningful
// over many calls); 0 without a process, NaN once it is gone.
export function cpuMillis(pid) {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return NaN; }
}
