// ALPN failures: a plain-string server list with a wire-format client, or two disjoint wire
// lists, fail the handshake on both sides (no_application_protocol alert); the connect
// promise still resolves. Spec §5 "ALPNProtocols".
import { pair, tlsRecorder, fixture } from '../lib.mjs';

const wire = (n) => Buffer.concat([Buffer.from([n.length]), Buffer.from(n)]);
const cases = [
  ['plain server, wire client', 'h2', wire('h2')],
  ['disjoint wire lists', wire('h2'), wire('xx')],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, serverAlpn, clientAlpn] of cases) {
    const c = `${label} client`;
    const s = `${label} server`;
    await pair({ connect, listen }, {
      listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem'), ALPNProtocols: serverAlpn } },
      connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem'), ALPNProtocols: clientAlpn } },
      server: tlsRecorder(trace, s, { error() {}, close(sock) { trace(s, 'alpnProtocol', sock.alpnProtocol); } }),
      client: tlsRecorder(trace, c, { error() {}, connectError() {}, close(sock) { trace(c, 'alpnProtocol', sock.alpnProtocol); } }),
      setup() { trace(c, 'promise resolved'); },
    });
  }
}
