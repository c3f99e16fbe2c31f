// End-to-end: both official MCP TypeScript SDK clients -> the packaged gateway -> @modelcontextprotocol/server-everything
// run by the gateway itself as stdio backends, one shared by everyone and one per user. Run by GatewayStdioEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, root } from './lib/servers.mjs';

const everythingJs = path.join(root, 'e2e', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
let gateway;
let configDir;

// The ids of this test's stdio processes still running (their script path is this checkout's own), from /proc.
const running = () => readdirSync('/proc').filter((entry) => /^[0-9]+$/.test(entry)).filter((pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(`${everythingJs} stdio`);
  } catch {
    return false; // gone meanwhile
  }
});

const connect = async (name) => {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  return client;
};

before(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'gateway-stdio-e2e-'));
  await writeFile(path.join(configDir, 'backends.yaml'), `backends:
  - name: everything
    description: server-everything over stdio, one process for everyone
    transport: stdio
    sharing: shared
    command: node
    args: [${JSON.stringify(everythingJs)}, stdio]
  - name: mine
    description: server-everything over stdio, one process per user
    transport: stdio
    sharing: per-user
    max-processes: 2
    command: node
    args: [${JSON.stringify(everythingJs)}, stdio]
    env:
      GREETING: hello from the config repo
`);
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    '--gateway.backends.stdio.enabled=true', '--gateway.backends.health-interval=500ms']);
  const probe = await connect('stdio-e2e-probe');
  const listed = (tools) => ['everything_echo', 'mine_get-env'].every((name) => tools.some((t) => t.name === name));
  for (let i = 0; !listed((await probe.listTools()).tools); i++) {
    if (i > 240) throw new Error('the stdio backends\' tools never appeared in the gateway');
    await new Promise((r) => setTimeout(r, 250));
  }
  await probe.close();
});

after(async () => {
  await gateway?.stop();
  await rm(configDir, { recursive: true, force: true });
});

test('a session-era client lists and calls the tools of a stdio backend, with progress', async () => {
  const client = await connect('stdio-e2e');
  try {
    const echo = await client.callTool({ name: 'everything_echo', arguments: { message: 'over stdio' } });
    assert.equal(echo.content[0].text, 'Echo: over stdio');
    const progress = [];
    const long = await client.callTool({ name: 'everything_trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
      undefined, { onprogress: (p) => progress.push(p) });
    assert.match(long.content[0].text, /Long running operation completed/);
    assert.deepEqual(progress.map((p) => p.progress), [1, 2, 3]);
  } finally {
    await client.close();
  }
});

test('two clients at once on the shared process, whose request ids collide, each get their own answers', async () => {
  const [a, b] = [await connect('stdio-e2e-a'), await connect('stdio-e2e-b')];
  try {
    const calls = [];
    for (let i = 0; i < 5; i++) {
      calls.push(a.callTool({ name: 'everything_echo', arguments: { message: `a${i}` } }).then((r) => r.content[0].text));
      calls.push(b.callTool({ name: 'everything_echo', arguments: { message: `b${i}` } }).then((r) => r.content[0].text));
    }
    assert.deepEqual(await Promise.all(calls), [0, 1, 2, 3, 4].flatMap((i) => [`Echo: a${i}`, `Echo: b${i}`]));
  } finally {
    await a.close();
    await b.close();
  }
});

test('a stateless-era client calls a stdio backend too', async () => {
  const client = new StatelessClient({ name: 'stdio-e2e-stateless', version: '2.0.0' });
  await client.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    const echo = await client.callTool({ name: 'everything_echo', arguments: { message: 'stateless' } });
    assert.equal(echo.content[0].text, 'Echo: stateless');
  } finally {
    await client.close();
  }
});

test('a per-user process knows its user and gets its env, not the gateway\'s environment', async () => {
  const client = await connect('stdio-e2e-env');
  try {
    const env = JSON.parse((await client.callTool({ name: 'mine_get-env', arguments: {} })).content[0].text);
    assert.match(env.MCP_GATEWAY_USER_ID, /^local-[0-9a-f]{12}$/);
    assert.equal(env.GREETING, 'hello from the config repo');
    assert.equal(env.JAVA_HOME, undefined);
  } finally {
    await client.close();
  }
});

test('stopping the gateway stops its stdio processes', async () => {
  assert.ok(running().length >= 2, `the shared and the per-user processes run: ${running()}`);
  await gateway.stop();
  for (let i = 0; running().length > 0; i++) {
    if (i > 80) assert.fail(`stdio processes outlived the gateway: ${running()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});
