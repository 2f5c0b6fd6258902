// Bad key material throws synchronously from listen()/connect() with OpenSSL-derived codes:
// malformed PEM (ERR_OSSL_PEM_NO_START_LINE), a key that does not match the certificate
// (ERR_OSSL_X509_KEY_VALUES_MISMATCH; of another type, ERR_OSSL_X509_KEY_TYPE_MISMATCH), an encrypted key with no or a wrong passphrase
// (ERR_OSSL_BAD_DECRYPT; the right one works), a garbage CA (ERR_BORINGSSL). Other accepted
// forms (ArrayBuffer, arrays, cert or key alone) listen. Spec §5 "Enabling TLS".
import { readFileSync } from 'node:fs';
import { attemptCode, fixture, serverTls } from '../lib.mjs';

// The demo's development certificate is EC (P-256); the fixtures are RSA.
const ec = (name) => readFileSync(new URL(`../../../examples/certs/${name}`, import.meta.url), 'utf8');

const { cert, key } = serverTls();
const encrypted = fixture('server-key-encrypted.pem');
const listenCases = {
  'cert garbage': { cert: 'garbage', key },
  "cert ''": { cert: '', key },
  'key garbage': { cert, key: 'garbage' },
  'ca garbage': { cert, key, ca: 'garbage' },
  'key of another cert': { cert, key: fixture('client-key.pem') },
  'EC key for an RSA cert': { cert, key: ec('dev-key.pem') },
  'RSA key for an EC cert': { cert: ec('dev-cert.pem'), key },
  'encrypted key, no passphrase': { cert, key: encrypted },
  'encrypted key, wrong passphrase': { cert, key: encrypted, passphrase: 'nope' },
  'encrypted key, right passphrase': { cert, key: encrypted, passphrase: 'bunsock' },
  'ArrayBuffer cert, Uint8Array key': { cert: new TextEncoder().encode(cert).buffer, key: new TextEncoder().encode(key) },
  'arrays, mixed forms': { cert: [cert], key: [Buffer.from(key)] },
  'cert alone': { cert },
  'key alone': { key },
  'cert: null': { cert: null, key },
};
const connectCases = {
  'ca garbage': { ca: 'garbage' },
  "ca ''": { ca: '' },
  'ca array with garbage': { ca: [fixture('ca.pem'), 'garbage'] },
  'client cert garbage': { cert: 'garbage', key: fixture('client-key.pem') },
  'client key of another cert': { cert: fixture('client.pem'), key },
  'client EC key for an RSA cert': { cert: fixture('client.pem'), key: ec('dev-key.pem') },
  'client encrypted key, wrong passphrase': { cert, key: encrypted, passphrase: 'nope' },
};

export default async function ({ connect, listen, trace }) {
  for (const [label, tls] of Object.entries(listenCases)) {
    trace('listen', label, attemptCode(() => {
      listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data() {} } }).stop(true);
      return 'listening';
    }));
  }
  const target = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  for (const [label, tls] of Object.entries(connectCases)) {
    trace('connect', label, attemptCode(() => {
      connect({ hostname: '127.0.0.1', port: target.port, tls, socket: { data() {}, open(s) { s.terminate(); } } }).catch(() => {});
      return 'connecting';
    }));
  }
  target.stop(true);
}
