// A TLS client socket's getters in each state: before the handshake (open, with a handshake
// handler), in handshake, after data was exchanged (the TLS 1.3 ticket has arrived), and
// after close; without and with a client certificate. Spec §5 "TLS members".
import { pair, serverTls, tlsState, trustTls, clientCertTls, fixture } from '../lib.mjs';

const cases = [
  ['client', serverTls(), trustTls],
  ['client with cert', { ...serverTls(), ca: fixture('ca.pem'), requestCert: true }, clientCertTls],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, listenTls, clientTls] of cases) {
    await pair({ connect, listen }, {
      listenOpts: { tls: listenTls },
      connectOpts: { hostname: 'localhost', tls: clientTls() },
      server: { data(s, d) { s.write(d); }, handshake() {} },
      client: {
        open(s) { trace(label, 'open', tlsState(s)); },
        handshake(s) { trace(label, 'handshake', tlsState(s)); s.write('x'); },
        data(s) { trace(label, 'after data', tlsState(s)); s.end(); },
        close(s) { trace(label, 'close', tlsState(s)); },
      },
    });
  }
}
