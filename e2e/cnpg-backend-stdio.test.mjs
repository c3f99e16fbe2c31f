// End-to-end: the packaged CNPG backend on the stdio transport (sandbox mode), started and driven by the
// official MCP TypeScript SDK's stdio client, as a desktop client starts a local server.
// Run by CnpgBackendEndToEndIT, which passes the jar in CNPG_JAR and the java launcher in JAVA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const jar = process.env.CNPG_JAR;
if (!jar) throw new Error('CNPG_JAR is not set');

let client;
let transport;
let stderr = '';

before(async () => {
  transport = new StdioClientTransport({
    command: process.env.JAVA ?? 'java',
    args: ['-jar', jar, '--transport', 'stdio', '--cnpg.kubernetes.mode=sandbox'],
    stderr: 'pipe',
  });
  transport.stderr.on('data', (chunk) => { stderr += chunk; });
  client = new Client({ name: 'cnpg-stdio-e2e', version: '1.0.0' });
  // Anything but MCP messages on the server's standard output (a log line, a banner) fails this connect.
  // The JVM starts before it answers initialize: allow for a slow machine.
  await client.connect(transport, { timeout: 150_000 });
});

after(async () => {
  await client?.close();
});

test('the same thirty-six tools as over HTTP', async () => {
  const { tools } = await client.listTools();
  assert.equal(tools.length, 36);
  assert.ok(tools.some((t) => t.name === 'list_postgres_clusters'));
});

test('a tool call reaches the sandbox and answers with structured content', async () => {
  const result = await client.callTool({ name: 'list_postgres_clusters', arguments: {} });
  assert.notEqual(result.isError, true, JSON.stringify(result));
  assert.ok(result.structuredContent, 'structuredContent');
  assert.match(result.content.map((c) => c.text ?? '').join('\n'), /pg-sample/);
});

test('a day-2 read tool answers from the sandbox, and a day-2 write with bad input is refused before anything changes', async () => {
  const backups = await client.callTool({ name: 'list_postgres_backups', arguments: { cluster_name: 'pg-sample' } });
  assert.notEqual(backups.isError, true, JSON.stringify(backups));
  assert.deepEqual(backups.structuredContent.backups.map((b) => [b.method, b.phase]), [['plugin', 'completed']]);

  const refused = await client.callTool({ name: 'switchover_postgres_cluster',
    arguments: { cluster_name: 'pg-sample', instance: 'pg-sample-1', confirm: true } });
  assert.equal(refused.isError, true, JSON.stringify(refused));
  assert.match(refused.content.map((c) => c.text ?? '').join('\n'), /'pg-sample-1' is already the primary/);
  const status = await client.callTool({ name: 'get_cluster_status', arguments: { cluster_name: 'pg-sample' } });
  assert.equal(status.structuredContent.cluster.currentPrimary, 'pg-sample-1');
  assert.equal(status.structuredContent.cluster.targetPrimary, undefined);
});

test('logs go to standard error, and they say how to add the server to Claude Code', async () => {
  // The server answers as soon as its MCP part is up; the banner comes once the whole application is.
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner on standard error:\n${stderr}`)), 120_000);
    const check = () => { if (/ready on stdio/.test(stderr)) { clearTimeout(timer); resolve(); } };
    transport.stderr.on('data', check);
    check();
  });
  assert.match(stderr, /claude mcp add cnpg -- java -jar cnpg-backend\.jar --transport stdio/);
});
