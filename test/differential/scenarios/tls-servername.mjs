// SNI: the client sends its hostname, an IP literal too (IP SNI), or serverName/servername
// (serverName wins); getServername() on both sides, before the handshake (client open)
// and after it, and undefined after close. Spec §5 "Enabling TLS", members table.
import { pair, fixture } from '../lib.mjs';

const cases = [
  ['localhost', '127.0.0.1', {}],
  ['127.0.0.1', '127.0.0.1', {}],
  ['::1', '::1', {}],
  ['127.0.0.1', '127.0.0.1', { serverName: 'localhost' }],
  ['127.0.0.1', '127.0.0.1', { servername: 'localhost' }],
  ['127.0.0.1', '127.0.0.1', { serverName: 'localhost', servername: 'other.test' }],
];

export default async function ({ connect, listen, trace }) {
  for (const [hostname, listenHost, extra] of cases) {
    const ch = `${hostname} ${JSON.stringify(extra)}`;
    await pair({ connect, listen }, {
      listenOpts: { hostname: listenHost, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
      connectOpts: { hostname, tls: { ca: fixture('ca.pem'), ...extra } },
      server: {
        handshake(s, ok) { trace(`${ch} server`, 'handshake', ok, s.getServername()); },
        data() {},
        close(s) { trace(`${ch} server`, 'after close', s.getServername()); },
      },
      client: {
        open(s) { trace(`${ch} client`, 'open', s.getServername()); },
        handshake(s, ok) { trace(`${ch} client`, 'handshake', ok, s.getServername()); s.end(); },
        data() {},
        close(s) { trace(`${ch} client`, 'after close', s.getServername()); },
      },
    });
  }
}
