/**
 * TLS connections for every transport: node:tls over a node:net socket, so OpenSSL
 * runs in Node's native TLS wrap on the socket's own handle. The connection reports
 * TCP connect (kOnOpen) and handshake completion (kOnHandshake) separately, because
 * Bun fires `open` between the two when a `handshake` handler exists; the owner
 * starts the handshake (startTls) once `open` had its chance to set SNI or a session.
 */
import * as net from "node:net";
import type * as tls from "node:tls";
import { nodeTls } from "../tls/lazy.js";
import { copyOf } from "../write-gate.js";
import { Buffer } from "node:buffer";
import type { Target } from "../options.js";
import { isWireAlpn, selectAlpn } from "../tls/alpn.js";
import type { TlsConfig } from "../tls/tls-options.js";
import {
  connOf,
  connOwnedBy,
  connectTarget,
  failLater,
  NodeConnection,
  onError,
  MAX_PROBE_DELAY_MS,
  MAX_UNIX_PATH,
  type NetSocket,
} from "./node.js";
import { listenNode } from "./node-listen.js";
import { MAX_KEPT_STAGING, stageCopy, TLS_SLACK } from "./tls-staging.js";
import { kOnHandshake, kOnOpen, kOnWritable, type Connection, type ConnectionOwner, type ListenSettings, type ServerHandle } from "./transport.js";
import type { TlsLink } from "./tls-link.js";

/** node:tls internals we rely on (stable since Node 0.x; tls.connect uses them the same way). */
interface TlsInternals {
  _start(): void;
  setServername(name: string): void;
  setSession(session: Buffer): void;
  /** An Error on Node; the error's code on Deno ("" when verified). */
  _handle: { verifyError(): Error | string | null } | null;
  servername?: string | false;
}

export type SecureSocket = tls.TLSSocket & NetSocket & TlsInternals;

/** The TLS wrap's verification switch (Node's TLSWrap::SetVerifyMode). */
interface VerifyModeSwitch {
  setVerifyMode?(requestCert: boolean, rejectUnauthorized: boolean): void;
}

/** The TLS wrap's own reading switches (node:tls's `_handle`). */
interface Reading {
  readStop?(): number;
  readStart?(): number;
}

// node:tls completes every write a turn later, even when the kernel took the bytes at
// once, so its writableLength is never 0 right after a write: up to TLS_SLACK of it
// counts as sent (tls-staging.ts).

export class TlsConnection extends NodeConnection implements TlsLink {
  declare readonly socket: SecureSocket;
  readonly isServer: boolean;
  staged: Buffer | null = null;
  stagedLength = 0;
  flushPending = false;
  /** The TCP (or unix) socket under the TLS layer: it alone sees connect errors and can send RST (null under STARTTLS). */
  readonly raw: NetSocket | null;
  handshaken = false;
  started: boolean;

  constructor(raw: NetSocket | null, socket: SecureSocket, owner: ConnectionOwner | null, connected: boolean, isServer: boolean) {
    super(socket, owner, connected);
    this.raw = raw;
    this.isServer = isServer;
    this.started = isServer;
    socket.on("secure", onSecure);
    if (!connected && raw !== null) {
      connOwnedBy(raw, this);
      raw.on("error", onError);
    }
  }

  /**
   * Before the handshake ends, pausing stops reading at once, as on Bun, so the handshake
   * waits: node:tls's stream pause() would keep reading (and handshaking) up to its
   * high-water mark. The TLS wrap's readStop() stops the socket under it.
   */
  override pause(): void {
    super.pause();
    if (!this.handshaken) (this.socket._handle as Reading | null | undefined)?.readStop?.();
  }

  override resume(): void {
    if (!this.handshaken) (this.socket._handle as Reading | null | undefined)?.readStart?.();
    super.resume();
  }

  /**
   * When node:tls holds nothing, a write reaches OpenSSL within the call and is
   * encrypted there. node:tls finishes every write a turn later, though, so the next
   * writes of the same turn would queue in its stream and reach OpenSSL as one writev,
   * gathered into a fresh buffer: those are staged here instead, in one reused buffer,
   * and handed over as one chunk on the next turn.
   */
  override write(bytes: Uint8Array): void {
    if (this.stagedLength === 0 && this.socket.writableLength === 0) this.send(bytes);
    else this.stage(bytes);
  }

  /** The direct path keeps no caller memory (OpenSSL has encrypted it) and staging copies. */
  writeCopy(view: Uint8Array): void {
    this.write(view);
  }

