// A TLS listener without both cert and key (tls:true, cert alone, key alone, only
// requestCert:true) listens, but every handshake fails: the server sees handshake(false,
// EPROTO), the client handshake(false, ...) and both close; the connect promise resolves.
// Spec §5 "Enabling TLS".
import { pair, tlsRecorder, serverTls } from '../lib.mjs';

const { cert, key } = serverTls();
const cases = [['tls: true', true], ['cert alone', { cert }], ['key alone', { key }], ['requestCert only', { requestCert: true }]];

export default async function ({ connect, listen, trace }) {
  for (const [label, tls] of cases) {
    await pair({ connect, listen }, {
      listenOpts: { tls },
      connectOpts: { hostname: 'localhost', tls: { rejectUnauthorized: false } },
      server: tlsRecorder(trace, `${label} server`, { error() {} }),
      client: tlsRecorder(trace, `${label} client`, { error() {} }),
      setup() { trace(`${label} client`, 'promise resolved'); },
    });
  }
}
