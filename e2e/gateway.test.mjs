// End-to-end: the official MCP TypeScript SDK (v1, session era; v2, stateless era) -> the packaged gateway -> two backends: the
// packaged CNPG backend in sandbox mode with cnpg.auth.mode=gateway, and @modelcontextprotocol/server-everything,
// declared as in the repository's config-repo/ example plus one entry. Run by GatewayEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, startEverything, startStatelessServer, startSessionlessServer, root, freePort } from './lib/servers.mjs';

let backend;
let everything;
let stateless;
let sessionless;
let gateway;
let client;
let configDir;
const logMessages = [];

before(async () => {
  // The gateway starts first (its backend is down until it comes up: the gateway does not mind), so that the
  // backend can be pointed at the gateway's JWKS.
  const [gatewayPort, backendPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  everything = await startEverything();
  stateless = await startStatelessServer();
  sessionless = await startSessionlessServer();
  // The example config repo, plus a second backend: what a commit adding one would look like.
  configDir = await mkdtemp(path.join(tmpdir(), 'gateway-e2e-config-'));
  const example = await readFile(path.join(root, 'config-repo', 'backends.yaml'), 'utf8');
  await writeFile(path.join(configDir, 'backends.yaml'), `${example}
  - name: everything
    url: \${EVERYTHING_URL}
    description: The MCP reference test server
  - name: calc
    url: \${STATELESS_URL}
    description: A backend that speaks only MCP 2026-07-28
  - name: plain
    url: \${SESSIONLESS_URL}
    description: A streamable-HTTP backend that keeps no sessions
  - name: vault
    url: \${EVERYTHING_URL}
    description: Kept to a group the local user is not in
    access:
      groups: [dba]
`);
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    `--gateway.public-url=${gatewayUrl}`, '--gateway.backends.health-interval=500ms'],
  { CNPG_BACKEND_URL: `http://127.0.0.1:${backendPort}/mcp`, EVERYTHING_URL: everything.mcp, STATELESS_URL: stateless.mcp,
    SESSIONLESS_URL: sessionless.mcp },
  gatewayPort);
  backend = await startJar('cnpg-backend', 'cnpg-backend/target/cnpg-backend.jar', ['--cnpg.kubernetes.mode=sandbox',
    '--cnpg.auth.mode=gateway', `--cnpg.auth.jwks-uri=${gatewayUrl}/jwks.json`, '--cnpg.auth.audience=cnpg',
    `--cnpg.auth.issuer=${gatewayUrl}`], {}, backendPort);
  // Wait until the gateway lists the backend's tools, then connect the client the tests use, so that it
  // also gets the backend's instructions at initialize.
  const probe = new Client({ name: 'gateway-e2e-probe', version: '1.0.0' });
  await probe.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const bothListed = (tools) => ['cnpg_', 'everything_', 'calc_', 'plain_'].every((prefix) => tools.some((t) => t.name.startsWith(prefix)));
  for (let i = 0; !bothListed((await probe.listTools()).tools); i++) {
    if (i > 120) throw new Error('the tools of both backends never appeared in the gateway');
    await new Promise((r) => setTimeout(r, 250));
  }
  await probe.close();
  client = new Client({ name: 'gateway-e2e', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => ({
    action: 'accept', content: { name: `Ada (asked: ${request.params.message})` },
  }));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => logMessages.push(notification.params));
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
});

