// End-to-end: third-party MCP servers behind the packaged gateway, driven by the official MCP TypeScript SDK clients
// (v1, session era; v2, stateless era).
// - kubernetes-mcp-server from npm, declared by the repository's config-repo/examples/kubernetes.yaml, read-only,
//   against the Kubernetes API of the packaged CNPG backend's sandbox (an in-memory API server: there is no real
//   cluster here), through a kubeconfig written for it.
// - @modelcontextprotocol/server-everything (streamable HTTP), which offers its URL-elicitation tool only to clients
//   that declare elicitation.url: the client reaches the backend as it is.
// Run by ThirdPartyBackendsEndToEndIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as StatelessClient, StreamableHTTPClientTransport as StatelessTransport } from '@modelcontextprotocol/client';
import { startJar, startEverything, startKubernetesMcpServer, root, freePortBelowEphemeral } from './lib/servers.mjs';

let sandbox;
let kubernetes;
let everything;
let gateway;
let starting;
let client;
let workDir;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gateway-third-party-'));
  // The example file as it is, pointed at this test's server and without its access limit (the local user is in no
  // group).
  const configDir = path.join(workDir, 'config');
  await mkdir(path.join(configDir, 'backends'), { recursive: true });
  const example = await readFile(path.join(root, 'config-repo', 'examples', 'kubernetes.yaml'), 'utf8');
  assert.match(example, /^url: .*$/m);
  await writeFile(path.join(configDir, 'backends', 'kubernetes.yaml'),
    example.replace(/^url: .*$/m, 'url: ${KUBERNETES_MCP_URL}').replace(/^access:[\s\S]*$/m, ''));
  await writeFile(path.join(configDir, 'backends.yaml'), `backends:
  - name: everything
    url: \${EVERYTHING_URL}
    description: The MCP reference test server
`);
  const kubernetesPort = await freePortBelowEphemeral();
  everything = await startEverything();
  // The gateway starts while the rest does: it connects to kubernetes-mcp-server when that comes up. The CNPG
  // backend's sandbox is an in-memory Kubernetes API (fabric8's mock server) with the discovery documents generic
  // clients need; its address is in the backend's log.
  starting = startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configDir}`,
    '--gateway.backends.health-interval=500ms'],
  { KUBERNETES_MCP_URL: `http://127.0.0.1:${kubernetesPort}/mcp`, EVERYTHING_URL: everything.mcp });
  sandbox = await startJar('cnpg-backend (sandbox)', 'cnpg-backend/target/cnpg-backend.jar',
    ['--cnpg.kubernetes.mode=sandbox', '--cnpg.auth.mode=none']);
  const api = /Kubernetes API at (http:\/\/\S+?)\/? /.exec(sandbox.log())?.[1];
  assert.ok(api, `the sandbox's API address is not in its log:\n${sandbox.log()}`);
  // A pod to find: the sandbox stores it like an API server (no kubelet runs it).
  const created = await fetch(`${api}/api/v1/namespaces/default/pods`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }),
  });
  assert.ok(created.ok, `creating the pod: ${created.status}`);
  const kubeconfig = path.join(workDir, 'kubeconfig');
  await writeFile(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: sandbox, cluster: {server: "${api}"}}]
