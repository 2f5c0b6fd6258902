// getPeerX509Certificate() is the leaf alone on Bun: its issuerCertificate is undefined even
// when the peer sent its chain or the issuer is a trusted CA, and getPeerCertificate(true) has
// no issuerCertificate. Three connections, as Node's TLS wrap links issuers from the second on.
import { deferred, fixture } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  const chainCert = fixture('server.pem') + fixture('ca.pem');
  const l = listen({ hostname: '127.0.0.1', port: 0, tls: { cert: chainCert, key: fixture('server-key.pem'), ca: fixture('ca.pem'), requestCert: true }, socket: {
    handshake(s) {
      const x = s.getX509Certificate(), p = s.getPeerX509Certificate();
      trace('server', 'own', x?.subject, typeof x?.issuerCertificate, 'peer', p?.subject, typeof p?.issuerCertificate, 'issuerCertificate' in (s.getPeerCertificate(true) ?? {}));
    }, data() {}, close() {} } });
  for (let i = 0; i < 3; i++) {
    const d = deferred();
    await connect({ hostname: 'localhost', port: l.port, tls: { ca: fixture('ca.pem'), cert: fixture('client.pem'), key: fixture('client-key.pem') }, socket: {
      handshake(s) {
        const p = s.getPeerX509Certificate(), x = s.getX509Certificate();
        const pc = s.getPeerCertificate(true);
        trace('client', i, 'peer', p?.subject, typeof p?.issuerCertificate, p?.issuerCertificate?.subject, 'own', typeof x?.issuerCertificate, 'detailed has issuerCertificate', pc && 'issuerCertificate' in pc, pc?.issuerCertificate?.subject);
        s.end();
      }, data() {}, close() { d.resolve(); } } });
    await d.promise;
  }
  l.stop(true);
}