after(async () => {
  await client?.close();
  await gateway?.stop();
  await backend?.stop();
  await everything?.stop();
  await stateless?.stop();
  await sessionless?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

async function cnpgTools() {
  return (await client.listTools()).tools.filter((t) => t.name.startsWith('cnpg_'));
}

test('the merged list has the CNPG tools under the cnpg_ prefix, annotations intact', async () => {
  const tools = await cnpgTools();
  assert.equal(tools.length, 36);
  assert.ok(tools.every((t) => t.name.startsWith('cnpg_')), tools.map((t) => t.name).join(', '));
  const list = tools.find((t) => t.name === 'cnpg_list_postgres_clusters');
  assert.deepEqual([list.annotations.readOnlyHint, list.annotations.destructiveHint], [true, false]);
  assert.match(client.getInstructions() ?? '', /## cnpg/);
});

test('calls reach the backend and come back unchanged', async () => {
  await cnpgTools();
  const listed = await client.callTool({ name: 'cnpg_list_postgres_clusters', arguments: {} });
  assert.notEqual(listed.isError, true, text(listed));
  assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
  const refused = await client.callTool({ name: 'cnpg_scale_postgres_cluster', arguments: { name: 'pg-sample', instances: 99 } });
  assert.equal(refused.isError, true);
  assert.match(text(refused), /scales up to at most 10 instances/);
});

test('an unknown tool is a JSON-RPC error that names it', async () => {
  await assert.rejects(client.callTool({ name: 'cnpg_drop_everything', arguments: {} }), /Unknown tool: cnpg_drop_everything/);
});

test('the backend refuses callers that did not come through the gateway', async () => {
  const direct = await fetch(backend.mcp, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'sneaky', version: '1' } } }),
  });
  assert.equal(direct.status, 401);
  assert.match(direct.headers.get('www-authenticate') ?? '', /Bearer/);
});

test('the merged list also has the second backend under its prefix, and calls reach it', async () => {
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes('everything_echo'), names.join(', '));
  const echoed = await client.callTool({ name: 'everything_echo', arguments: { message: 'through the gateway' } });
  assert.match(text(echoed), /through the gateway/);
});

