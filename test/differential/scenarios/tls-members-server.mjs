// A TLS server socket's getters in each state: open (before the handshake, with a handshake
// handler), handshake, after data, after close; without and with a client certificate.
// Spec §5 "TLS members" (server column).
import { pair, serverTls, tlsState, trustTls, clientCertTls, fixture } from '../lib.mjs';

const cases = [
  ['server', serverTls(), trustTls],
  ['server with client cert', { ...serverTls(), ca: fixture('ca.pem'), requestCert: true }, clientCertTls],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, listenTls, clientTls] of cases) {
    await pair({ connect, listen }, {
      listenOpts: { tls: listenTls },
      connectOpts: { hostname: 'localhost', tls: clientTls() },
      server: {
        open(s) { trace(label, 'open', tlsState(s)); },
        handshake(s) { trace(label, 'handshake', tlsState(s)); },
        data(s, d) { trace(label, 'after data', tlsState(s)); s.write(d); },
        close(s) { trace(label, 'close', tlsState(s)); },
      },
      client: { handshake(s) { s.write('x'); }, data(s) { s.end(); } },
    });
  }
}
