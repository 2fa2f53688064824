// A stand-in server for test:exec, run inside a test network namespace: `node listener.js SPEC`, where SPEC is
// JSON [{ port, forward? }]. Without `forward` the port answers HTTP 200 to any request (and accepts the bare
// connections of `nc -z`); with it, connections are piped to 127.0.0.1:forward, as kube-proxy does from a
// Service port to a different container port. Prints "listening" once every port is bound.
'use strict';
const http = require('http');
const net = require('net');

const spec = JSON.parse(process.argv[2]);
let pending = spec.length;
const bound = () => {
  if (--pending === 0) process.stdout.write('listening\n');
};
for (const { port, forward } of spec) {
  let server;
  if (forward) {
    server = net.createServer((client) => {
      const upstream = net.connect(forward, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close);
      upstream.on('error', close);
    });
  } else {
    server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
    });
    server.on('clientError', (_err, socket) => socket.destroy());
  }
  server.on('error', (err) => {
    process.stderr.write(`port ${port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(port, '0.0.0.0', bound);
}
