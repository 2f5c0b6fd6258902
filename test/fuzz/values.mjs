// Value descriptions for the fuzz suite. fast-check generates *descriptions* (plain JSON) of
// the values to pass; each runtime's worker materializes them (functions, symbols, Buffers,
// Blobs, references to its own listeners), so the same case runs on bunsock and on real Bun
// and a counterexample prints as JSON that replays anywhere.
//
// Safety: every host is loopback ('127.0.0.1', 'localhost', '::1') or invalid, every port is
// 0, out of range, or one of the worker's own listeners (no other service on this machine is
// ever dialled), unix paths live in the worker's temp dir, fds are never ones the process owns.
import fc from 'fast-check';

const d = (t, v) => (v === undefined ? { t } : { t, v });

/** Primitive and exotic values that are wrong for almost every parameter. */
export const junk = fc.oneof(
  fc.constantFrom(
    d('undef'), d('null'), d('bool', true), d('bool', false), d('num', 0), d('num', '-0'), d('num', -1), d('num', 1.5),
    d('num', 'NaN'), d('num', 'Infinity'), d('num', '-Infinity'), d('num', 2 ** 31), d('num', 2 ** 32), d('num', 2 ** 53),
    d('num', -(2 ** 53)), d('str', ''), d('str', 'x'), d('str', '0'), d('str', '-1'), d('str', '1e3'), d('bigint', '0'),
    d('bigint', '70000'), d('bigint', '-1'), d('sym'), d('fn'), d('obj', []), d('arr', []), d('date'), d('regexp'),
    d('blob', 'x'), d('strobj', 'abc'), d('numobj', 5), d('proxy'),
  ),
  fc.integer({ min: -70000, max: 70000 }).map((v) => d('num', v)),
  fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e6, max: 1e6 }).map((v) => d('num', v)),
  fc.string({ maxLength: 6 }).map((v) => d('str', v)),
  fc.uint8Array({ maxLength: 16 }).map((v) => d('buf', Buffer.from(v).toString('hex'))),
  fc.uint8Array({ maxLength: 16 }).map((v) => d('ab', Buffer.from(v).toString('hex'))),
  fc.array(fc.integer({ min: -1, max: 300 }).map((v) => d('num', v)), { maxLength: 3 }).map((v) => d('arr', v)),
);

/** Either a plausible value (75%) or junk. */
const orJunk = (plausible) => fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: junk });

/** `arb`'s value in `percent`% of cases, else absent (undefined). */
const maybe = (arb, percent) => fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

const bool = fc.boolean().map((v) => d('bool', v));
const fn = fc.constant(d('fn'));

/**
 * Loopback hosts only: never a name the resolver would send anywhere. Non-strings are limited
 * to values whose string form is empty, loopback-free 0.0.0.x, or refused before any lookup.
 */
export const host = fc.oneof(
  fc.constantFrom(d('str', '127.0.0.1'), d('str', '127.0.0.1'), d('str', 'localhost'), d('str', '::1'), d('str', '[::1]'), d('str', '')),
  fc.constantFrom(d('undef'), d('null'), d('num', 0), d('arr', [])),
);

/** Ports: our listeners, a closed port, 0, or values that fail validation. Never a port someone else may listen on. */
export const connectPort = fc.oneof(
  fc.constantFrom(d('ref', 'PORT'), d('ref', 'PORT'), d('ref', 'TLSPORT'), d('ref', 'DEAD'), d('refstr', 'PORT'), d('num', 0), d('str', '0'), d('bool', true)),
  fc.constantFrom(d('num', -1), d('num', 65536), d('num', 70000), d('num', 1.5), d('num', 'NaN'), d('str', 'abc'), d('null'), d('undef'), d('obj', []), d('bigint', '70000')),
);
export const listenPort = fc.oneof(
  fc.constantFrom(d('num', 0), d('num', 0), d('str', '0'), d('ref', 'PORT'), d('bigint', '0')),
  fc.constantFrom(d('num', -1), d('num', 65536), d('num', 1.5), d('num', 'NaN'), d('str', 'abc'), d('null'), d('undef'), d('obj', [])),
);

const unixConnect = orJunk(fc.constantFrom(d('ref', 'UNIX'), d('ref', 'MISSING'), d('ref', 'LONGPATH'), d('str', '')));
const unixListen = orJunk(fc.constantFrom(d('ref', 'FRESHUNIX'), d('ref', 'UNIX'), d('ref', 'NODIR'), d('ref', 'LONGPATH'), d('str', '')));

