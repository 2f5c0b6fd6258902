/**
 * STARTTLS: `socket.upgradeTLS({tls, socket, data})` as Bun does it (spec §5).
 *
 * The socket is split in two new objects: `raw` keeps the old handlers and the
 * connection, and still sees every byte on the wire (the ciphertext); `tls` gets the
 * new handlers and speaks plaintext through node:tls, which runs over a duplex fed
 * from `raw`. This works on any transport, because only the Connection contract is used.
 */
import { Duplex } from "node:stream";
import type * as net from "node:net";
import { nodeTls } from "./lazy.js";
import type { Buffer } from "node:buffer";
import { SocketContext } from "../context.js";
import {
  kAdoptOpen,
  kAttach,
  kClosedForUser,
  kDetach,
  kRawClosed,
  kTap,
  kTlsState,
  kUpgrade,
  kWriteRaw,
  TCPSocket,
  type Detached,
  type Tap,
} from "../socket.js";
import { kOnOpen, kOnWritable, type Addresses, type Connection } from "../transport/transport.js";
import { TlsConnection, tlsSocketOptions, type SecureSocket } from "../transport/node-tls.js";
import { buildTls, type TlsConfig } from "./tls-options.js";
import { TlsState } from "./tls-state.js";
import { acceptedServername, TLSSocket } from "./tls-socket.js";
import { validateUpgrade, type UpgradeRequest } from "./upgrade-tls.js";
import { copyOf } from "../write-gate.js";

/** The plaintext side's view of the wire: what `raw` receives is pushed in, what TLS writes goes out on `raw`. */
class CipherPipe extends Duplex {
  readonly raw: RawTlsSide;
  waiting: ((error?: Error | null) => void) | null = null;

  constructor(raw: RawTlsSide) {
    super({ allowHalfOpen: true });
    this.raw = raw;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    // Respect the connection's back-pressure: node:tls waits for `done` before writing more.
    if (this.raw[kWriteRaw](chunk) > 0) this.waiting = done;
    else done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.raw.shutdown();
    done();
  }

  /**
   * node:tls has finished its writable side (end() was called and its close_notify, if any,
   * handed to us). Node has ended this pipe by then (so _final sent our FIN); Deno's node:tls
   * over a JavaScript stream never ends it, nor sends close_notify from an end() after the
   * peer's, so neither side would ever close. A turn later (Deno writes its close_notify
   * just after 'finish'), end the pipe ourselves; if node:tls already destroyed it, the FIN
   * goes straight to the connection.
   */
  finishLater(): void {
    setImmediate(() => {
      if (!this.destroyed) {
        if (!this.writableEnded) this.end();
      } else if (!this.writableFinished) this.raw.shutdown();
    });
  }

  /** The connection took what was waiting: let node:tls write on. */
  release(): void {
    const done = this.waiting;
    this.waiting = null;
    done?.();
  }
}

/** How `raw` feeds the pipe (one small object per upgraded socket). */
function tapInto(pipe: CipherPipe, side: TCPSocket, secure: SecureSocket, state: TlsState): Tap {
  return {
    data: (chunk) => void pipe.push(chunk),
    end: () => void pipe.push(null),
    closing: () => {
      state.rawOpen = false;
    },
    close: (error) => {
      pipe.destroy();
      // Nothing more can reach the TLS layer; node:tls's own close, later, finds the TLS half closed.
      secure.destroy();
      side[kRawClosed](error);
    },
    writable: () => pipe.release(),
  };
}

/**
 * The raw half: old handlers, the ciphertext, and end() meaning a TLS close (as on Bun).
 * Bun's raw half shares the TLS session, so its TLS members report the TLS half's state
 * (TLSSocket's members, run over `shared`), answering as closed once the raw half itself
 * has closed or ended. What Bun keeps per socket object stays the raw half's own:
 * `authorized` (false), the session ticket (none), and no authorization error once closed.
 */
class RawTlsSide extends TCPSocket {
  tlsConn: TlsConnection | null = null;
  /** The TLS half's state, set before the caller sees this socket. */
  shared: TlsState | null = null;
  /** raw.end() shows readyState -1 and closed TLS members until the next turn, as a TLS end() does. */
  #endShown = false;

  /** Closes the TLS session (close_notify, then FIN); the peer's reply closes both halves. */
  override end(...args: unknown[]): number {
    const conn = this.tlsConn;
    if (conn === null || this.readyState !== 1) return (TCPSocket.prototype.end as (...a: unknown[]) => number).apply(this, args);
    this.tlsConn = null;
    conn.shutdown();
    this.#endShown = true;
    setImmediate(() => {
      this.#endShown = false;
    });
    return 0;
  }

  override get readyState(): -2 | -1 | 0 | 1 | 2 {
    return this.#endShown ? -1 : super.readyState;
  }

  /** The raw half already carries TLS: Bun answers undefined and changes nothing. */
  override upgradeTLS(options: unknown): undefined {
    void options;
    validateUpgrade(arguments as unknown as unknown[], true);
    return undefined;
  }

  /** What TLSSocket's members read: the shared session's state... */
  override get [kTlsState](): TlsState | null {
    return this.shared;
  }

  /** ...answered as closed when this half is (not when the TLS half has ended). */
  override get [kClosedForUser](): boolean {
    return this.#endShown || super[kClosedForUser];
  }

