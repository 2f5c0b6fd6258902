// TLS getters inside handshake(false, ...) and in close after a failed handshake, on both
// sides: a client rejecting the server (unknown CA), a server requiring a client certificate
// that was not sent, and a listener without a certificate. Reading them must be safe and
// give Bun's values for a connection whose TLS session is being torn down.
import { pair, serverTls, trustTls, tlsState, fixture } from '../lib.mjs';

const cases = [
  ['client rejects server', serverTls(), { rejectUnauthorized: true }],
  ['client cert missing', { ...serverTls(), ca: fixture('ca.pem'), requestCert: true }, trustTls()],
  ['listener without cert', true, { rejectUnauthorized: false }],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, listenTls, clientTls] of cases) {
    const h = (ch) => ({
      handshake(s, ok) { trace(ch, 'handshake', ok, tlsState(s)); },
      data() {},
      error() {},
      close(s) { trace(ch, 'close', tlsState(s)); },
    });
    await pair({ connect, listen }, {
      listenOpts: { tls: listenTls },
      connectOpts: { hostname: 'localhost', tls: clientTls },
      server: h(`${label} server`),
      client: h(`${label} client`),
    });
  }
}