/** Handler tables: functions or junk per handler, and a binaryType. */
export const handlers = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    open: maybe(orJunk(fn), 30),
    data: maybe(fc.oneof({ weight: 3, arbitrary: fn }, { weight: 1, arbitrary: junk }), 80),
    drain: maybe(orJunk(fn), 30),
    close: maybe(orJunk(fn), 30),
    end: maybe(orJunk(fn), 30),
    error: maybe(orJunk(fn), 30),
    timeout: maybe(orJunk(fn), 30),
    connectError: maybe(orJunk(fn), 30),
    handshake: maybe(orJunk(fn), 30),
    binaryType: maybe(orJunk(fc.constantFrom(d('str', 'buffer'), d('str', 'arraybuffer'), d('str', 'uint8array'), d('str', 'blob'))), 30),
  }, { requiredKeys: [] }).map((r) => d('table', r)) },
  { weight: 1, arbitrary: junk },
);

const pem = (name) => fc.constantFrom(d('pem', name), d('pembuf', name));
const material = (name) => orJunk(fc.oneof(pem(name), fc.constantFrom(d('str', 'garbage'), d('str', '')), fc.array(pem(name), { minLength: 1, maxLength: 2 }).map((v) => d('arr', v))));

/** TLS option objects (client and server keys mixed: both sides ignore what is not theirs). */
export const tlsOptions = fc.record({
  cert: maybe(material('server.pem'), 30),
  key: maybe(material('server-key.pem'), 30),
  ca: maybe(material('ca.pem'), 30),
  passphrase: maybe(orJunk(fc.constantFrom(d('str', 'bunsock'), d('str', 'wrong'))), 30),
  serverName: maybe(orJunk(fc.constantFrom(d('str', 'localhost'), d('str', 'other.test'))), 30),
  servername: maybe(orJunk(fc.constant(d('str', 'localhost'))), 30),
  rejectUnauthorized: maybe(orJunk(bool), 30),
  requestCert: maybe(orJunk(bool), 30),
  lowMemoryMode: maybe(orJunk(bool), 30),
  ALPNProtocols: maybe(orJunk(fc.constantFrom(d('str', '\x02h2'), d('buf', '026832'), d('str', 'h2'), d('arr', [d('str', 'h2')]))), 20),
  secureOptions: maybe(junk, 30),
  ciphers: maybe(orJunk(fc.constantFrom(d('str', 'ECDHE-RSA-AES128-GCM-SHA256'), d('str', 'NOT-A-CIPHER'))), 30),
}, { requiredKeys: [] }).map((r) => d('obj', Object.entries(r).filter(([, v]) => v !== undefined)));

const tlsValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(d('undef'), d('bool', false), d('null')) },
  { weight: 1, arbitrary: fc.constantFrom(d('bool', true), d('obj', [])) },
  { weight: 3, arbitrary: tlsOptions },
  { weight: 1, arbitrary: junk },
);

const optionBag = (entries) => fc.record(entries, { requiredKeys: [] }).map((r) => d('obj', Object.entries(r).filter(([, v]) => v !== undefined)));

/** connect() options (or junk instead of the whole object). */
export const connectOptions = fc.oneof(
  { weight: 12, arbitrary: optionBag({
    hostname: maybe(host, 85),
    host: maybe(host, 15),
    port: maybe(connectPort, 90),
    unix: maybe(unixConnect, 8),
    socket: maybe(handlers, 97),
    data: maybe(junk, 20),
    allowHalfOpen: maybe(orJunk(bool), 15),
    exclusive: maybe(orJunk(bool), 15),
    reusePort: maybe(orJunk(bool), 15),
    ipv6Only: maybe(orJunk(bool), 15),
    tls: maybe(tlsValue, 35),
    fd: maybe(fc.constantFrom(d('num', 99999), d('num', -1), d('num', 'NaN'), d('str', 'x'), d('null')), 8),
  }) },
  { weight: 1, arbitrary: junk },
);

/** listen() options. */
export const listenOptions = fc.oneof(
  { weight: 12, arbitrary: optionBag({
    hostname: maybe(host, 85),
    host: maybe(host, 15),
    port: maybe(listenPort, 90),
    unix: maybe(unixListen, 8),
    socket: maybe(handlers, 97),
    data: maybe(junk, 20),
    allowHalfOpen: maybe(orJunk(bool), 15),
    exclusive: maybe(orJunk(bool), 15),
    reusePort: maybe(orJunk(bool), 15),
    ipv6Only: maybe(orJunk(bool), 15),
    tls: maybe(tlsValue, 35),
    fd: maybe(fc.constantFrom(d('num', 99999), d('num', -1), d('num', 'NaN'), d('num', 1.5), d('str', 'x'), d('null'), d('bigint', '70000')), 5),
  }) },
  { weight: 1, arbitrary: junk },
);

