// Starts the project's packaged servers as child processes on free loopback ports, for e2e tests and benchmarks.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// A loopback port free now, below Linux's ephemeral range (32768 and up), for a server started a while after it is
// picked: processes that bind port 0 meanwhile (the sandbox's in-memory Kubernetes API) cannot take it first.
export async function freePortBelowEphemeral() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise((resolve) => {
      const s = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

// Starts `java -jar <jar>` with the given arguments and environment; resolves once readiness answers 200. JAVA_BIN
// names another java to run it with (the benchmarks on the images' JDK 25, for instance). `cpus` (Linux taskset's
// list, such as '1') starts it on those CPUs only, so that it sizes itself to them as it would to a container's limit.
export async function startJar(name, jar, args = [], env = {}, port = undefined, { cpus } = {}) {
  port ??= await freePort();
  const output = [];
  const command = [process.env.JAVA_BIN ?? 'java', '-jar', path.join(root, jar), '--server.address=127.0.0.1',
    `--server.port=${port}`, '--logging.structured.format.console=', ...args];
  if (cpus !== undefined) command.unshift('taskset', '--cpu-list', cpus);
  const child = spawn(command[0], command.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${Buffer.concat(output)}`);
    try { if ((await fetch(`${base}/actuator/health/readiness`)).ok) break; } catch { /* starting */ }
    // 3 minutes: a small machine busy with a build can take well over one to start a Spring Boot jar.
    if (i > 720) { await stop(); throw new Error(`${name} not ready after 180 s:\n${Buffer.concat(output)}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, mcp: `${base}/mcp`, stop, pid: child.pid, log: () => Buffer.concat(output).toString() };
}

// Starts @modelcontextprotocol/server-everything on a loopback port (a free one by default), in streamable HTTP mode
// (its endpoint is /mcp) or in the legacy HTTP+SSE mode, transport 'sse' (its SSE endpoint is /sse).
export async function startEverything(port = undefined, transport = 'streamableHttp') {
  port ??= await freePort();
  const child = spawn('node', ['--require', path.join(root, 'e2e', 'lib', 'loopback.cjs'),
    path.join(root, 'e2e', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js'), transport],
  { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const output = [];
  child.stderr.on('data', (d) => output.push(d));
  const url = `http://127.0.0.1:${port}/${transport === 'sse' ? 'sse' : 'mcp'}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server-everything exited:\n${Buffer.concat(output)}`);
    // A POST, which the SSE mode answers 404 at once (a GET would open a stream, and a session, on it).
    try { await fetch(url, { method: transport === 'sse' ? 'POST' : 'GET' }); break; } catch { /* starting */ }
    if (i > 120) throw new Error(`server-everything not listening:\n${Buffer.concat(output)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { mcp: url, port, stop, pid: child.pid };
}

// Starts kubernetes-mcp-server on a free loopback port (or the one given), on streamable HTTP, against the cluster of
// a kubeconfig; resolves once /healthz answers. `args` are more flags. The binary is npm's
// kubernetes-mcp-server-linux-amd64 (an optional dependency: the registry here serves no other platform's package,
// so package.json names this one rather than the kubernetes-mcp-server launcher, whose lockfile entry would list
// them all).
export async function startKubernetesMcpServer(kubeconfig, args = [], port = undefined) {
  port ??= await freePort();
  const binary = path.join(root, 'e2e', 'node_modules', 'kubernetes-mcp-server-linux-amd64', 'bin', 'kubernetes-mcp-server-linux-amd64');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`kubernetes-mcp-server runs here from its linux-amd64 npm package; this is ${process.platform}-${process.arch}`);
  }
  const child = spawn(binary, ['--port', String(port), '--bind-address', '127.0.0.1', '--kubeconfig', kubeconfig, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`kubernetes-mcp-server exited with ${child.exitCode}:\n${Buffer.concat(output)}`);
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
    if (i > 120) throw new Error(`kubernetes-mcp-server not listening:\n${Buffer.concat(output)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { mcp: `${base}/mcp`, stop, log: () => Buffer.concat(output).toString() };
}

// Starts e2e/lib/stateless-server.mjs: a backend that speaks only MCP 2026-07-28 (the TypeScript SDK v2 server).
export function startStatelessServer() {
  return startScript('stateless-server.mjs');
}

// Starts e2e/lib/sessionless-server.mjs: a streamable-HTTP backend that keeps no sessions (the TypeScript SDK v1 server
// in stateless mode).
export function startSessionlessServer(...args) {
  return startScript('sessionless-server.mjs', args);
}

// Starts e2e/lib/petstore-server.mjs: a REST service implementing part of the Swagger Petstore 3 document (at
// <base>/api/v3, its document at <base>/api/v3/openapi.yaml), for OpenAPI backends.
export function startPetstore() {
  return startScript('petstore-server.mjs');
}

// Starts a server script of e2e/lib/ on a free loopback port; resolves once it says it is listening.
async function startScript(script, args = []) {
  const port = await freePort();
  const child = spawn('node', [path.join(root, 'e2e', 'lib', script), String(port), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  for (let i = 0; !Buffer.concat(output).toString().includes('listening'); i++) {
    if (child.exitCode !== null || i > 120) throw new Error(`${script} did not start:\n${Buffer.concat(output)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const base = `http://127.0.0.1:${port}`;
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { mcp: `${base}/mcp`, base, stop };
}