users: [{name: sandbox, user: {}}]
contexts: [{name: sandbox, context: {cluster: sandbox, user: sandbox, namespace: default}}]
current-context: sandbox
`);
  // The example's flags, with a kubeconfig instead of in-cluster; YAML lists, since the mock API answers a list
  // as a plain List where a real API server honours the Table that the default (table) output asks for.
  kubernetes = await startKubernetesMcpServer(kubeconfig,
    ['--disable-multi-cluster', '--toolsets', 'core', '--read-only', '--list-output', 'yaml'], kubernetesPort);
  gateway = await starting;

  client = new Client({ name: 'gateway-third-party-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  const bothListed = (tools) => ['k8s_', 'everything_'].every((prefix) => tools.some((t) => t.name.startsWith(prefix)));
  for (let i = 0; !bothListed((await client.listTools()).tools); i++) {
    if (i > 240) throw new Error(`the tools of both backends never appeared in the gateway:\n${gateway.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

after(async () => {
  await client?.close();
  await (gateway ?? await starting?.catch(() => undefined))?.stop();
  await kubernetes?.stop();
  await everything?.stop();
  await sandbox?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

test('kubernetes-mcp-server\'s tools are listed under the example\'s k8s_ prefix, read-only ones only', async () => {
  const tools = (await client.listTools()).tools.filter((t) => t.name.startsWith('k8s_'));
  const names = tools.map((t) => t.name);
  for (const name of ['k8s_namespaces_list', 'k8s_pods_list', 'k8s_pods_get', 'k8s_pods_log', 'k8s_events_list', 'k8s_resources_list']) {
    assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
  }
  assert.ok(!names.some((n) => /delete|create_or_update|exec|run|scale/.test(n)), `--read-only left writers: ${names.join(', ')}`);
  assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true), 'every tool is annotated read-only');
});

test('kubernetes-mcp-server reads the cluster through the gateway: namespaces, pods, a CNPG cluster', async () => {
  const namespaces = await client.callTool({ name: 'k8s_namespaces_list', arguments: {} });
  assert.notEqual(namespaces.isError, true, text(namespaces));
  assert.match(text(namespaces), /name: default/);
  const pods = await client.callTool({ name: 'k8s_pods_list', arguments: {} });
  assert.notEqual(pods.isError, true, text(pods));
  assert.match(text(pods), /name: web-1/);
  const pod = await client.callTool({ name: 'k8s_pods_get', arguments: { namespace: 'default', name: 'web-1' } });
  assert.match(text(pod), /image: nginx:1\.27/);
  const clusters = await client.callTool({ name: 'k8s_resources_list',
    arguments: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', namespace: 'default' } });
  assert.notEqual(clusters.isError, true, text(clusters));
  assert.match(text(clusters), /name: pg-sample/);
});

test('kubernetes-mcp-server answers a stateless (v2) client too', async () => {
  const modern = new StatelessClient({ name: 'gateway-third-party-e2e-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.ok((await modern.listTools()).tools.some((t) => t.name === 'k8s_pods_list'));
    const pods = await modern.callTool({ name: 'k8s_pods_list_in_namespace', arguments: { namespace: 'default' } });
    assert.match(text(pods), /name: web-1/);
  } finally {
    await modern.close();
  }
});

test('a v2 client that declares URL elicitation gets server-everything\'s URL-elicitation tool, and it works', async () => {
  const asked = [];
  const modern = new StatelessClient({ name: 'gateway-third-party-e2e-url', version: '1.0.0' },
    { capabilities: { elicitation: { form: {}, url: {} } }, versionNegotiation: { mode: 'auto' } });
  modern.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params);
    return { action: 'accept' };
  });
  await modern.connect(new StatelessTransport(new URL(gateway.mcp)));
  try {
    assert.ok((await modern.listTools()).tools.some((t) => t.name === 'everything_trigger-url-elicitation'),
      'the URL-elicitation tool is listed through the gateway');
    const result = await modern.callTool({ name: 'everything_trigger-url-elicitation',
      arguments: { url: 'https://example.com/connect', message: 'Connect your account' } });
    assert.match(text(result), /User completed the URL elicitation flow/);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].mode, 'url');
    assert.equal(asked[0].url, 'https://example.com/connect');
  } finally {
    await modern.close();
  }
});

test('a v1 client that declares URL elicitation gets the same, in a backend session with its own capabilities', async () => {
  const legacy = new Client({ name: 'gateway-third-party-e2e-url-v1', version: '1.0.0' },
    { capabilities: { elicitation: { form: {}, url: {} } } });
  legacy.setRequestHandler(ElicitRequestSchema, async (request) => {
    assert.equal(request.params.mode, 'url');
    return { action: 'decline' };
  });
  await legacy.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  try {
    const result = await legacy.callTool({ name: 'everything_trigger-url-elicitation',
      arguments: { url: 'https://example.com/connect' } });
    assert.match(text(result), /User declined to open the URL/);
  } finally {
    await legacy.close();
  }
});

test('a client that does not declare URL elicitation is answered by the backend itself, which never asks it', async () => {
  // The tool is in the one merged list, but this client's backend session carries its own capabilities (form
  // elicitation only), in which server-everything never registered the tool: its own refusal comes back.
  const formOnly = new Client({ name: 'gateway-third-party-e2e-form', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  let asked = 0;
  formOnly.setRequestHandler(ElicitRequestSchema, async () => { asked++; return { action: 'accept' }; });
  await formOnly.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp)));
  try {
    const outcome = await formOnly.callTool({ name: 'everything_trigger-url-elicitation',
      arguments: { url: 'https://example.com/connect' } }).then((result) => text(result), (error) => error.message);
    assert.match(outcome, /trigger-url-elicitation/);
    assert.match(outcome, /not found/i);
    assert.equal(asked, 0);
  } finally {
    await formOnly.close();
  }
});
