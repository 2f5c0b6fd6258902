// Host-name mismatch (a CA-signed cert for other.test, or a serverName the cert does not
// name): handshake success is false even with rejectUnauthorized:false, and then the
// connection stays open and usable; with verification on, the client closes. Spec §5, §6.8.
import { pair, tlsRecorder, fixture, serverTls, authErr } from '../lib.mjs';

const otherHost = () => ({ cert: fixture('other-host.pem'), key: fixture('other-host-key.pem') });
const cases = [
  ['other-host cert, rUA:false', otherHost, { rejectUnauthorized: false }],
  ['other-host cert, verifying', otherHost, {}],
  ['serverName mismatch, rUA:false', serverTls, { serverName: 'nothere.test', rejectUnauthorized: false }],
  ['serverName mismatch, verifying', serverTls, { serverName: 'nothere.test' }],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, serverOpts, clientTls] of cases) {
    const c = `${label} client`;
    await pair({ connect, listen }, {
      listenOpts: { tls: serverOpts() },
      connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem'), ...clientTls } },
      server: { data(s, d) { s.write(d); }, handshake() {} },
      client: tlsRecorder(trace, c, {
        handshake(s, ok) { trace(c, 'write', s.write('ping')); },
        data(s) { s.end(); },
        drain: null,
        close(s) { trace(c, 'after close', s.authorized, authErr(s.getAuthorizationError())); },
      }),
    });
  }
}
