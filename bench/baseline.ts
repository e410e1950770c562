// The baseline of the benchmark: a bare node:http server that answers every request with the
// same small JSON body, run as its own process (`node dist/bench/baseline.js`). It prints
// `baseline listening on http://127.0.0.1:<port>` when ready, like connect-local does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BASELINE_BODY = '{"Instance":{"Id":"baseline","InstanceStatus":"ACTIVE"}}';

const body = Buffer.from(BASELINE_BODY);
const server = createServer((req, res) => {
  // drain whatever the request carries, then answer
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`baseline listening on http://127.0.0.1:${port}\n`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
