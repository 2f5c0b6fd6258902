// Helpers shared by the runner and the scenarios (no runtime-specific code).
import { readFileSync } from 'node:fs';

/** Turns a value into something JSON keeps exactly (undefined, NaN, errors...). */
export function normalize(v) {
  if (v === undefined) return '<undefined>';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '<NaN>';
    if (!Number.isFinite(v)) return `<${v}>`;
    if (Object.is(v, -0)) return '<-0>';
    return v;
  }
  if (typeof v === 'bigint') return `<${v}n>`;
  if (typeof v === 'function') return '<function>';
  if (typeof v === 'symbol') return `<${String(v)}>`;
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return errInfo(v);
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return { bytes: bytesOf(v).toString('hex') };
  if (Array.isArray(v)) return v.map(normalize);
  const out = {};
  for (const k of Object.keys(v)) out[k] = normalize(v[k]);
  return out;
}

/** Stable parts of an error: class name and code/errno/syscall when present. */
export function errInfo(e) {
  const out = { error: e.name };
  for (const k of ['code', 'errno', 'syscall']) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

export function bytesOf(d) {
  if (d instanceof ArrayBuffer) return Buffer.from(d);
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

export const text = (d) => bytesOf(d).toString('utf8');

/** Describes the type of a data-handler argument. */
export const kind = (d) => ({
  isBuffer: Buffer.isBuffer(d),
  isArrayBuffer: d instanceof ArrayBuffer,
  ctor: d?.constructor?.name,
});

/** Runs fn; returns ['returns', value] or ['throws', error]. */
export function attempt(fn) {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', e];
  }
}

export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/**
 * A handler table that traces every event on `channel` with readyState
 * (data as a UTF-8 string). `extra` handlers run after tracing; set a key to
 * null in `extra` to leave that handler out. `error`/`connectError` are only
 * included when given in `extra`.
 */
export function recorder(trace, channel, extra = {}) {
  const h = {
    open(s) { trace(channel, 'open', s.readyState); return extra.open?.(s); },
    data(s, d) { trace(channel, 'data', text(d)); return extra.data?.(s, d); },
    drain(s) { trace(channel, 'drain', s.readyState); return extra.drain?.(s); },
    end(s) { trace(channel, 'end', s.readyState); return extra.end?.(s); },
    close(s, e) { trace(channel, 'close', s.readyState, e); return extra.close?.(s, e); },
  };
  if (extra.error) h.error = (s, e) => { trace(channel, 'error', s.readyState, e); return extra.error(s, e); };
  if (extra.connectError) h.connectError = (s, e) => { trace(channel, 'connectError', s.readyState, e); return extra.connectError(s, e); };
  for (const [k, v] of Object.entries(extra)) if (v === null) delete h[k];
  return h;
}

/**
 * Server handlers that collect every byte received and trace it as hex on `close`
 * (how TCP splits the bytes is not part of the contract). `traceClose` also traces
 * the close event itself.
 */
export function byteSink(trace, channel, { traceClose = false } = {}) {
  let got = Buffer.alloc(0);
  return {
    ...recorder(trace, channel, { data: null }),
    data(s, d) { got = Buffer.concat([got, bytesOf(d)]); },
    close(s, e) {
      trace(channel, 'received', got.toString('hex'));
      if (traceClose) trace(channel, 'close', s.readyState, e);
    },
  };
}

/**
 * Listens on 127.0.0.1:0 and connects one client. Resolves when both sides
 * saw `close`. `server`/`client` are handler tables; `setup(c, listener)` runs
 * after the connect promise resolved. Returns what setup returned.
 */
export async function pair(ctx, { server, client, listenOpts = {}, connectOpts = {}, setup }) {
  const sClosed = deferred();
  const cClosed = deferred();
  const wrap = (h, d) => ({ ...h, close(s, e) { try { return h.close?.(s, e); } finally { d.resolve(); } } });
  const listener = ctx.listen({ hostname: '127.0.0.1', port: 0, ...listenOpts, socket: wrap(server, sClosed) });
  const c = await ctx.connect({ hostname: '127.0.0.1', port: listener.port, ...connectOpts, socket: wrap(client, cClosed) });
  const r = await setup?.(c, listener);
  await Promise.all([sClosed.promise, cClosed.promise]);
  listener.stop();
  return r;
}

// ---- TLS helpers (test/fixtures/tls; see its README.md) ----

/** A TLS fixture's text, read relative to this file so it works on Bun and on Node. */
export function fixture(name) {
  return readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8');
}

/** Server options for the CA-signed `localhost`/127.0.0.1/::1 certificate. */
export const serverTls = () => ({ cert: fixture('server.pem'), key: fixture('server-key.pem') });

/** Client options that trust the test CA (verification succeeds). */
export const trustTls = (extra = {}) => ({ ca: fixture('ca.pem'), ...extra });

/** Client options carrying the CA-signed client certificate (and trusting the test CA). */
export const clientCertTls = (extra = {}) => ({
  ca: fixture('ca.pem'), cert: fixture('client.pem'), key: fixture('client-key.pem'), ...extra,
});

/**
 * A TLS error as traced: class, code and errno (Bun gives verification errors errno 0).
 * Messages and stacks carry OpenSSL build details that are not part of the contract.
 */
export const authErr = (e) => (e == null ? e : { error: e.name, code: e.code, errno: e.errno });

/**
 * `recorder` plus a `handshake` handler that traces readyState, `success`, the
 * authorizationError (see authErr) and `authorized`. `extra.handshake` runs after tracing;
 * `extra.handshake: null` leaves the handler out (Bun's event order depends on it).
 */
export function tlsRecorder(trace, channel, extra = {}) {
  const h = recorder(trace, channel, extra);
  if (extra.handshake !== null) {
    h.handshake = (s, ok, err) => {
      trace(channel, 'handshake', s.readyState, ok, authErr(err), s.authorized);
      return extra.handshake?.(s, ok, err);
    };
  }
  if (extra.error) {
    h.error = (s, e) => { trace(channel, 'error', s.readyState, authErr(e)); return extra.error(s, e); };
  }
  return h;
}

/** Runs fn; returns ['returns', value] or ['throws', {error, code, errno}] (OpenSSL messages vary). */
export function attemptCode(fn) {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', authErr(e)];
  }
}

