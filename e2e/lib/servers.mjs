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

// Starts `java -jar <jar>` with the given arguments and environment; resolves once readiness answers 200.
export async function startJar(name, jar, args = [], env = {}, port = undefined) {
  port ??= await freePort();
  const output = [];
  const child = spawn('java', ['-jar', path.join(root, jar), '--server.address=127.0.0.1', `--server.port=${port}`,
    '--logging.structured.format.console=', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    if (i > 360) { await stop(); throw new Error(`${name} not ready after 90 s:\n${Buffer.concat(output)}`); }
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

// Starts e2e/lib/stateless-server.mjs: a backend that speaks only MCP 2026-07-28 (the TypeScript SDK v2 server).
export function startStatelessServer() {
  return startScript('stateless-server.mjs');
}

// Starts e2e/lib/sessionless-server.mjs: a streamable-HTTP backend that keeps no sessions (the TypeScript SDK v1 server
// in stateless mode).
export function startSessionlessServer(...args) {
  return startScript('sessionless-server.mjs', args);
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
