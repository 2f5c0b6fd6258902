// setVerifyMode(requestCert, rejectUnauthorized) before the handshake (in `open`) sets the
// socket's own mode, as on Bun 1.4.5. Server: (true, x) asks for the client certificate (the
// peer's CN is then known, authorized when it verifies); (true, true) fails a handshake without
// one (EPROTO) and closes after one that does not verify; (false, x) stops a requestCert
// listener from asking. Client (rejectUnauthorized:false): a second argument true rejects an
// untrusted server, and a client whose config verifies follows the new pair too (false: the
// handshake completes with the error). In the handshake callback (after it) nothing observable
// changes.
import { pair, tlsRecorder, fixture, serverTls, clientCertTls, trustTls } from '../lib.mjs';
const selfSigned = () => trustTls({ cert: fixture('self-signed.pem'), key: fixture('self-signed-key.pem') });
const ca = fixture('ca.pem');
const cases = [
  // label, side that calls it (s/c), where (open/handshake), args, server tls extra, client tls
  ['s-open tf cert', 's', 'open', [true, false], { ca }, clientCertTls],
  ['s-open tt cert', 's', 'open', [true, true], { ca }, clientCertTls],
  ['s-open tt nocert', 's', 'open', [true, true], { ca }, trustTls],
  ['s-open tf nocert', 's', 'open', [true, false], { ca }, trustTls],
  ['s-open tt selfsigned', 's', 'open', [true, true], { ca }, selfSigned],
  ['s-open tf selfsigned', 's', 'open', [true, false], { ca }, selfSigned],
  ['s-open ft cert', 's', 'open', [false, true], { ca }, clientCertTls],
  ['s-open ff reqcert cert', 's', 'open', [false, false], { ca, requestCert: true }, clientCertTls],
  ['s-open ff reqcert nocert', 's', 'open', [false, false], { ca, requestCert: true }, trustTls],
  ['s-open tf reqcert selfsigned', 's', 'open', [true, false], { ca, requestCert: true }, selfSigned],
  ['s-open tt reqcert-rUAf selfsigned', 's', 'open', [true, true], { ca, requestCert: true, rejectUnauthorized: false }, selfSigned],
  ['s-hs tt cert', 's', 'handshake', [true, true], { ca }, clientCertTls],
  ['s-hs ff reqcert cert', 's', 'handshake', [false, false], { ca, requestCert: true }, clientCertTls],
  ['c-open tt untrusted rUAf', 'c', 'open', [true, true], {}, () => ({ rejectUnauthorized: false })],
  ['c-open ft untrusted rUAf', 'c', 'open', [false, true], {}, () => ({ rejectUnauthorized: false })],
  ['c-open ff untrusted rUAf', 'c', 'open', [false, false], {}, () => ({ rejectUnauthorized: false })],
  ['c-open ff untrusted verifying', 'c', 'open', [false, false], {}, () => ({ rejectUnauthorized: true })],
  ['c-open tt untrusted verifying', 'c', 'open', [true, true], {}, () => ({ rejectUnauthorized: true })],
];
export default async function ({ connect, listen, trace }) {
  for (const [label, where, when, args, serverExtra, clientTls] of cases) {
    const s = `${label} server`, c = `${label} client`;
    const hook = (side, ch) => (sock) => { if (where === side) trace(ch, 'svm', sock.setVerifyMode(...args)); };
    const sh = hook('s', s), ch = hook('c', c);
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), ...serverExtra } },
      connectOpts: { hostname: 'localhost', tls: clientTls() },
      server: tlsRecorder(trace, s, {
        open(sock) { if (when === 'open') sh(sock); },
        handshake(sock) { trace(s, 'peer', sock.getPeerCertificate()?.subject?.CN ?? null); if (when === 'handshake') { sh(sock); trace(s, 'after', sock.authorized, sock.getAuthorizationError()?.code ?? null); } },
        data(sock, d) { sock.write(d); },
        error() {}, drain: null,
      }),
      client: tlsRecorder(trace, c, {
        open(sock) { if (when === 'open') ch(sock); },
        handshake(sock) { trace(c, 'write', sock.write('hi')); },
        data(sock) { sock.end(); },
        error() {}, drain: null,
      }),
    });
  }
}
