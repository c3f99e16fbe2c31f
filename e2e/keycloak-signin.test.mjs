// End-to-end sign-in against a real Keycloak whose realm and client `setup-idp keycloak` created: the official
// MCP TypeScript SDK v1 client signs in through the packaged gateway, which uses the client id, secret and keys
// the tool wrote, and Keycloak's own login form is filled in and submitted as a browser would. The backend is
// open to group `dba` only, so its tools appear only if the groups mapper the tool added puts the group in the
// id_token. Started by idp-setup's KeycloakSetupIT, which passes everything in the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJar, freePort } from './lib/servers.mjs';

const env = (name) => { assert.ok(process.env[name], `${name} is set (KeycloakSetupIT sets it)`); return process.env[name]; };
const REDIRECT = 'http://127.0.0.1:33419/callback';

let gateway;
let backend;
let configRepo;

before(async () => {
  const gatewayUrl = new URL(env('GATEWAY_URL'));
  const backendPort = await freePort();
  configRepo = mkdtempSync(join(tmpdir(), 'keycloak-e2e-config-'));
  writeFileSync(join(configRepo, 'backends.yaml'), `backends:
  - name: cnpg
    url: http://127.0.0.1:${backendPort}/mcp
    access:
      groups: [dba]
`);
  gateway = await startJar('gateway', 'gateway/target/gateway.jar', [`--gateway.config-repo.uri=${configRepo}`,
    `--gateway.public-url=${gatewayUrl.origin}`, '--gateway.backends.health-interval=500ms', '--gateway.auth.mode=oauth',
    `--gateway.auth.upstream.issuer-uri=${env('IDP_ISSUER')}`, `--gateway.auth.upstream.client-id=${env('IDP_CLIENT_ID')}`,
    `--gateway.auth.upstream.audience=${env('IDP_AUDIENCE')}`, `--gateway.auth.upstream.groups-claim=${env('IDP_GROUPS_CLAIM')}`,
    `--gateway.identity.signing-key-file=${env('SIGNING_KEY_FILE')}`,
    `--gateway.auth.token-encryption-key-file=${env('TOKEN_ENCRYPTION_KEY_FILE')}`],
  // The client secret reaches the gateway as the chart passes it: an environment variable from the Secret.
  { GATEWAY_AUTH_UPSTREAM_CLIENTSECRET: env('IDP_CLIENT_SECRET') }, Number(gatewayUrl.port));
  backend = await startJar('cnpg-backend', 'cnpg-backend/target/cnpg-backend.jar', ['--cnpg.kubernetes.mode=sandbox',
    '--cnpg.auth.mode=gateway', `--cnpg.auth.jwks-uri=${gatewayUrl.origin}/jwks.json`, '--cnpg.auth.audience=cnpg',
    `--cnpg.auth.issuer=${gatewayUrl.origin}`], {}, backendPort);
});

after(async () => {
  await gateway?.stop();
  await backend?.stop();
  if (configRepo) rmSync(configRepo, { recursive: true, force: true });
});

// A browser: follows nothing by itself, keeps cookies per host (the gateway's and Keycloak's).
class Browser {
  jars = new Map();

  async get(url) { return this.#send(url, { method: 'GET' }); }

  async post(url, form) {
    return this.#send(url, { method: 'POST', body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async #send(url, init) {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map();
    this.jars.set(host, jar);
    const headers = { ...(init.headers ?? {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
}

const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))[1];
const unescapeHtml = (text) => text.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=').replaceAll('&quot;', '"');

// What the person does: allow on the gateway's consent page, then type their user name and password into
// Keycloak's login form and submit it; Keycloak sends the browser back through the gateway's callback.
async function signInWithBrowser(authorizationUrl) {
  const browser = new Browser();
  const consent = await browser.get(authorizationUrl.href);
  assert.equal(consent.status, 200);
  const page = await consent.text();
  const approved = await browser.post(`${gateway.base}/consent`, { transaction: hidden(page, 'transaction'),
    csrf_token: hidden(page, 'csrf_token'), decision: 'approve' });
  assert.equal(approved.status, 303);
  const keycloakUrl = new URL(approved.headers.get('location'));
  assert.equal(`${keycloakUrl.origin}${keycloakUrl.pathname}`, `${env('IDP_ISSUER')}/protocol/openid-connect/auth`);
  assert.equal(keycloakUrl.searchParams.get('client_id'), env('IDP_CLIENT_ID'));
  const login = await browser.get(keycloakUrl.href);
  assert.equal(login.status, 200);
  const form = await login.text();
  const action = form.match(/<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/s)?.[1];
  assert.ok(action, `Keycloak's login form:\n${form.slice(0, 2000)}`);
  const submitted = await browser.post(unescapeHtml(action), { username: env('IDP_USER'), password: env('IDP_PASSWORD'),
    credentialId: '' });
  assert.equal(submitted.status, 302, await submitted.text());
  const callbackUrl = submitted.headers.get('location');
  assert.ok(callbackUrl.startsWith(`${gateway.base}/oauth/callback?`), callbackUrl);
  const callback = await browser.get(callbackUrl);
  assert.equal(callback.status, 302, await callback.text());
  const redirect = new URL(callback.headers.get('location'));
  assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT);
  return redirect.searchParams.get('code');
}

// The SDK's OAuthClientProvider, kept in memory; the "redirect" runs the scripted browser.
class ScriptedProvider {
  client;
  saved;
  verifier;
  code;

  get redirectUrl() { return REDIRECT; }

  get clientMetadata() {
    return { client_name: 'Keycloak e2e client', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  clientInformation() { return this.client; }

  saveClientInformation(info) { this.client = info; }

  tokens() { return this.saved; }

  saveTokens(tokens) { this.saved = tokens; }

  async redirectToAuthorization(url) { this.code = await signInWithBrowser(url); }

  saveCodeVerifier(verifier) { this.verifier = verifier; }

  codeVerifier() { return this.verifier; }
}

test('a person signs in at the Keycloak realm setup-idp made, and the group its mapper sends opens the backend', async () => {
  const provider = new ScriptedProvider();
  const transport = new StreamableHTTPClientTransport(new URL(gateway.mcp), { authProvider: provider });
  await assert.rejects(new Client({ name: 'keycloak-e2e', version: '1.0.0' }).connect(transport), UnauthorizedError);
  assert.ok(provider.code, 'the browser brought back a code');
  await transport.finishAuth(provider.code);
  const claims = JSON.parse(Buffer.from(provider.tokens().access_token.split('.')[1], 'base64url'));
  assert.ok(claims.sub, 'the gateway issued its own access token');

  const client = new Client({ name: 'keycloak-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcp), { authProvider: provider }));
  let tools = [];
  for (let i = 0; tools.length === 0; i++) {
    if (i > 120) throw new Error(`the CNPG tools never appeared for a member of dba:\n${gateway.log().slice(-3000)}`);
    tools = (await client.listTools()).tools;
    if (tools.length === 0) await new Promise((r) => setTimeout(r, 250));
  }
  const result = await client.callTool({ name: 'cnpg_list_postgres_clusters', arguments: { namespace: 'default' } });
  assert.ok(!result.isError, JSON.stringify(result));
  await client.close();
});