/** The stable parts of a getPeerCertificate()/getCertificate() object (null/undefined as is). */
export function certSummary(c) {
  if (c == null || typeof c !== 'object') return c;
  return {
    keys: Object.keys(c),
    subject: c.subject, issuer: c.issuer, subjectaltname: c.subjectaltname, ca: c.ca,
    bits: c.bits, exponent: c.exponent, serialNumber: c.serialNumber,
    valid_from: c.valid_from, valid_to: c.valid_to, fingerprint256: c.fingerprint256,
    pubkeyIsBuffer: Buffer.isBuffer(c.pubkey), rawIsBuffer: Buffer.isBuffer(c.raw), rawLength: c.raw?.length,
  };
}

/** An X509Certificate (or whatever the getter returned) as traced: its class and subject. */
export const x509Summary = (x) => (x == null || typeof x !== 'object' ? x : { ctor: x.constructor?.name, subject: x.subject });

/** What a Buffer-or-not result is, without its (session-specific) bytes. */
export const bufKind = (b) => (Buffer.isBuffer(b) ? 'Buffer' : b);

/**
 * Every TLS getter of a socket whose value is stable for the state it is in (spec §5
 * members table). Session bytes, tickets and keying material are traced by kind and length only.
 */
export function tlsState(s) {
  return {
    tag: Object.prototype.toString.call(s),
    readyState: s.readyState,
    authorized: s.authorized,
    alpnProtocol: s.alpnProtocol,
    getAuthorizationError: authErr(s.getAuthorizationError()),
    getCipher: s.getCipher(),
    getTLSVersion: s.getTLSVersion(),
    getPeerCertificate: certSummary(s.getPeerCertificate()),
    getCertificate: certSummary(s.getCertificate()),
    getX509Certificate: typeof s.getX509Certificate === 'function' ? x509Summary(s.getX509Certificate()) : typeof s.getX509Certificate,
    getPeerX509Certificate: typeof s.getPeerX509Certificate === 'function' ? x509Summary(s.getPeerX509Certificate()) : typeof s.getPeerX509Certificate,
    getSession: bufKind(s.getSession()),
    isSessionReused: s.isSessionReused(),
    getTLSTicket: bufKind(s.getTLSTicket()),
    exportKeyingMaterial: attemptCode(() => { const k = s.exportKeyingMaterial(16, 'EXPERIMENTAL-x'); return Buffer.isBuffer(k) ? k.length : k; }),
    getTLSFinishedMessage: bufKind(s.getTLSFinishedMessage()),
    getTLSPeerFinishedMessage: bufKind(s.getTLSPeerFinishedMessage()),
    getServername: s.getServername(),
    getEphemeralKeyInfo: s.getEphemeralKeyInfo(),
    getSharedSigalgs: s.getSharedSigalgs(),
  };
}

/**
 * The TLS members that change or may change the connection (setMaxSendFragment,
 * setVerifyMode, disableRenegotiation, renegotiate), kept apart from tlsState so that
 * reading the state never alters it.
 */
export function tlsSetters(s) {
  return {
    'setMaxSendFragment(511,512,1024,16384,16385)': [511, 512, 1024, 16384, 16385].map((n) => s.setMaxSendFragment(n)),
    setVerifyMode: s.setVerifyMode(false, false),
    disableRenegotiation: s.disableRenegotiation(),
    renegotiate: attemptCode(() => s.renegotiate()),
  };
}

/**
 * One upgradeTLS() pair against a native TLS peer: the `side` ('client' or 'server') socket
 * upgrades in its `open`, with `tlsHandlers` on the TLS half; its raw half reports `end` and
 * `close` through `t`. `halves` gets `raw` and `tls` as soon as they exist. Resolves once
 * both ends of the connection have closed.
 */
export function starttlsPair(ctx, side, { halves, tlsHandlers, t, peer, allowHalfOpen = false }) {
  const upgrading = {
    open(s) { [halves.raw, halves.tls] = s.upgradeTLS({ tls: side === 'client' ? trustTls() : serverTls(), socket: tlsHandlers }); },
    data() {},
    end() { t('raw end'); },
    close(s, e) { t('raw close', e?.code); },
  };
  return pair(ctx, side === 'client'
    ? { listenOpts: { tls: serverTls() }, connectOpts: { hostname: 'localhost', allowHalfOpen }, server: peer, client: upgrading }
    : { listenOpts: { allowHalfOpen }, connectOpts: { hostname: 'localhost', tls: trustTls() }, server: upgrading, client: peer });
}
