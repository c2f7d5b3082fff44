// A stand-in Daji for figure 1, run as its own process so its work never shares the client's event loop.
// It answers every keyword search with the spec's example body and prints `listening <port>` when ready.
// It exits when its parent closes stdin, so it can never outlive the benchmark.
import { createServer } from 'node:http';
import { KEYWORD_PATH, keywordSearchBody } from './fixtures.js';

const body = Buffer.from(keywordSearchBody());

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith(`${KEYWORD_PATH}?`)) {
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
    res.end(body);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"status":404,"error":"Not Found"}');
  }
});
server.keepAliveTimeout = 30_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('close', () => process.exit(0));
