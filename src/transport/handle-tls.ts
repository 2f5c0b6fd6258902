/**
 * TLS on the `handle` transport: Node's TLS wrap (the native TLSWrap node:tls itself
 * sits on) put straight over this transport's own TCP or Pipe handle. No TLSSocket, no
 * net.Socket, no streams: plaintext is written to and read from the TLSWrap, which runs
 * OpenSSL in Node's native code and moves ciphertext through the handle below it.
 * Measured against node:tls on the same handles: 2.3-2.6x the full handshakes per second
 * (bench/RESULTS.md, "TLS").
 *
 * The connection is a HandleConnection (connect, addresses, FIN, RST, probes are the
 * handle's) whose `io` is the TLSWrap, and it answers the TLS queries itself (TlsView).
 */
import { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import type { CipherNameAndProtocol, EphemeralKeyInfo, PeerCertificate } from "node:tls";
import { nodeTls } from "../tls/lazy.js";
import { isWireAlpn, parseWireAlpn, selectAlpn } from "../tls/alpn.js";
import type { TlsConfig } from "../tls/tls-options.js";
import { connOf, HandleConnection, NO_SHUTDOWN, onHandleClosed, own, SHUTDOWN_DONE, SHUTDOWN_PENDING, type Handle } from "./handle-connection.js";
import { UV_ECANCELED, UV_EOF, uvError, type HandleBindings, type SockAddr, type TlsWrapBinding, type UvStream, type UvTlsStream } from "./handle-bindings.js";
import { MAX_PROBE_DELAY_MS, ownWriteReq, type WriteReq } from "./handle-write.js";
import { publicX509 } from "./handle-x509.js";
import type { TlsLink, TlsView } from "./tls-link.js";
import { MAX_KEPT_STAGING, stageCopy, TLS_SLACK } from "./tls-staging.js";
import { kOnData, kOnHandshake, kOnWritable, type ConnectionOwner } from "./transport.js";

// The TLSWrap finishes every write a turn later (once its ciphertext is out), and takes
// one write at a time: writes made meanwhile are staged (tls-staging.ts) and handed over
// together.

let b: HandleBindings;
let tlsBinding: TlsWrapBinding;

/** Called once by the transport, on first TLS use. */
export function initTls(bindings: HandleBindings, binding: TlsWrapBinding): void {
  b = bindings;
  tlsBinding = binding;
}

// A shutdown asked for: waiting for the turn to end (as node:tls's), or for staged writes.
const SHUTDOWN_NONE = 0;
const SHUTDOWN_SCHEDULED = 1;
const SHUTDOWN_AFTER_WRITES = 2;

const UV_EPIPE = -32;

export class TlsWrapConnection extends HandleConnection implements TlsLink, TlsView {
  readonly cfg: TlsConfig;
  readonly isServer: boolean;
  /** The TLS wrap over the handle, from connect (client) or accept (server) until closed. */
  ssl: UvTlsStream | null = null;
  started: boolean;
  handshaken = false;
  alpnProtocol: string | false | null = null;
  /** Plaintext of the write the TLSWrap holds (0: none in flight). */
  inFlight = 0;
  staged: Buffer | null = null;
  stagedLength = 0;
  shutdownWanted = SHUTDOWN_NONE;
  renegotiationDisabled = false;
  /** Server: when the last handshake started and how many started in the window (node:tls's renegotiation limit). */
  lastHandshakeTime = 0;
  handshakes = 0;

  constructor(handle: Handle, owner: ConnectionOwner | null, isTcp: boolean, connected: boolean, cfg: TlsConfig, isServer: boolean) {
    super(handle, owner, isTcp, connected);
    this.cfg = cfg;
    this.isServer = isServer;
    this.started = isServer;
    // An accepted connection has its TLS session from the start: `open` runs before
    // reading starts, and its TLS members already answer (as node:tls's TLSSocket does).
    if (connected) this.attach();
  }

  override get io(): UvStream | null {
    return this.ssl ?? this.handle;
  }

  get socket(): TlsView {
    return this;
  }

  /** Puts the TLS wrap over the (connected) handle, with this side's verification and ALPN settings. */
  attach(): void {
    const h = this.handle;
    if (h === null || this.ssl !== null) return;
    const cfg = this.cfg;
    const ssl = tlsBinding.wrap(h, (cfg.context as unknown as { context: object }).context, this.isServer, false);
    own(ssl, this);
    ssl.onread = onTlsRead;
    const events = ssl as unknown as TlsEvents;
    events.onhandshakestart = onHandshakeStart;
    events.onhandshakedone = onHandshakeDone;
    events.onerror = onTlsError;
    events.onnewsession = noop;
    // Reads the TLSWrap no longer takes (once it has let go of the handle) end here.
    h.onread = ignoreRead;
    if (this.isServer) {
      if (cfg.requestCert) ssl.setVerifyMode(true, cfg.rejectUnauthorized);
      if (cfg.alpn !== undefined) {
        events.ALPNCallback = onAlpn;
        ssl.enableALPNCb();
      }
    } else {
      // Verification is judged by the core (Bun's verdicts): OpenSSL only records it.
      ssl.setVerifyMode(true, false);
      if (cfg.alpn !== undefined && isWireAlpn(cfg.alpn)) ssl.setALPNProtocols(cfg.alpn);
    }
    this.ssl = ssl;
  }

  override start(): void {
    if (this.handle === null || this.done) return;
    this.attach();
    super.start();
  }

  startTls(servername: string | undefined, session: Buffer | undefined): void {
    const ssl = this.ssl;
    if (this.started || ssl === null || this.handle === null) return;
    this.started = true;
    if (servername !== undefined && servername !== "") ssl.setServername(servername);
    if (session !== undefined) {
      try {
        ssl.setSession(session);
      } catch {
        // Bun ignores a session it cannot use; so do we (a full handshake follows).
      }
    }
    ssl.start();
  }

  // ---- writing ------------------------------------------------------------

  override write(bytes: Uint8Array): void {
    if (this.ssl === null || this.handle === null || this.done) return;
    if (this.inFlight === 0 && this.stagedLength === 0) this.send(bytes);
    else this.stage(bytes);
    if (this.peerEnded && this.probe === undefined && !this.done) this.startProbe();
  }

  /** The TLSWrap encrypts within the call and keeps no plaintext, and staging copies: no copy needed first. */
  override writeCopy(view: Uint8Array): void {
    this.write(view);
  }

  override writev(chunks: Uint8Array[]): void {
    for (const c of chunks) this.write(c);
  }

  send(bytes: Uint8Array): void {
    const ssl = this.ssl as UvTlsStream;
    const req = ownWriteReq(this.handle as Handle, onTlsWriteDone);
    this.inFlight = bytes.byteLength;
    this.pendingWrites++;
    const err = ssl.writeBuffer(req, bytes);
    if (err !== 0) {
      this.pendingWrites--;
      this.inFlight = 0;
      req.handle = null;
      this.fail(err);
      return;
    }
    // The TLSWrap completes every write later; should one complete now, finish it here.
    if (b.state[b.kLastWriteWasAsync] === 0) tlsWriteDone(req, 0);
  }

  stage(bytes: Uint8Array): void {
    stageCopy(this, bytes);
  }

  /** The last write is out: hand over what was staged meanwhile, else what waited for the writes (FIN, drain). */
  afterWrite(): void {
    const n = this.stagedLength;
    if (n > 0) {
      const buf = this.staged as Buffer;
      this.stagedLength = 0;
      // Encrypted within the call: the staging buffer is free again when send() returns.
      this.send(buf.subarray(0, n));
      if (buf.length > MAX_KEPT_STAGING) this.staged = null;
    } else if (this.shutdownWanted === SHUTDOWN_AFTER_WRITES) {
      this.shutdownWanted = SHUTDOWN_NONE;
      super.shutdown();
      return;
    }
    if (!this.done && this.queued() === 0) this.owner?.[kOnWritable]();
  }

  override queued(): number {
    const n = this.inFlight + this.stagedLength;
    return n > TLS_SLACK ? n : 0;
  }

  // ---- closing ------------------------------------------------------------

  /**
   * close_notify and FIN a turn later (as node:tls's end()), after the staged writes:
   * FIN must not overtake ciphertext the TLSWrap still holds.
   */
  override shutdown(): void {
    if (this.ssl === null) return super.shutdown();
    if (this.handle === null || this.shutdownState !== NO_SHUTDOWN || this.shutdownWanted !== SHUTDOWN_NONE) return;
    this.shutdownWanted = SHUTDOWN_SCHEDULED;
    setImmediate(shutdownLater, this);
  }

  shutdownWhenFlushed(): void {
    if (this.handle === null || this.shutdownState !== NO_SHUTDOWN) return;
    if (this.inFlight > 0 || this.stagedLength > 0) {
      this.shutdownWanted = SHUTDOWN_AFTER_WRITES;
      return;
    }
    this.shutdownWanted = SHUTDOWN_NONE;
    super.shutdown();
  }

  /** Bun's close() on TLS sends close_notify and FIN (the peer sees `end`), then closes. */
  override close(): void {
    if (this.ssl === null || !this.connected) return super.close();
    this.owner = null;
    if (this.done) return;
    this.done = true;
    this.stopProbe();
    if (this.handle === null) return;
    this.closeWhenFlushed = true;
    if (this.shutdownState === SHUTDOWN_DONE) this.closeHandle(false);
    else if (this.shutdownState === NO_SHUTDOWN && this.shutdownWanted === SHUTDOWN_NONE) this.shutdownWhenFlushed();
    // Otherwise a shutdown is on its way, and shutdownFinished() closes after it.
    // Waiting for the TLSWrap to flush: make sure it is not waiting for a dead connection.
    if (this.handle !== null) this.startProbe();
  }

  override onEof(): void {
    super.onEof();
    if (this.handle !== null) this.startProbe();
  }

  /**
   * The TLSWrap loses the error of a write it makes on its own (its handshake flight, the
   * session tickets sent at HANDSHAKE_DONE) when the write fails at once and none of ours
   * is waiting: it keeps that write "in progress" for good (Node 20-24, as under node:tls),
   * every later write waits behind it, and, the error being gone from the kernel too, the
   * read side only sees EOF. Such a connection would never flush, close, or release its fd.
   * The kernel still knows the connection is gone, so TLS probes the kernel (getpeername
   * fails once a reset dropped the connection) rather than writing empty probes under the
   * TLSWrap (whose write-completion callback would take one for its own), from the peer's
   * FIN or our close() on, backing off as the plain probe does.
   */
  override startProbe(): void {
    if (this.probe !== undefined || this.handle === null || !this.isTcp) return;
    this.probeDelay = 1;
    this.probe = setTimeout(tlsProbeTick, this.probeDelay, this);
    this.probe.unref();
  }

  /**
   * Drops the connection at once, without flushing what the TLSWrap still holds (as
   * node:tls's destroy(), also from inside the handshake callback): the peer sees the
   * handshake fail, not succeed, as when Bun aborts it.
   */
  abort(): void {
    const h = this.takeHandle();
    if (h === null) return;
    this.closeStream(h, undefined);
  }

  /** Node's TLSWrap sets OpenSSL's mode for the next handshake (its verify callback always allows). */
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void {
    this.ssl?.setVerifyMode(requestCert, rejectUnauthorized);
  }

  /**
   * RST a turn later: uv_tcp_close_reset under a running TLSWrap callback (the
   * handshake's, say) crashes Node, where a plain close does not (node:tls defers it too).
   */
  override reset(): void {
    const h = this.takeHandle();
    if (h === null) return;
    setImmediate(resetLater, this, h);
  }

  override closeStream(h: Handle, done: ((this: Handle) => void) | undefined): void {
    h.close(done === onHandleClosed ? onTlsHandleClosedReport : onTlsHandleClosed);
  }

  /** The handle is closed: free OpenSSL's state now (not on OpenSSL's stack). */
  releaseSsl(): void {
    const ssl = this.ssl;
    this.ssl = null;
    this.staged = null;
    ssl?.destroySSL();
  }

  /** A TLS failure (a bad record, a failed handshake, an alert from the peer): close, then report it. */
  tlsFailed(error: unknown): void {
    if (this.handle === null) return;
    if (this.error === undefined) this.error = error;
    this.closeHandle(!this.done);
  }

  // ---- TlsView: the session, asked only while open ------------------------------

  get destroyed(): boolean {
    return this.handle === null || this.ssl === null;
  }

  get _handle(): UvTlsStream | null {
    return this.destroyed ? null : this.ssl;
  }

  get servername(): string | false | null {
    return this.ssl?.getServername() ?? null;
  }

  getPeerX509Certificate(): X509Certificate | undefined {
    const native = this.ssl?.getPeerX509Certificate();
    return native === undefined ? undefined : publicX509(native);
  }

  getX509Certificate(): X509Certificate | undefined {
    const native = this.ssl?.getX509Certificate();
    return native === undefined ? undefined : publicX509(native);
  }

  /** Our own certificate, formatted as node:tls formats a peer's (its getCertificate()). */
  getCertificate(): PeerCertificate | object | null {
    const ssl = this.ssl;
    if (ssl === null) return null;
    return translateCertificate(ssl.getCertificate()) ?? {};
  }

  getCipher(): CipherNameAndProtocol {
    return (this.ssl as UvTlsStream).getCipher();
  }

  getProtocol(): string | null {
    return this.ssl?.getProtocol() ?? null;
  }

  getSession(): Buffer | undefined {
    return this.ssl?.getSession();
  }

  isSessionReused(): boolean {
    return this.ssl?.isSessionReused() ?? false;
  }

  getTLSTicket(): Buffer | undefined {
    return this.ssl?.getTLSTicket();
  }

  getFinished(): Buffer | undefined {
    return this.ssl?.getFinished();
  }

  getPeerFinished(): Buffer | undefined {
    return this.ssl?.getPeerFinished();
  }

  getEphemeralKeyInfo(): EphemeralKeyInfo | object | null {
    return this.ssl?.getEphemeralKeyInfo() ?? null;
  }

  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer {
    return (this.ssl as UvTlsStream).exportKeyingMaterial(length, label, context);
  }

  setMaxSendFragment(size: number): boolean {
    return this.ssl?.setMaxSendFragment(size) === 1;
  }

  disableRenegotiation(): void {
    this.renegotiationDisabled = true;
  }
}

/** The callbacks the TLSWrap looks up on itself by name. */
interface TlsEvents {
  onhandshakestart: (this: UvTlsStream, now: number) => void;
  onhandshakedone: (this: UvTlsStream) => void;
  onerror: (this: UvTlsStream, error: Error) => void;
  onnewsession: () => void;
  ALPNCallback?: (this: UvTlsStream, offered: Buffer) => number | undefined;
}

function noop(): void {}

function ignoreRead(): void {}

function tlsConnOf(stream: UvStream | null | undefined): TlsWrapConnection | undefined {
  const c = connOf(stream);
  return c instanceof TlsWrapConnection ? c : undefined;
}

function onTlsRead(this: UvStream, arrayBuffer: ArrayBuffer | undefined): void {
  const conn = tlsConnOf(this);
  if (conn === undefined || conn.ssl !== this || conn.handle === null) return;
  const n = b.state[b.kReadBytesOrError] as number;
  if (n > 0) {
    const owner = conn.owner;
    if (owner !== null && arrayBuffer !== undefined) owner[kOnData](Buffer.from(arrayBuffer, b.state[b.kArrayBufferOffset], n));
  } else if (n === UV_EOF) conn.onEof();
  else if (n < 0) conn.fail(n);
}

/** Server: node:tls's guard against renegotiation floods (and disableRenegotiation()). */
function onHandshakeStart(this: UvTlsStream, now: number): void {
  const conn = tlsConnOf(this);
  if (conn === undefined || !conn.isServer) return;
  const last = conn.lastHandshakeTime;
  conn.lastHandshakeTime = now;
  if (last === 0) return;
  const tls = nodeTls() as unknown as { CLIENT_RENEG_LIMIT: number; CLIENT_RENEG_WINDOW: number };
  conn.handshakes = now - last >= tls.CLIENT_RENEG_WINDOW * 1000 ? 1 : conn.handshakes + 1;
  let code: string | undefined;
  if (conn.handshakes > tls.CLIENT_RENEG_LIMIT) code = "ERR_TLS_SESSION_ATTACK";
  else if (conn.renegotiationDisabled) code = "ERR_TLS_RENEGOTIATION_DISABLED";
  if (code === undefined) return;
  conn.tlsFailed(Object.assign(new Error(code === "ERR_TLS_SESSION_ATTACK" ? "TLS session renegotiation attack detected" : "TLS session renegotiation disabled for this socket"), { code }));
}

function onHandshakeDone(this: UvTlsStream): void {
  const conn = tlsConnOf(this);
  // A renegotiation finishing is not a second handshake for the owner.
  if (conn === undefined || conn.handshaken || conn.handle === null) return;
  conn.handshaken = true;
  conn.alpnProtocol = this.getALPNNegotiatedProtocol();
  conn.owner?.[kOnHandshake]?.();
}

function onTlsError(this: UvTlsStream, error: Error): void {
  const conn = tlsConnOf(this);
  // After the handshake node:tls does not surface TLS errors (a TLSSocket without
  // tls.connect's control release swallows them) and the connection ends by itself;
  // the same here, so both engines show what docs/compat.md#tls-alerts-after-the-handshake says.
  if (conn === undefined || conn.handshaken) return;
  conn.tlsFailed(error);
}

/** Server ALPN: the offset of the chosen protocol in the client's list, or undefined to refuse (fatal alert). */
function onAlpn(this: UvTlsStream, offered: Buffer): number | undefined {
  const conn = tlsConnOf(this);
  const mine = conn?.cfg.alpn;
  const protocols = parseWireAlpn(offered);
  if (mine === undefined || protocols === undefined) return undefined;
  const chosen = selectAlpn(mine, protocols);
  if (chosen === undefined) return undefined;
  let offset = 0;
  for (const p of protocols) {
    if (p === chosen) return offset;
    offset += 1 + p.length;
  }
  return undefined;
}

function onTlsWriteDone(this: WriteReq, status: number): void {
  tlsWriteDone(this, status);
}

function tlsWriteDone(req: WriteReq, status: number): void {
  const conn = tlsConnOf(req.handle);
  req.handle = null;
  req.buffer = null;
  if (conn === undefined) return;
  conn.pendingWrites--;
  conn.inFlight = 0;
  if (conn.handle === null) return;
  if (status < 0) {
    if (status !== UV_ECANCELED) conn.fail(status);
    return;
  }
  conn.afterWrite();
}

function tlsProbeTick(conn: TlsWrapConnection): void {
  conn.probe = undefined;
  const h = conn.handle;
  if (h === null) return;
  const status = h.getpeername?.({} as SockAddr) ?? 0;
  if (status !== 0) {
    // The reset's own error is gone; a write to it would have said EPIPE.
    if (conn.error === undefined) conn.error = uvError(UV_EPIPE);
    conn.closeHandle(!conn.done);
    return;
  }
  conn.probeDelay = Math.min(conn.probeDelay * 10, MAX_PROBE_DELAY_MS);
  conn.probe = setTimeout(tlsProbeTick, conn.probeDelay, conn);
  conn.probe.unref();
}

function shutdownLater(conn: TlsWrapConnection): void {
  if (conn.shutdownWanted !== SHUTDOWN_SCHEDULED) return;
  conn.shutdownWanted = SHUTDOWN_NONE;
  conn.shutdownWhenFlushed();
}

function resetLater(conn: TlsWrapConnection, h: Handle): void {
  // uv_tcp_close_reset refuses while a shutdown is in flight (see HandleConnection.reset).
  if (conn.isTcp && h.reset !== undefined && conn.shutdownState !== SHUTDOWN_PENDING) h.reset(onTlsHandleClosed);
  else h.close(onTlsHandleClosed);
}

function onTlsHandleClosed(this: Handle): void {
  tlsConnOf(this)?.releaseSsl();
}

function onTlsHandleClosedReport(this: Handle): void {
  tlsConnOf(this)?.releaseSsl();
  onHandleClosed.call(this);
}

/** node:tls's translatePeerCertificate: `infoAccess` from OpenSSL's text into an object of lists. */
function translateCertificate(cert: Record<string, unknown> | null): PeerCertificate | null {
  if (cert === null || cert === undefined) return null;
  const issuer = cert.issuerCertificate;
  if (issuer !== null && issuer !== undefined && issuer !== cert) cert.issuerCertificate = translateCertificate(issuer as Record<string, unknown>);
  if (typeof cert.infoAccess === "string") {
    const info = cert.infoAccess;
    const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const m of info.matchAll(/([^\n:]*):([^\n]*)(?:\n|$)/g)) {
      const key = m[1] as string;
      let val = m[2] as string;
      if (val.charCodeAt(0) === 0x22) val = JSON.parse(val) as string;
      (out[key] ??= []).push(val);
    }
    cert.infoAccess = out;
  }
  return cert as unknown as PeerCertificate;
}
