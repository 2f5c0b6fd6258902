// TLS option types are checked synchronously by listen() and connect(), with Bun's classes
// and codes: cert/key/ca forms (non-BunFile Blobs included), ALPNProtocols (arrays throw),
// booleans, strings, numeric maxVersion/minVersion, dhParamsFile, and an array of
// configurations (one per server name) is refused. Spec §5 "Enabling TLS".
import { attemptCode, serverTls } from '../lib.mjs';

const { cert, key } = serverTls();
const cases = {
  'cert: 5': { cert: 5, key },
  'key: 5': { cert, key: 5 },
  'ca: 5': { cert, key, ca: 5 },
  'cert: {}': { cert: {}, key },
  'key: [{pem}]': { cert, key: [{ pem: key }] },
  'cert: [5]': { cert: [5], key },
  'cert: Blob (not a BunFile)': { cert: new Blob([cert]), key },
  "ALPNProtocols: ['h2']": { cert, key, ALPNProtocols: ['h2'] },
  'ALPNProtocols: 5': { cert, key, ALPNProtocols: 5 },
  "rejectUnauthorized: 'x'": { cert, key, rejectUnauthorized: 'x' },
  "requestCert: 'x'": { cert, key, requestCert: 'x' },
  'serverName: 5': { cert, key, serverName: 5 },
  'servername: 5': { cert, key, servername: 5 },
  'passphrase: 5': { cert, key, passphrase: 5 },
  'ciphers: 5': { cert, key, ciphers: 5 },
  "lowMemoryMode: 'x'": { cert, key, lowMemoryMode: 'x' },
  "secureOptions: 'x'": { cert, key, secureOptions: 'x' },
  "maxVersion: 'TLSv1.2'": { cert, key, maxVersion: 'TLSv1.2' },
  'maxVersion: 1.5': { cert, key, maxVersion: 1.5 },
  "minVersion: 'TLSv1.2'": { cert, key, minVersion: 'TLSv1.2' },
  'dhParamsFile: 5': { cert, key, dhParamsFile: 5 },
  'dhParamsFile missing': { cert, key, dhParamsFile: '/nonexistent/bunsock-dh.pem' },
  // No SNI-based certificate selection: an array of configurations is refused.
  'tls: [two configs]': [{ serverName: 'localhost', cert, key }, { serverName: 'other.test', cert, key }],
};

export default async function ({ connect, listen, trace }) {
  const target = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  for (const [label, tls] of Object.entries(cases)) {
    trace('listen', label, attemptCode(() => {
      const l = listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data() {} } });
      l.stop(true);
      return 'listening';
    }));
    trace('connect', label, attemptCode(() => {
      const p = connect({ hostname: '127.0.0.1', port: target.port, tls, socket: { data() {}, open(s) { s.terminate(); } } });
      p.catch(() => {});
      return 'connecting';
    }));
  }
  target.stop(true);
}
