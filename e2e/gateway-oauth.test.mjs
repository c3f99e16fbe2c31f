// End-to-end sign-in: the official MCP TypeScript SDK v1 client's own OAuth support (discovery, dynamic
// registration, PKCE, token exchange, refresh) against the packaged gateway in gateway.auth.mode=oauth, in
// front of the identity provider whose issuer IDP_ISSUER names (mock-oauth2-server, started by
// GatewayOAuthEndToEndIT). The browser is scripted: plain HTTP with a cookie jar through the consent page, the
// identity provider's login and the gateway's callback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { startJar, root, freePort } from './lib/servers.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const issuer = process.env.IDP_ISSUER;
const REDIRECT = 'http://127.0.0.1:33418/callback';

let backend;
let gateway;
let documents;
let certificates;

// Where a client publishes its metadata document: HTTPS on loopback with a throwaway certificate for
// localhost, which the gateway is told to trust (and loopback to be allowed, as public hosts are).
async function startDocumentServer() {
  certificates = mkdtempSync(join(tmpdir(), 'cimd-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(certificates, 'key.pem'), '-out', join(certificates, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  const server = createServer({ key: readFileSync(join(certificates, 'key.pem')), cert: readFileSync(join(certificates, 'cert.pem')) },
    (request, response) => {
      server.fetches = (server.fetches ?? 0) + 1;
      if (request.url !== '/clients/e2e.json') { response.writeHead(404).end(); return; }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: server.clientId,
        client_name: 'Gateway e2e document client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }));
    });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.clientId = `https://localhost:${server.address().port}/clients/e2e.json`;
  return server;
}

before(async () => {
  assert.ok(issuer, 'IDP_ISSUER names the identity provider (GatewayOAuthEndToEndIT sets it)');
  documents = await startDocumentServer();
  const [gatewayPort, backendPort] = [await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${root}/config-repo`,
    `--gateway.public-url=${gatewayUrl}`, '--gateway.backends.health-interval=500ms', '--gateway.auth.mode=oauth',
    `--gateway.auth.upstream.issuer-uri=${issuer}`, '--gateway.auth.upstream.client-id=gateway',
    '--gateway.auth.upstream.client-secret=e2e-secret', '--gateway.auth.upstream.audience=https://api.example.com/mcp',
    '--gateway.auth.client-metadata.allowed-networks=127.0.0.0/8',
    `--gateway.auth.client-metadata.trusted-certificates-file=${join(certificates, 'cert.pem')}`],
  { CNPG_BACKEND_URL: `http://127.0.0.1:${backendPort}/mcp` }, gatewayPort);
  backend = await startJar('cnpg-backend', 'cnpg-backend/target/cnpg-backend.jar', ['--cnpg.kubernetes.mode=sandbox',
    '--cnpg.auth.mode=gateway', `--cnpg.auth.jwks-uri=${gatewayUrl}/jwks.json`, '--cnpg.auth.audience=cnpg',
    `--cnpg.auth.issuer=${gatewayUrl}`], {}, backendPort);
});

after(async () => {
  await gateway?.stop();
  await backend?.stop();
  documents?.close();
  if (certificates) rmSync(certificates, { recursive: true, force: true });
});

// A browser: follows nothing by itself, keeps cookies per name (one host here).
class Browser {
  cookies = new Map();

  async get(url) { return this.#send(url, { method: 'GET' }); }

  async post(url, form) {
    return this.#send(url, { method: 'POST', body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async #send(url, init) {
    const headers = { ...(init.headers ?? {}) };
    const sameHost = new URL(url).host === new URL(gateway.base).host;
    if (sameHost && this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    if (sameHost) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    }
    return response;
  }
}

const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))[1];

// What the person does: read the consent page, allow, sign in at the identity provider (mock-oauth2-server
// logs in at once), come back through the gateway's callback to the client's redirect URI.
async function signInWithBrowser(authorizationUrl, clientName = 'Gateway e2e client') {
  const browser = new Browser();
  const consent = await browser.get(authorizationUrl.href);
  assert.equal(consent.status, 200);
  const page = await consent.text();
  assert.ok(page.includes(clientName), page);
  assert.equal(consent.headers.get('x-frame-options'), 'DENY');
  const approved = await browser.post(`${gateway.base}/consent`, { transaction: hidden(page, 'transaction'),
    csrf_token: hidden(page, 'csrf_token'), decision: 'approve' });
  assert.equal(approved.status, 303);
  const idp = await browser.get(approved.headers.get('location'));
  assert.equal(idp.status, 302);
  const callback = await browser.get(idp.headers.get('location'));
  assert.equal(callback.status, 302, await callback.text());
  const redirect = new URL(callback.headers.get('location'));
  assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT);
  assert.equal(redirect.searchParams.get('iss'), gateway.base);
  return redirect.searchParams.get('code');
}