  /** Bun sets `authorized` on the TLS half only. */
  override get authorized(): boolean {
    return false;
  }

  /** Bun keeps the ticket on the TLS half's object: the raw half never has one. */
  override getTLSTicket(): undefined {
    return undefined;
  }

  /** The session's verdict while open; closed, the raw half keeps none (the TLS half does). */
  override getAuthorizationError(): Error | null {
    return this[kClosedForUser] ? null : TLSSocket.prototype.getAuthorizationError.call(this);
  }

  /**
   * Same checks as the TLS half's, but Bun's raw half renames only the shared session:
   * both halves report the name, while the SNI and the name verified stay the TLS half's.
   */
  override setServername(name: string): void {
    void name;
    const sni = acceptedServername(this, arguments);
    if (sni !== undefined) (this.shared as TlsState).shownServername = sni;
  }

  override get [Symbol.toStringTag](): string {
    return "TLSSocket";
  }
}

// Every other TLS member is TLSSocket's own (TLSSocket's prototype holds only TLS members),
// including getX509Certificate/getPeerX509Certificate, which plain sockets lack.
for (const name of Object.getOwnPropertyNames(TLSSocket.prototype)) {
  if (name === "constructor" || Object.prototype.hasOwnProperty.call(RawTlsSide.prototype, name)) continue;
  Object.defineProperty(RawTlsSide.prototype, name, Object.getOwnPropertyDescriptor(TLSSocket.prototype, name) as PropertyDescriptor);
}

/** The TLS half's connection: node:tls over the pipe; socket-level calls go to the connection below. */
class StarttlsConnection extends TlsConnection {
  readonly below: Connection;
  readonly rawSide: RawTlsSide;

  constructor(below: Connection, rawSide: RawTlsSide, secure: SecureSocket, isServer: boolean) {
    super(null, secure, null, true, isServer);
    this.below = below;
    this.rawSide = rawSide;
  }

  /**
   * node:tls over a JavaScript stream can lose a later end() behind the empty flush-marker
   * write the node transport uses (the close_notify never leaves); the data write's own
   * callback tells when it has gone out instead.
   */
  override write(bytes: Uint8Array): void {
    this.socket.write(bytes, this.wrote);
  }

  /** The caller keeps its bytes: copied unless node:tls encrypts them within the call. */
  override writeCopy(view: Uint8Array): void {
    this.write(this.socket.writableLength === 0 ? view : copyOf(view));
  }

  readonly wrote = (): void => {
    if (this.owner !== null && !this.socket.destroyed && this.socket.writableLength === 0) this.owner[kOnWritable]();
  };

  override reset(): void {
    this.owner = null;
    this.rawSide.terminate();
    this.socket.destroy();
  }

  /**
   * A refused handshake: Bun drops the connection, so the raw half closes (and its `close`
   * runs before the TLS half's, which follows from it).
   */
  override abort(): void {
    super.abort();
    TCPSocket.prototype.close.call(this.rawSide);
  }

  override addresses(): Addresses | undefined {
    return this.below.addresses();
  }

  override fd(): number {
    return this.below.fd();
  }

  override setNoDelay(enable: boolean): void {
    this.below.setNoDelay(enable);
  }

  override setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.below.setKeepAlive(enable, initialDelayMs);
  }

  override ref(): void {
    this.below.ref();
  }

  override unref(): void {
    this.below.unref();
  }
}

function upgrade(original: TCPSocket, request: UpgradeRequest): [TCPSocket, TCPSocket] {
  const isServer = original.listener !== undefined;
  const cfg: TlsConfig = buildTls(request.tls, isServer ? "server" : "client", undefined);
  const d: Detached = original[kDetach]();
  const serverName = cfg.serverName ?? (isServer ? undefined : d.hostname);

  const raw = new RawTlsSide(d.ctx, d.data, d.allowHalfOpen, d.listener, null);
  raw[kAdoptOpen](d.conn);
  d.conn.owner = raw;
  const pipe = new CipherPipe(raw);

  const secure = new (nodeTls().TLSSocket)(pipe as unknown as net.Socket, tlsSocketOptions(cfg, isServer)) as SecureSocket;
  secure.once("finish", () => pipe.finishLater());
  const ctx = new SocketContext(request.handlers, request.handlerObject);
  const state = new TlsState({ ...cfg, serverName }, isServer);
  raw.shared = state;
  // Bun's tls half reports no listener; the raw half keeps it (and closing raw closes tls).
  const side = new TLSSocket(ctx, request.data, d.allowHalfOpen, undefined, null, state);
  state.overRaw = true;
  const conn = new StarttlsConnection(d.conn, raw, secure, isServer);
  raw.tlsConn = conn;
  raw[kTap] = tapInto(pipe, side, secure, state);
  conn.owner = side;
  side[kAttach](conn);
  // Like a socket that just connected: `open` now if there is a handshake handler, and
  // a client starts its handshake once `open` could set SNI or a session.
  side[kOnOpen]();
  // Bun sends the ClientHello before upgradeTLS returns (after the TLS half's `open`): a
  // name set later is shown and verified but is not the SNI (probed on 1.4.5).
  if (!isServer && side.readyState === 1 && !state.shutBeforeHandshake) conn.startTls(state.servername, state.session);
  return [raw, side];
}

(TCPSocket as unknown as { [kUpgrade]: typeof upgrade })[kUpgrade] = upgrade;
