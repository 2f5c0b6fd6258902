// An expired server certificate under default verification (trusting its CA): the client's
// handshake(false, CERT_HAS_EXPIRED) and close, the server's handshake(false, ECONNRESET); the same
// with rejectUnauthorized:true given explicitly.
import { pair, fixture, tlsRecorder, authErr } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  for (const [label, ctls] of [['default', { ca: fixture('ca.pem') }], ['rejectUnauthorized true', { ca: fixture('ca.pem'), rejectUnauthorized: true }]]) {
    await pair({ connect, listen }, {
      listenOpts: { tls: { cert: fixture('expired.pem'), key: fixture('expired-key.pem') } },
      connectOpts: { hostname: 'localhost', tls: ctls },
      server: tlsRecorder(trace, label + ' server'),
      client: tlsRecorder(trace, label + ' client', { error(s, e) {} }),
    });
  }
}