test('a backend kept to a group the user is not in is connected, yet neither SDK client finds a trace of it', async () => {
  // Connected and ready: its absence below is the access rule's doing, not a backend still on its way.
  for (let i = 0; ; i++) {
    const status = await (await fetch(`${gateway.base}/config-repo/status`)).json();
    if (status.backends.some((b) => b.name === 'vault' && b.state === 'READY' && b.tools > 0)) break;
    if (i > 120) throw new Error(`the vault backend never became ready: ${JSON.stringify(status.backends)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes('everything_echo') && !names.some((n) => n.startsWith('vault_')), names.join(', '));
  await assert.rejects(client.callTool({ name: 'vault_echo', arguments: { message: 'x' } }), /Unknown tool: vault_echo/);
  const modern = new StatelessClient({ name: 'gateway-e2e-v2-outsider', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.doesNotMatch(modern.getInstructions() ?? '', /## vault/);
    assert.ok(!(await modern.listTools()).tools.some((t) => t.name.startsWith('vault_')));
    await assert.rejects(modern.callTool({ name: 'vault_echo', arguments: { message: 'x' } }), /Unknown tool: vault_echo/);
  } finally {
    await modern.close();
  }
});

test('progress notifications of a long-running tool reach the client, then its result', async () => {
  const progress = [];
  const result = await client.callTool({ name: 'everything_trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
    undefined, { onprogress: (p) => progress.push(p.progress) });
  assert.deepEqual(progress, [1, 2, 3]);
  assert.match(text(result), /Long running operation completed/);
});

test('a backend that asks the user (elicitation) gets the client\'s answer back through the gateway', async () => {
  const result = await client.callTool({ name: 'everything_trigger-elicitation-request', arguments: {} });
  assert.match(text(result), /Name: Ada \(asked: Please provide inputs/);
});

test('resources are listed under gateway URIs and read from their backend', async () => {
  const { resources } = await client.listResources();
  const doc = resources.find((r) => r.uri.startsWith('everything+demo://resource/static/document/'));
  assert.ok(doc, resources.map((r) => r.uri).join(', '));
  const read = await client.readResource({ uri: doc.uri });
  assert.equal(read.contents[0].uri, doc.uri);
  assert.ok(read.contents[0].text.length > 0);
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.ok(resourceTemplates.some((t) => t.uriTemplate.startsWith('everything+demo://resource/dynamic/text/')));
  const dynamic = await client.readResource({ uri: 'everything+demo://resource/dynamic/text/3' });
  assert.equal(dynamic.contents[0].uri, 'everything+demo://resource/dynamic/text/3');
});

test('prompts are listed under the prefix, fetched, and completed by their backend', async () => {
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.some((p) => p.name === 'everything_args-prompt'), prompts.map((p) => p.name).join(', '));
  const prompt = await client.getPrompt({ name: 'everything_args-prompt', arguments: { city: 'Oslo' } });
  assert.match(JSON.stringify(prompt.messages), /Oslo/);
  const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'everything_completable-prompt' },
    argument: { name: 'department', value: 'Eng' } });
  assert.deepEqual(completion.completion.values, ['Engineering']);
});

test('log messages a backend sends outside any call reach the client\'s stream', async () => {
  await client.callTool({ name: 'everything_toggle-simulated-logging', arguments: {} });
  for (let i = 0; logMessages.length === 0; i++) {
    if (i > 40) throw new Error('no log message arrived within 10 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(logMessages[0].level);
});

test('a backend that dies leaves the list within seconds, its tools say so when called, the other keeps working, and it comes back', async () => {
  const everythingListed = async () => (await client.listTools()).tools.some((t) => t.name.startsWith('everything_'));
  const waitFor = async (condition, what) => {
    for (let i = 0; !(await condition()); i++) {
      if (i > 80) throw new Error(`${what} did not happen within 20 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await everything.stop();
  await waitFor(async () => !(await everythingListed()), 'the dead backend leaving the list');
  const listed = await client.callTool({ name: 'cnpg_list_postgres_clusters', arguments: {} });
  assert.notEqual(listed.isError, true, text(listed));
  // A tool the client listed earlier is not unknown: the model reads that its backend is down, and may retry.
  const refused = await client.callTool({ name: 'everything_echo', arguments: { message: 'x' } });
  assert.equal(refused.isError, true);
  assert.match(text(refused), /everything_echo is unavailable: its backend 'everything' has been down since /);

  everything = await startEverything(everything.port);
  await waitFor(everythingListed, 'the backend coming back');
  // The client's old session on the restarted backend is gone; the gateway opens a new one by itself.
  const echoed = await client.callTool({ name: 'everything_echo', arguments: { message: 'back again' } });
  assert.match(text(echoed), /back again/);
});

test('a stateless client (SDK v2, MCP 2026-07-28) discovers, lists and calls both backends without a session', async () => {
  const modern = new StatelessClient({ name: 'gateway-e2e-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.equal(modern.getNegotiatedProtocolVersion(), '2026-07-28');
    assert.match(modern.getInstructions() ?? '', /## cnpg/);
    const names = (await modern.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('cnpg_list_postgres_clusters') && names.includes('everything_echo'), names.join(', '));
    const listed = await modern.callTool({ name: 'cnpg_list_postgres_clusters', arguments: {} });
    assert.deepEqual(listed.structuredContent.clusters.map((c) => c.name), ['pg-sample']);
    const echoed = await modern.callTool({ name: 'everything_echo', arguments: { message: 'stateless' } });
    assert.match(text(echoed), /stateless/);
    const progress = [];
    const long = await modern.callTool({ name: 'everything_trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
      { onprogress: (p) => progress.push(p.progress) });
    assert.match(text(long), /completed/);
    assert.deepEqual(progress, [1, 2]);
    const read = await modern.readResource({ uri: 'everything+demo://resource/dynamic/text/5' });
    assert.equal(read.contents[0].uri, 'everything+demo://resource/dynamic/text/5');
    const prompt = await modern.getPrompt({ name: 'everything_args-prompt', arguments: { city: 'Lima' } });
    assert.match(JSON.stringify(prompt.messages), /Lima/);
    await assert.rejects(modern.callTool({ name: 'cnpg_drop_everything', arguments: {} }), /Unknown tool: cnpg_drop_everything/);
  } finally {
    await modern.close();
  }
});

test('a stateless client answers a session-era backend\'s question through input_required (elicitation)', async () => {
  const modern = new StatelessClient({ name: 'gateway-e2e-v2-asked', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: 'auto' } });
  const asked = [];
  modern.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: { name: 'Grace' } };
  });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    const result = await modern.callTool({ name: 'everything_trigger-elicitation-request', arguments: {} });
    assert.match(text(result), /Name: Grace/);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /Please provide inputs/);
  } finally {
    await modern.close();
  }
});

