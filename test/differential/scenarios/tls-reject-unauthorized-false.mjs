// rejectUnauthorized:false: verification still runs and reports its error, but the handshake
// succeeds and the connection stays usable (self-signed, unknown CA, expired, default store).
// Spec §5 "Verification defaults".
import { pair, tlsRecorder, fixture, authErr } from '../lib.mjs';

const cases = [
  ['self-signed', 'self-signed', {}],
  ['unknown CA', 'server', { ca: fixture('unrelated-ca.pem') }],
  ['expired', 'expired', { ca: fixture('ca.pem') }],
  ['default store', 'server', {}],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, certName, clientTls] of cases) {
    const c = `${label} client`;
    await pair({ connect, listen }, {
      listenOpts: { tls: { cert: fixture(`${certName}.pem`), key: fixture(`${certName}-key.pem`) } },
      connectOpts: { hostname: 'localhost', tls: { ...clientTls, rejectUnauthorized: false } },
      server: { data(s, d) { s.write(d); }, handshake() {} },
      client: tlsRecorder(trace, c, {
        handshake(s) { s.write('ping'); },
        data(s) { s.end(); },
        drain: null,
        close(s) { trace(c, 'after close', s.authorized, authErr(s.getAuthorizationError())); },
      }),
    });
  }
}
