// The smallest HTTP reverse proxy: pipes each request to the target and the answer back, nothing else. The
// gateway benchmark runs it as its own process to show what any extra hop costs on this machine.
//   node e2e/lib/bare-proxy.mjs <port> <target origin>
import http from 'node:http';

const [port, target] = [Number(process.argv[2]), new URL(process.argv[3])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
http.createServer((req, res) => {
  const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method,
    headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => { res.statusCode = 502; res.end(); });
  req.pipe(upstream);
}).listen(port, '127.0.0.1', () => console.log('listening'));