test('a stateless client hears of list changes on subscriptions/listen', async () => {
  const modern = new StatelessClient({ name: 'gateway-e2e-v2-listen', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  const changed = [];
  modern.setNotificationHandler('notifications/tools/list_changed', () => changed.push(Date.now()));
  try {
    const subscription = await modern.listen({ toolsListChanged: true });
    assert.equal(subscription.honoredFilter.toolsListChanged, true);
    await everything.stop();
    for (let i = 0; changed.length === 0; i++) {
      if (i > 80) throw new Error('no tools/list_changed within 20 s of a backend going down');
      await new Promise((r) => setTimeout(r, 250));
    }
    await subscription.close();
  } finally {
    everything = await startEverything(everything.port);
    await modern.close();
  }
});

test('a backend that speaks only the stateless era serves session-era and stateless clients alike', async () => {
  const fromLegacy = await client.callTool({ name: 'calc_add', arguments: { a: 2, b: 3 } });
  assert.equal(text(fromLegacy), '5');
  assert.deepEqual(fromLegacy.structuredContent, { sum: 5 });
  const motd = await client.readResource({ uri: 'calc+memo://motd' });
  assert.equal(motd.contents[0].text, 'stateless hello');
  assert.equal(motd.contents[0].uri, 'calc+memo://motd');

  const modern = new StatelessClient({ name: 'gateway-e2e-v2-calc', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.equal(text(await modern.callTool({ name: 'calc_add', arguments: { a: 20, b: 22 } })), '42');
  } finally {
    await modern.close();
  }

  // The backend announces a new tool on its subscriptions/listen stream; the gateway follows.
  await fetch(`${stateless.base}/add-multiply`);
  for (let i = 0; !(await client.listTools()).tools.some((t) => t.name === 'calc_multiply'); i++) {
    if (i > 40) throw new Error('calc_multiply did not appear within 10 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(text(await client.callTool({ name: 'calc_multiply', arguments: { a: 6, b: 7 } })), '42');
});

test('a backend without sessions (SDK v1 stateless mode) serves calls, progress, resources, prompts and completion', async () => {
  const added = await client.callTool({ name: 'plain_add', arguments: { a: 2, b: 3 } });
  assert.equal(text(added), '5');
  const progress = [];
  const counted = await client.callTool({ name: 'plain_count', arguments: {} }, undefined,
    { onprogress: (p) => progress.push(p.progress) });
  assert.equal(text(counted), 'counted to 3');
  assert.deepEqual(progress, [1, 2, 3]);
  const resources = (await client.listResources()).resources.filter((r) => r.name === 'note');
  assert.equal(resources.length, 1);
  const read = await client.readResource({ uri: resources[0].uri });
  assert.equal(read.contents[0].text, 'sessionless note');
  const prompt = await client.getPrompt({ name: 'plain_greet', arguments: { name: 'Ada' } });
  assert.equal(prompt.messages[0].content.text, 'Hello, Ada');
  const completed = await client.complete({ ref: { type: 'ref/prompt', name: 'plain_greet' },
    argument: { name: 'name', value: 'A' } });
  assert.deepEqual(completed.completion.values, ['Ada', 'Alan']);
});

test('a backend without sessions is told who calls on every request, in both client eras', async () => {
  const whoami = await client.callTool({ name: 'plain_whoami', arguments: {} });
  assert.match(text(whoami), /^local-[0-9a-f]{12}$/);
  const modern = new StatelessClient({ name: 'gateway-e2e-v2-plain', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.equal(text(await modern.callTool({ name: 'plain_add', arguments: { a: 4, b: 5 } })), '9');
    assert.equal(text(await modern.callTool({ name: 'plain_whoami', arguments: {} })), text(whoami));
  } finally {
    await modern.close();
  }
});

test('a call to a backend without sessions ends at the backend when the client cancels it', async () => {
  const counts = async () => (await fetch(`${sessionless.base}/counts`)).json();
  const before = await counts();
  const abort = new AbortController();
  const call = client.callTool({ name: 'plain_wait', arguments: {} }, undefined, { signal: abort.signal, timeout: 30_000 });
  for (let i = 0; (await counts()).started === before.started; i++) {
    if (i > 100) throw new Error('the call never reached the backend');
    await new Promise((r) => setTimeout(r, 100));
  }
  abort.abort('the user changed their mind');
  await assert.rejects(call);
  for (let i = 0; (await counts()).cancelled === before.cancelled; i++) {
    if (i > 100) throw new Error('the backend never saw the call end');
    await new Promise((r) => setTimeout(r, 100));
  }
});
