// Benchmark: what the gateway adds to a trivial tool call for each kind of backend, in one run: a session
// streamable-HTTP server, the same server without sessions (stateless), a legacy HTTP+SSE server and a stdio
// server, and a REST API declared by its OpenAPI document (a GET, compared with a plain HTTP client: fetch). Each
// kind is called directly (the SDK client speaking that transport) and through the gateway, taking
// turns call by call, so that whatever else the machine does weighs on both alike.
//   ./mvnw -DskipTests -Djib.skip=true package && (cd e2e && npm ci) && node e2e/bench-kinds.mjs [calls]
// (WARM_CALLS, default 5000, calls through the gateway per kind before measuring)
// Prints p50/p99 latency, the gateway's added p50, calls/s of one client back to back, and the ratios.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { root, startEverything, startJar, startPetstore, startSessionlessServer } from './lib/servers.mjs';

const calls = Number(process.argv[2] ?? 1500);
const warmCalls = Number(process.env.WARM_CALLS ?? 5000);
const everythingScript = path.join(root, 'e2e', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

const session = await startSessionlessServer('sessions');
const stateless = await startSessionlessServer();
const everythingHttp = await startEverything();
const everythingSse = await startEverything(undefined, 'sse');
const petstore = await startPetstore();
const repo = mkdtempSync(path.join(tmpdir(), 'bench-kinds-repo-'));
writeFileSync(path.join(repo, 'backends.yaml'), `backends:
  - {name: session, url: "${session.mcp}"}
  - {name: stateless, url: "${stateless.mcp}"}
  - {name: http, url: "${everythingHttp.mcp}"}
  - {name: sse, url: "${everythingSse.mcp}", transport: sse}
  - name: stdio
    transport: stdio
    sharing: shared
    command: node
    args: ["${everythingScript}", stdio]
  - name: petstore
    transport: openapi
    url: "${petstore.base}/api/v3"
    auth: {type: none}
    openapi: {spec: "${petstore.base}/api/v3/openapi.yaml"}
`);
const gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${repo}`,
  '--gateway.backends.stdio.enabled=true', '--logging.level.root=WARN']);
const servers = [session, stateless, everythingHttp, everythingSse, petstore, gateway];
process.on('exit', () => { for (const s of servers) s.stop(); });

const stdioDirect = () => new StdioClientTransport({ command: 'node', args: [everythingScript, 'stdio'], stderr: 'ignore' });
// The same tool of the same server, directly and through the gateway (where its name carries the backend's prefix).
const kinds = [
  { kind: 'session', direct: () => new StreamableHTTPClientTransport(new URL(session.mcp)), tool: 'add', args: { a: 1, b: 2 } },
  { kind: 'stateless', direct: () => new StreamableHTTPClientTransport(new URL(stateless.mcp)), tool: 'add', args: { a: 1, b: 2 } },
  { kind: 'session (everything)', prefix: 'http', direct: () => new StreamableHTTPClientTransport(new URL(everythingHttp.mcp)), tool: 'echo', args: { message: 'hi' } },
  { kind: 'sse (everything)', prefix: 'sse', direct: () => new SSEClientTransport(new URL(everythingSse.mcp)), tool: 'echo', args: { message: 'hi' } },
  { kind: 'stdio (everything)', prefix: 'stdio', direct: stdioDirect, tool: 'echo', args: { message: 'hi' } },
  // Directly: the REST call itself with a plain HTTP client, not MCP.
  { kind: 'openapi (petstore GET)', prefix: 'petstore', tool: 'getPetById', args: { petId: 1 },
    plain: async () => { const r = await fetch(`${petstore.base}/api/v3/pet/1`); await r.json(); return { isError: !r.ok }; } },
];

async function connect(transport) {
  const client = new Client({ name: 'bench-kinds', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

{
  const probe = await connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const wanted = kinds.map((k) => `${k.prefix ?? k.kind}_${k.tool}`);
  for (let i = 0; i < 240; i++) {
    const names = (await probe.listTools()).tools.map((t) => t.name);
    if (wanted.every((n) => names.includes(n))) break;
    if (i === 239) throw new Error(`the gateway never listed ${wanted.filter((n) => !names.includes(n))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await probe.close();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const rows = [];
for (const k of kinds) {
  const direct = k.plain ? undefined : await connect(k.direct());
  const through = await connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const gatewayTool = `${k.prefix ?? k.kind}_${k.tool}`;
  const paths = [k.plain ?? (() => direct.callTool({ name: k.tool, arguments: k.args })),
    () => through.callTool({ name: gatewayTool, arguments: k.args })];
  for (let i = 0; i < warmCalls; i++) await paths[1]();
  for (let i = 0; i < 200; i++) await paths[0]();
  const samples = [[], []];
  for (let i = 0; i < calls; i++) {
    for (let j = 0; j < 2; j++) {
      const p = (i + j) % 2;
      const t = process.hrtime.bigint();
      const result = await paths[p]();
      samples[p].push(Number(process.hrtime.bigint() - t) / 1e6);
      if (result.isError) throw new Error(`${k.kind} ${p ? 'through the gateway' : 'direct'}: ${JSON.stringify(result)}`);
    }
  }
  const [d, g] = samples.map((s) => {
    const sorted = s.sort((a, b) => a - b);
    return { p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), rate: s.length / (s.reduce((sum, ms) => sum + ms, 0) / 1000) };
  });
  rows.push({ kind: k.kind, d, g });
  console.log(`${k.kind}: direct p50 ${d.p50.toFixed(2)} ms, gateway p50 ${g.p50.toFixed(2)} ms`);
  await direct?.close();
  await through.close();
}

console.log(`\nOne trivial tool call per kind of backend, directly and through the gateway; ${calls} calls each, node ${process.version}`);
console.log('kind'.padEnd(22) + 'direct p50/p99'.padStart(16) + 'gateway p50/p99'.padStart(17) + 'added p50'.padStart(11)
  + 'direct/s'.padStart(10) + 'gateway/s'.padStart(11) + '  gateway/direct');
const ms = (r) => `${r.p50.toFixed(2)}/${r.p99.toFixed(2)}`;
for (const { kind, d, g } of rows) {
  console.log(kind.padEnd(22) + ms(d).padStart(16) + ms(g).padStart(17) + (g.p50 - d.p50).toFixed(2).padStart(11)
    + d.rate.toFixed(0).padStart(10) + g.rate.toFixed(0).padStart(11) + `  ${(g.rate / d.rate * 100).toFixed(0)}%`);
}
const added = (kind) => { const r = rows.find((row) => row.kind === kind); return r.g.p50 - r.d.p50; };
console.log(`Stateless against session (same server, same tool): gateway-added p50 ${added('stateless').toFixed(2)} ms vs `
  + `${added('session').toFixed(2)} ms, ${(added('stateless') / added('session') * 100).toFixed(0)}%.`);
console.log('Times in ms; calls/s are one client\'s, back to back. Figures, not verdicts: everything shares this machine\'s cores.');
process.exit(0);