// The SDK's OAuthClientProvider, kept in memory; the "redirect" runs the scripted browser.
class ScriptedProvider {
  client;
  tokensSaved = [];
  verifier;
  code;

  get redirectUrl() { return REDIRECT; }

  get clientMetadata() {
    return { client_name: 'Gateway e2e client', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  state() { return 'e2e-state'; }

  clientInformation() { return this.client; }

  saveClientInformation(info) { this.client = info; }

  tokens() { return this.tokensSaved.at(-1); }

  saveTokens(tokens) { this.tokensSaved.push(tokens); }

  async redirectToAuthorization(url) {
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('resource'), gateway.mcp);
    this.code = await signInWithBrowser(url);
  }

  saveCodeVerifier(verifier) { this.verifier = verifier; }

  codeVerifier() { return this.verifier; }
}

async function connect(provider) {
  const client = new Client({ name: 'gateway-oauth-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp), { authProvider: provider }));
  return client;
}

test('the SDK client discovers, registers, signs in with PKCE, uses the tools and refreshes its token', async () => {
  const provider = new ScriptedProvider();
  // First connection: 401, discovery, registration, authorization (the scripted browser), then UnauthorizedError
  // until the code is exchanged, as in any real client.
  const transport = new StreamableHTTPClientTransport(new URL(gateway.mcp), { authProvider: provider });
  const first = new Client({ name: 'gateway-oauth-e2e', version: '1.0.0' });
  await assert.rejects(first.connect(transport), UnauthorizedError);
  assert.ok(provider.client.client_id.startsWith('mcp-'), 'registered by DCR');
  assert.ok(provider.code, 'the browser brought back a code');
  await transport.finishAuth(provider.code);
  assert.equal(provider.tokensSaved.length, 1);
  assert.ok(provider.tokens().refresh_token);

  const client = await connect(provider);
  let tools = [];
  for (let i = 0; tools.length === 0; i++) {
    if (i > 120) throw new Error('the CNPG tools never appeared in the gateway');
    tools = (await client.listTools()).tools;
    if (tools.length === 0) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(tools.some((t) => t.name === 'cnpg_list_postgres_clusters'));
  const result = await client.callTool({ name: 'cnpg_list_postgres_clusters', arguments: { namespace: 'default' } });
  assert.ok(!result.isError, JSON.stringify(result));
  await client.close();

  // The access token goes bad (as when it expires): the SDK refreshes with its refresh token and carries on.
  const { refresh_token: oldRefresh } = provider.tokens();
  provider.tokensSaved.push({ ...provider.tokens(), access_token: 'expired' });
  const again = await connect(provider);
  assert.ok((await again.listTools()).tools.length > 0);
  assert.notEqual(provider.tokens().access_token, 'expired');
  assert.notEqual(provider.tokens().refresh_token, oldRefresh, 'the refresh token rotated');
  await again.close();
});

// The SDK identifies itself by its metadata document's URL when the gateway says it may (MCP 2025-11-25).
class DocumentProvider extends ScriptedProvider {
  get clientMetadataUrl() { return documents.clientId; }

  async redirectToAuthorization(url) {
    assert.equal(url.searchParams.get('client_id'), documents.clientId);
    this.code = await signInWithBrowser(url, 'Gateway e2e document client');
  }
}

test('the SDK client identified by its metadata document URL signs in without registering', async () => {
  const provider = new DocumentProvider();
  const transport = new StreamableHTTPClientTransport(new URL(gateway.mcp), { authProvider: provider });
  await assert.rejects(new Client({ name: 'gateway-oauth-e2e', version: '1.0.0' }).connect(transport), UnauthorizedError);
  assert.ok(documents.fetches >= 1, 'the gateway fetched the document');
  assert.ok(!provider.client || provider.client.client_id === documents.clientId, 'no registration took place');
  await transport.finishAuth(provider.code);
  const claims = JSON.parse(Buffer.from(provider.tokens().access_token.split('.')[1], 'base64url'));
  assert.equal(claims.client_id, documents.clientId);

  const client = await connect(provider);
  assert.ok(Array.isArray((await client.listTools()).tools));
  await client.close();
});
