// A switchable TCP relay between the browser and the server, so that "offline" in the
// end-to-end tests is offline for everything in the browser, the service worker
// included (Playwright's context.setOffline does not cut the service worker's own
// requests). While offline, every open connection is cut and new ones are refused.
//
//   node relay.mjs LISTEN_PORT TARGET_PORT CONTROL_PORT
//   POST http://127.0.0.1:CONTROL_PORT/offline | /online ;  GET /state
import { createServer as createHttp } from 'node:http';
import { connect, createServer } from 'node:net';

const [listenPort, targetPort, controlPort] = process.argv.slice(2).map(Number);
if (!listenPort || !targetPort || !controlPort) {
  console.error('usage: node relay.mjs LISTEN_PORT TARGET_PORT CONTROL_PORT');
  process.exit(2);
}

let offline = false;
const open = new Set();

const relay = createServer((client) => {
  if (offline) {
    client.destroy();
    return;
  }
  const upstream = connect(targetPort, '127.0.0.1');
  const pair = { client, upstream };
  open.add(pair);
  const close = () => {
    open.delete(pair);
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
});
relay.listen(listenPort, '127.0.0.1');

createHttp((req, res) => {
  if (req.method === 'POST' && (req.url === '/offline' || req.url === '/online')) {
    offline = req.url === '/offline';
    if (offline) {
      for (const { client, upstream } of open) {
        client.destroy();
        upstream.destroy();
      }
      open.clear();
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ offline, open: open.size }));
}).listen(controlPort, '127.0.0.1');

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
