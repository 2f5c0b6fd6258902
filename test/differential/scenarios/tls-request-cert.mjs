// Server requestCert:true: without a client certificate the server fails the handshake
// (EPROTO) and the client sees success, then error(EPROTO) and close; with a CA-signed client
// certificate both succeed (server authorized, peer subject); a self-signed client certificate
// gives the server success true with DEPTH_ZERO_SELF_SIGNED_CERT and then a close. Spec §5.
import { pair, tlsRecorder, fixture, serverTls, clientCertTls, trustTls } from '../lib.mjs';

const selfSigned = () => trustTls({ cert: fixture('self-signed.pem'), key: fixture('self-signed-key.pem') });
const cases = [
  ['no client cert', { requestCert: true, ca: fixture('ca.pem') }, trustTls],
  ['CA-signed client cert', { requestCert: true, ca: fixture('ca.pem') }, clientCertTls],
  ['self-signed client cert', { requestCert: true, ca: fixture('ca.pem') }, selfSigned],
  ['CA-signed, server without ca', { requestCert: true }, clientCertTls],
  ['self-signed, server rUA:false', { requestCert: true, ca: fixture('ca.pem'), rejectUnauthorized: false }, selfSigned],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, serverExtra, clientTls] of cases) {
    const s = `${label} server`;
    const c = `${label} client`;
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), ...serverExtra } },
      connectOpts: { hostname: 'localhost', tls: clientTls() },
      server: tlsRecorder(trace, s, {
        handshake(sock) { trace(s, 'peer subject', sock.getPeerCertificate()?.subject ?? null); },
        data(sock, d) { sock.write(d); },
        error() {},
        drain: null,
      }),
      client: tlsRecorder(trace, c, {
        handshake(sock) { trace(c, 'write', sock.write('hi')); },
        data(sock) { sock.end(); },
        error() {},
        drain: null,
      }),
    });
  }
}