const smallInt = fc.integer({ min: -2, max: 70 }).map((v) => d('num', v));
const text = fc.constantFrom(d('str', 'abc'), d('str', 'héllo'), d('str', '414243'), d('strobj', 'xyz'));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 32 }).map((v) => d('buf', Buffer.from(v).toString('hex'))),
  fc.uint8Array({ maxLength: 32 }).map((v) => d('ab', Buffer.from(v).toString('hex'))),
  fc.uint8Array({ maxLength: 32 }).map((v) => d('u16', Buffer.from(v).toString('hex'))),
  fc.uint8Array({ maxLength: 32 }).map((v) => d('dv', Buffer.from(v).toString('hex'))),
);
const writeArgs = fc.tuple(
  orJunk(fc.oneof(text, bytes)),
  maybe(orJunk(fc.oneof(smallInt, fc.constantFrom(d('str', 'hex'), d('str', 'base64'), d('str', 'latin1'), d('str', 'bogus')))), 40),
  maybe(orJunk(smallInt), 40),
);
const anyArgs = fc.array(junk, { maxLength: 3 });
const table = handlers.filter((h) => h.t === 'table');

/** Arguments for each socket method: plausible ones and junk. */
export const socketCall = fc.oneof(
  { weight: 6, arbitrary: writeArgs.map((a) => ['write', trim(a)]) },
  { weight: 3, arbitrary: writeArgs.map((a) => ['end', trim(a)]) },
  ...['flush', 'pause', 'resume', 'ref', 'unref', 'terminate', 'close', 'getAuthorizationError', 'getCipher', 'getSession',
    'getTLSTicket', 'getTLSVersion', 'getServername', 'isSessionReused', 'getEphemeralKeyInfo', 'getSharedSigalgs',
    'getTLSFinishedMessage', 'getTLSPeerFinishedMessage', 'disableRenegotiation', 'renegotiate', 'getCertificate',
    'getX509Certificate', 'getPeerX509Certificate', 'dispose'].map((m) => ({ weight: 1, arbitrary: anyArgs.map((a) => [m, a]) })),
  { weight: 2, arbitrary: fc.tuple(orJunk(fc.constantFrom(d('num', 0), d('num', 1), d('num', 30), d('num', 0.5), d('str', '2')))).map((a) => ['timeout', a]) },
  { weight: 2, arbitrary: maybe(orJunk(bool), 30).map((a) => ['shutdown', a === undefined ? [] : [a]]) },
  { weight: 2, arbitrary: fc.tuple(orJunk(bool)).map((a) => ['setNoDelay', a]) },
  { weight: 2, arbitrary: fc.tuple(orJunk(bool), orJunk(fc.constantFrom(d('num', 0), d('num', 1000), d('num', 1.5), d('num', 2 ** 32)))).map((a) => ['setKeepAlive', a]) },
  { weight: 3, arbitrary: fc.oneof(table.map((t) => [d('obj', [['socket', t]])]), anyArgs).map((a) => ['reload', a]) },
  { weight: 2, arbitrary: fc.tuple(orJunk(fc.constantFrom(d('num', 0), d('num', 16), d('num', 32), d('num', -1))), orJunk(fc.constant(d('str', 'label'))), maybe(orJunk(fc.oneof(text, bytes)), 30))
    .map((a) => ['exportKeyingMaterial', trim(a)]) },
  { weight: 1, arbitrary: fc.tuple(orJunk(bool)).map((a) => ['getPeerCertificate', a]) },
  { weight: 1, arbitrary: fc.tuple(orJunk(fc.oneof(text, bytes))).map((a) => ['setSession', a]) },
  { weight: 1, arbitrary: fc.tuple(orJunk(fc.constantFrom(d('str', 'localhost'), d('str', 'example.test')))).map((a) => ['setServername', a]) },
  { weight: 1, arbitrary: fc.tuple(orJunk(fc.constantFrom(d('num', 512), d('num', 1024), d('num', 16384), d('num', 100)))).map((a) => ['setMaxSendFragment', a]) },
  { weight: 1, arbitrary: fc.tuple(orJunk(bool), orJunk(bool)).map((a) => ['setVerifyMode', a]) },
  { weight: 3, arbitrary: fc.oneof(
    fc.record({ tls: tlsValue, socket: handlers, data: junk }, { requiredKeys: [] }).map((r) => [d('obj', Object.entries(r))]),
    anyArgs,
  ).map((a) => ['upgradeTLS', a]) },
);

/** Listener method calls. */
export const listenerCall = fc.oneof(
  { weight: 2, arbitrary: maybe(orJunk(bool), 30).map((a) => ['stop', a === undefined ? [] : [a]]) },
  { weight: 1, arbitrary: anyArgs.map((a) => ['ref', a]) },
  { weight: 1, arbitrary: anyArgs.map((a) => ['unref', a]) },
  { weight: 1, arbitrary: anyArgs.map((a) => ['dispose', a]) },
  { weight: 3, arbitrary: fc.oneof(table.map((t) => [d('obj', [['socket', t]])]), anyArgs, fc.constant([d('obj', [])])).map((a) => ['reload', a]) },
  { weight: 2, arbitrary: fc.oneof(fc.constant([d('obj', [])]), anyArgs).map((a) => ['getsockname', a]) },
);

/** Drops trailing `undefined` arguments (an explicit undefined and a missing one differ in arity checks). */
function trim(args) {
  const out = [...args];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out.map((a) => (a === undefined ? d('undef') : a));
}