  /** Hands bytes to node:tls; waits for the stream's own 'drain' (not an empty flush marker) when it is full. */
  send(bytes: Uint8Array): void {
    const s = this.socket;
    if (!s.write(bytes) && !this.waitingFlush) {
      this.waitingFlush = true;
      s.once("drain", onTlsDrain);
    }
    if (this.peerEnded && this.probe === undefined) this.startProbe();
  }

  stage(bytes: Uint8Array): void {
    stageCopy(this, bytes);
    if (!this.flushPending) {
      this.flushPending = true;
      setImmediate(flushStaged, this);
    }
  }

  /** Sends what is staged now (before end or close). */
  flushStaged(): void {
    const buf = this.staged;
    const n = this.stagedLength;
    if (buf === null || n === 0 || this.socket.destroyed) return;
    this.stagedLength = 0;
    const chunk = buf.subarray(0, n);
    // Encrypted within the call when node:tls is idle, so the buffer can be reused;
    // behind queued bytes node:tls keeps the chunk, so it gets its own copy.
    if (this.socket.writableLength === 0) this.send(chunk);
    else {
      this.send(copyOf(chunk));
      if (buf.length > MAX_KEPT_STAGING) this.staged = null;
    }
  }

  override queued(): number {
    const n = this.socket.writableLength + this.stagedLength;
    return n > TLS_SLACK ? n : 0;
  }

  /** Starts the client handshake, with the SNI and session the owner settled on. */
  startTls(servername: string | undefined, session: Buffer | undefined): void {
    if (this.started || this.socket.destroyed) return;
    this.started = true;
    const s = this.socket;
    if (servername !== undefined && servername !== "") s.setServername(servername);
    if (session !== undefined) {
      try {
        s.setSession(session);
      } catch {
        // Bun ignores a session it cannot use; so do we (a full handshake follows).
      }
    }
    s._start();
  }

  /**
   * Sends close_notify and FIN a turn later: ending node:tls from inside its handshake
   * callback loses application data that arrived with the peer's last flight (it is
   * still being decrypted when the callback runs).
   */
  override shutdown(): void {
    setImmediate(endTls, this);
  }

  /** Bun's close() on TLS sends close_notify and FIN (the peer sees `end`), then closes. */
  override close(): void {
    this.owner = null;
    this.flushStaged();
    if (this.socket.destroyed) return;
    this.socket.destroySoon();
    // Waiting for node:tls to flush: make sure it is not waiting for a dead connection.
    if (!this.socket.destroyed) this.startProbe();
  }

  override peerEndedHook(): void {
    this.startProbe();
  }

  /**
   * node:tls loses the error of a write it makes on its own (its handshake flight, the
   * session tickets sent at HANDSHAKE_DONE) when the write fails at once and none of ours
   * is waiting: TLSWrap::EncOut then keeps that write "in progress" for good (Node 20-24),
   * every later write waits behind it, and, the error being gone from the kernel too, the
   * read side only sees EOF. Such a socket would never flush, close, or release its fd.
   * The kernel still knows the connection is gone, so a TLS socket over TCP probes the
   * kernel (getpeername fails once a reset dropped the connection) rather than the peer,
   * from the peer's FIN or our close() on, backing off as the plain probe does.
   */
  override startProbe(): void {
    if (this.raw === null) {
      super.startProbe();
      return;
    }
    if (this.probe !== undefined || this.socket.destroyed) return;
    this.probeDelay = 1;
    this.probe = setTimeout(tlsProbeTick, this.probeDelay, this);
    this.probe.unref();
  }

  /** Drops the connection at once, without flushing what node:tls still holds. */
  abort(): void {
    this.owner = null;
    if (!this.socket.destroyed) this.socket.destroy();
  }

  /**
   * On the TLS wrap itself (node:tls has no public call for it). Its own verdict
   * (`_rejectUnauthorized`) runs only for sockets of a tls.Server, never ours. Deno's
   * wrap has no such call: there the mode stays the listener's.
   */
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void {
    (this.socket._handle as VerifyModeSwitch | null)?.setVerifyMode?.(requestCert, rejectUnauthorized);
  }

  override reset(): void {
    this.owner = null;
    if (this.socket.destroyed) return;
    // Not from inside a TLS callback (the handshake's, say): closing the handle under a
    // running TLSWrap callback crashes Node. The owner already considers it closed.
    setImmediate(resetNow, this);
  }
}

interface PeerNameHandle {
  getpeername?(out: object): number;
}

