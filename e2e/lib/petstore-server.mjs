// A small REST service implementing part of the Swagger Petstore 3 document (the real published one, kept at
// gateway/src/test/resources/openapi/petstore.yaml and served at /api/v3/openapi.yaml), pets in memory. Each request
// is recorded for the tests (GET /_seen); POST /_document replaces the document served. Also a benchmark target: GET /api/v3/pet/{id} is one small JSON object.
//   node e2e/lib/petstore-server.mjs <port>
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let document = readFileSync(path.join(root, 'gateway', 'src', 'test', 'resources', 'openapi', 'petstore.yaml'), 'utf8');
const port = Number(process.argv[2] ?? 0);

const pets = new Map();
const pet = (id, name, status, tag) => pets.set(id, { id, name, status, category: { id: 1, name: 'Dogs' },
  photoUrls: [`https://example.invalid/${name}.png`], tags: [{ id: 1, name: tag }] });
pet(1, 'doggie', 'available', 'friendly');
pet(2, 'kitty', 'sold', 'calm');
pet(3, 'rex', 'available', 'calm');
// Many pending pets: a list long enough that the gateway must cut it.
for (let id = 100; id < 1100; id++) pet(id, `pending pet number ${id} with a longer name`, 'pending', 'waiting');
const seen = [];

const json = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString();
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/_seen') return json(res, 200, seen.slice(-20));
  // Tests replace the document the service serves (an empty body restores the Petstore's).
  if (url.pathname === '/_document' && req.method === 'POST') {
    document = body || readFileSync(path.join(root, 'gateway', 'src', 'test', 'resources', 'openapi', 'petstore.yaml'), 'utf8');
    return json(res, 200, { ok: true });
  }
  seen.push({ method: req.method, url: req.url, headers: req.headers, body });
  if (seen.length > 1000) seen.splice(0, 500);
  const p = url.pathname.replace(/^\/api\/v3/, '');
  if (req.method === 'GET' && p === '/openapi.yaml') {
    res.writeHead(200, { 'Content-Type': 'application/yaml' });
    return res.end(document);
  }
  if (req.method === 'GET' && p === '/pet/findByStatus') {
    const status = url.searchParams.get('status') ?? 'available';
    return json(res, 200, [...pets.values()].filter((x) => x.status === status));
  }
  if (req.method === 'GET' && p === '/pet/findByTags') {
    const tags = url.searchParams.getAll('tags');
    return json(res, 200, [...pets.values()].filter((x) => tags.includes(x.tags[0].name)));
  }
  let match = /^\/pet\/([^/]+)$/.exec(p);
  if (match) {
    const found = pets.get(Number(decodeURIComponent(match[1])));
    if (!found) return json(res, 404, { code: 404, message: `Pet not found: ${decodeURIComponent(match[1])}` });
    if (req.method === 'DELETE') { pets.delete(found.id); return json(res, 200, { message: 'deleted' }); }
    return json(res, 200, found);
  }
  if (p === '/pet' && (req.method === 'POST' || req.method === 'PUT')) {
    const created = JSON.parse(body);
    pets.set(created.id, created);
    return json(res, 200, created);
  }
  if (req.method === 'GET' && p === '/store/inventory') return json(res, 200, { available: 2, sold: 1, pending: 1000 });
  match = /^\/user\/([^/]+)$/.exec(p);
  if (req.method === 'GET' && match && !['login', 'logout'].includes(match[1])) {
    return json(res, 200, { username: decodeURIComponent(match[1]) });
  }
  if (req.method === 'GET' && p === '/user/login') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end('<html><body><form>Sign in first</form></body></html>');
  }
  json(res, 404, { message: 'no such operation here' });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
