// The file-path TLS options (keyFile, certFile, caFile, dhParamsFile) as Bun 1.4.5 reads them:
// valid paths handshake; a path it cannot access (missing, empty, any path ending in "/") throws
// TypeError ERR_INVALID_ARG_TYPE naming the option (dhParamsFile, then keyFile, certFile, caFile,
// before any material); a directory or a file without PEM reads as no PEM
// (ERR_OSSL_PEM_NO_START_LINE for key and cert, ERR_BORINGSSL "Failed to load CA file" for
// caFile); dhParamsFile holding anything but DH parameters is ERR_OSSL_PEM_NO_START_LINE, checked
// before the ciphers.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pair, authErr, attemptCode } from '../lib.mjs';

const F = (name) => fileURLToPath(new URL(`../../fixtures/tls/${name}`, import.meta.url));
// A directory: without a trailing slash Bun reads it as nothing, with one it cannot access it.
const DIR = fileURLToPath(new URL('../../fixtures/tls/', import.meta.url)).replace(/\/$/, '');
const DH = `-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
-----END DH PARAMETERS-----
`;
const listening = (listen, tls) => () => {
  const l = listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data() {} } });
  l.stop(true);
  return 'listening';
};

export default async function ({ connect, listen, trace, tmpPath }) {
  const garbage = tmpPath('garbage.pem');
  const dh = tmpPath('dh.pem');
  writeFileSync(garbage, 'hello\n');
  writeFileSync(dh, DH);
  const kc = { keyFile: F('server-key.pem'), certFile: F('server.pem') };
  const cases = [
    ['keyFile+certFile', kc],
    ['keyFile missing', { ...kc, keyFile: '/nonexistent/k.pem' }],
    ['keyFile empty path', { ...kc, keyFile: '' }],
    ['certFile missing', { ...kc, certFile: '/nonexistent/c.pem' }],
    ['caFile missing', { ...kc, caFile: '/nonexistent/ca.pem' }],
    ['keyFile and certFile missing', { keyFile: '/nonexistent/k.pem', certFile: '/nonexistent/c.pem' }],
    ['keyFile missing, ca junk', { ...kc, keyFile: '/nonexistent/k.pem', ca: 'junk' }],
    ['keyFile missing, dhParamsFile missing', { ...kc, keyFile: '/nonexistent/k.pem', dhParamsFile: '/nonexistent/dh.pem' }],
    ['keyFile directory', { ...kc, keyFile: DIR }],
    ['keyFile directory/', { ...kc, keyFile: `${DIR}/` }],
    ['keyFile file/', { ...kc, keyFile: `${F('server-key.pem')}/` }],
    ['certFile directory', { ...kc, certFile: DIR }],
    ['keyFile garbage', { ...kc, keyFile: garbage }],
    ['caFile directory', { ...kc, caFile: DIR }],
    ['caFile garbage', { ...kc, caFile: garbage }],
    ['caFile valid', { ...kc, caFile: F('ca.pem') }],
    ['keyFile of another certificate', { ...kc, keyFile: F('client-key.pem') }],
    ['dhParamsFile valid', { ...kc, dhParamsFile: dh }],
    ['dhParamsFile a certificate', { ...kc, dhParamsFile: F('server.pem') }],
    ['dhParamsFile garbage', { ...kc, dhParamsFile: garbage }],
    ['dhParamsFile directory', { ...kc, dhParamsFile: DIR }],
    ['dhParamsFile a certificate, bad ciphers', { ...kc, dhParamsFile: F('server.pem'), ciphers: 'NONSENSE' }],
  ];
  for (const [label, tls] of cases) trace('listen', label, attemptCode(listening(listen, tls)));
  trace('connect', 'caFile missing', attemptCode(() => { connect({ hostname: '127.0.0.1', port: 1, tls: { caFile: '/nonexistent' }, socket: { data() {} } }); }));
  trace('connect', 'caFile garbage', attemptCode(() => { connect({ hostname: '127.0.0.1', port: 1, tls: { caFile: garbage }, socket: { data() {} } }); }));
  trace('connect', 'dhParamsFile a certificate', attemptCode(() => { connect({ hostname: '127.0.0.1', port: 1, tls: { dhParamsFile: F('server.pem') }, socket: { data() {} } }); }));

  // Files that are good handshake: the server from keyFile/certFile (and DH parameters), the
  // client trusting the CA from caFile.
  await pair({ connect, listen }, {
    listenOpts: { tls: { ...kc, dhParamsFile: dh } },
    connectOpts: { hostname: 'localhost', tls: { caFile: F('ca.pem') } },
    server: { data() {}, handshake(s, ok, e) { trace('handshake', 'server', ok, authErr(e)?.code ?? null); }, error() {} },
    client: { data() {}, handshake(s, ok, e) { trace('handshake', 'client', ok, authErr(e), s.authorized); s.end(); }, error() {} },
  });
}