function tlsProbeTick(c: TlsConnection): void {
  c.probe = undefined;
  const s = c.socket;
  if (s.destroyed) return;
  const handle = (c.raw as { _handle?: PeerNameHandle | null } | null)?._handle;
  const status = typeof handle?.getpeername === "function" ? handle.getpeername({}) : 0;
  if (status !== 0) {
    // The reset's own error is gone; a write to it would have said EPIPE.
    c.error ??= { code: "EPIPE" };
    s.destroy();
    return;
  }
  c.probeDelay = Math.min(c.probeDelay * 10, MAX_PROBE_DELAY_MS);
  c.probe = setTimeout(tlsProbeTick, c.probeDelay, c);
  c.probe.unref();
}

function endTls(c: TlsConnection): void {
  c.flushStaged();
  if (!c.socket.destroyed) c.socket.end();
}

function flushStaged(c: TlsConnection): void {
  c.flushPending = false;
  c.flushStaged();
}

function resetNow(c: TlsConnection): void {
  // While end()'s close_notify and FIN are under way libuv refuses an RST close (EINVAL)
  // and node:net then drops the handle unclosed: its fd leaks, and at exit Node's handle
  // cleanup spins on it forever. A plain close is all that is left then.
  const shutting = c.socket.writableEnded && !c.socket.writableFinished;
  if (c.raw !== null && !c.raw.destroyed && !shutting) {
    try {
      c.raw.resetAndDestroy();
      return;
    } catch {
      // ERR_INVALID_HANDLE_TYPE: only TCP can be reset; a unix socket just closes (below).
    }
  }
  c.socket.destroy();
}

function onTlsDrain(this: SecureSocket): void {
  const c = connOf(this);
  if (c === undefined) return;
  c.waitingFlush = false;
  c.owner?.[kOnWritable]();
}

function onSecure(this: SecureSocket): void {
  const c = connOf(this) as TlsConnection | undefined;
  if (c === undefined) return;
  c.handshaken = true;
  c.owner?.[kOnHandshake]?.();
}

/**
 * node:tls options for one side. Verification is judged by the core (Bun's verdicts
 * differ from node:tls's), so node:tls never rejects a peer itself, except that a
 * server requiring a client certificate fails a handshake without one, as Bun does.
 */
export function tlsSocketOptions(cfg: TlsConfig, isServer: boolean): tls.TLSSocketOptions {
  if (!isServer) {
    const options: tls.TLSSocketOptions = { isServer: false, secureContext: cfg.context, rejectUnauthorized: false };
    if (cfg.alpn !== undefined && isWireAlpn(cfg.alpn)) options.ALPNProtocols = cfg.alpn;
    return options;
  }
  const options: tls.TLSSocketOptions = {
    isServer: true,
    secureContext: cfg.context,
    requestCert: cfg.requestCert,
    rejectUnauthorized: cfg.requestCert && cfg.rejectUnauthorized,
  };
  const serverAlpn = cfg.alpn;
  if (serverAlpn !== undefined) {
    (options as { ALPNCallback?: (info: { protocols: string[] }) => string | undefined }).ALPNCallback = ({ protocols }) =>
      selectAlpn(serverAlpn, protocols);
  }
  return options;
}

/** Opens TCP (or a unix socket) for a TLS client; the handshake waits for startTls(). */
export function connectTls(target: Target, owner: ConnectionOwner, cfg: TlsConfig): Connection {
  if (target.kind === "unix" && Buffer.byteLength(target.path) > MAX_UNIX_PATH) return failLater(owner, "EINVAL");
  const options = tlsSocketOptions(cfg, false);
  if (target.kind === "fd") {
    let raw: NetSocket;
    try {
      raw = new net.Socket({ fd: target.fd, allowHalfOpen: true, readable: true, writable: true }) as NetSocket;
    } catch {
      return failLater(owner, "ECONNREFUSED");
    }
    const conn = new TlsConnection(raw, new (nodeTls().TLSSocket)(raw, options) as SecureSocket, owner, true, false);
    queueMicrotask(() => conn.owner?.[kOnOpen]());
    return conn;
  }
  // TLS waits on the connecting socket and starts only when startTls() says so.
  const raw = net.connect(connectTarget(target) as net.NetConnectOpts) as NetSocket;
  return new TlsConnection(raw, new (nodeTls().TLSSocket)(raw, options) as SecureSocket, owner, false, false);
}

/** Wraps each accepted socket of a TLS listener in a server-side TLS socket. */
export function listenTls(
  target: Target,
  settings: ListenSettings,
  cfg: TlsConfig,
  accept: (conn: Connection) => ConnectionOwner,
): ServerHandle {
  const options = tlsSocketOptions(cfg, true);
  const wrap = (raw: NetSocket): NodeConnection =>
    new TlsConnection(raw, new (nodeTls().TLSSocket)(raw, options) as SecureSocket, null, true, true);
  return listenNode(target, settings, accept, wrap);
}
