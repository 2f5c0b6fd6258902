/**
 * TCPSocket: Bun's socket surface over a transport Connection.
 *
 * The socket owns Bun's semantics (spec §3–§4, §6): readyState, the write contract
 * (returns bytes accepted now, never an unbounded queue), synchronous close inside
 * end()/close()/terminate(), the order of events, pause holding a FIN, where handler
 * exceptions go. Every event fires at most once and nothing fires after `close`.
 */
import type { Buffer } from "node:buffer";
import { platform } from "node:os";
import { invalidArgType, plainError, socketError, valueOutOfRange } from "./errors.js";
import { toBinaryType, coalesce } from "./binary-type.js";
import type { SocketContext } from "./context.js";
import { normaliseReload, type HandlerFn } from "./options.js";
import { armTimeout, connectionClosed, connectionOpened, kOnTimeout, type TimeoutTarget } from "./timeout-clock.js";
import {
  kOnClose,
  kOnConnectError,
  kOnData,
  kOnEnd,
  kOnHandshake,
  kOnOpen,
  kOnWritable,
  type Addresses,
  type Connection,
  type ConnectionOwner,
} from "./transport/transport.js";
import { writeInput, writeSize, type WriteInput } from "./write-input.js";
import { WriteGate } from "./write-gate.js";
import type { TlsState } from "./tls/tls-state.js";
import { leafX509 } from "./tls/certificate.js";
import { disconnectedDuringHandshake, judgeHandshake } from "./tls/verify.js";
import { protocolError } from "./tls/ssl-errors.js";
import { installPlainTlsMembers, type PlainTlsMembers } from "./tls/plain-members.js";
import { validateUpgrade, type UpgradeRequest } from "./tls/upgrade-tls.js";


/** Bytes held for a paused socket before the transport stops reading. */
const PAUSE_HOLD_LIMIT = 64 * 1024;

const OPEN = 1;
const CLOSED = -1;
const CONNECTING = 0;

// TCPSocket's #bits: the state (+1) in the low two bits, then one bit per flag.
const STATE_MASK = 3;
const ALLOW_HALF_OPEN = 1 << 2;
const PAUSED = 1 << 3;
const TRANSPORT_PAUSED = 1 << 4;
const HELD_END = 1 << 5;
const DROPPED_AFTER_READ_SHUT = 1 << 6;
const WRITE_SHUT = 1 << 7;
const READ_SHUT = 1 << 8;
const PEER_END_SEEN = 1 << 9;
const ENDING = 1 << 10;
const ENDING_SHOWN = 1 << 11;
const TALKED_AFTER_END = 1 << 12;
const HANDSHAKE_DRAIN = 1 << 13;
const END_AFTER_DRAIN = 1 << 14;
const TAP_ENDED = 1 << 15;
/** A pause()/resume() drain is on its way: further calls before it fires share it. */
const FLOW_PENDING = 1 << 16;

/** Bytes a paused socket holds back, in arrival order. */
interface Held {
  readonly chunks: Buffer[];
  bytes: number;
}

/** Internal hooks for connect.ts / listener.ts; symbols keep them off Bun's public surface. */
export const kAttach = Symbol("bunsock.attach");
export const kAccepted = Symbol("bunsock.accepted");
export const kForgetSocket = Symbol("bunsock.forgetSocket");
/** The TLS state of a TLS socket, for the TLS members (tls/tls-socket.ts). */
export const kTlsState = Symbol("bunsock.tlsState");
const INT32_MAX = 2147483647;
/** Linux's MAX_TCP_KEEPIDLE; elsewhere the limit is not known here. */
const MAX_KEEPIDLE_SECONDS = platform() === "linux" ? 32767 : undefined;
/** Whether the socket is closed to its user: closed, or a TLS socket after end() (Bun's members answer as closed). */
export const kClosedForUser = Symbol("bunsock.closedForUser");
/** STARTTLS hooks (tls/starttls.ts). */
export const kTap = Symbol("bunsock.tap");
export const kWriteRaw = Symbol("bunsock.writeRaw");
export const kDetach = Symbol("bunsock.detach");
export const kAdoptOpen = Symbol("bunsock.adoptOpen");
export const kHostname = Symbol("bunsock.hostname");
export const kUpgrade = Symbol("bunsock.upgrade");
export const kRawClosed = Symbol("bunsock.rawClosed");

/** Where the bytes of a socket under STARTTLS also go: the TLS engine above it. */
export interface Tap {
  data(chunk: Buffer): void;
  end(): void;
  /** The raw half is closing: the TLS half reads as closed from now on (before raw's `close` runs). */
  closing(): void;
  /** After raw's `close`: the TLS half closes too, with the raw half's error, inside the same call. */
  close(error: Error | undefined): void;
  writable(): void;
}

/** What a socket hands over when STARTTLS replaces it (spec §5 upgradeTLS). */
export interface Detached {
  readonly conn: Connection;
  readonly ctx: SocketContext;
  readonly data: unknown;
  readonly allowHalfOpen: boolean;
  readonly listener: OwningListener | undefined;
  readonly hostname: string | undefined;
}

type Upgrader = (socket: TCPSocket, request: UpgradeRequest) => [TCPSocket, TCPSocket];

/** Settles the connect() promise; owned by connect.ts. */
export interface ConnectSettler {
  resolve(socket: TCPSocket): void;
  failed(socket: TCPSocket, error: unknown): void;
}

/** The listener side of an accepted socket. */
export interface OwningListener {
  [kForgetSocket](socket: TCPSocket): void;
  [kAdoptSocket](socket: TCPSocket): void;
}

export const kAdoptSocket = Symbol("bunsock.adoptSocket");

type HandlerName = "open" | "data" | "drain" | "end" | "close" | "timeout" | "error" | "handshake";

/** Next turn of the event loop (after I/O), where the runtime has it. */
const later: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

/**
 * The turn after next: where Bun's poll would report something this turn caused, after
 * the immediates already queued in this turn (probed on 1.4.5 for shutdown(true)).
 */
function nextPoll(fn: () => void): void {
  later(() => later(fn));
}

/** An error the kernel gave (a reset, say), not one the TLS layer made up for a FIN. */
function isSystemError(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null | undefined)?.errno;
  return typeof errno === "number" && errno !== 0;
}

/** Strings become fresh bytes; anything else is the caller's memory. */
function isString(data: unknown): boolean {
  return typeof data === "string" || data instanceof String;
}

function reportUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

export class TCPSocket implements ConnectionOwner, TimeoutTarget {
  #ctx: SocketContext;
  #conn: Connection | null = null;
  /**
   * readyState's CONNECTING/OPEN/CLOSED (bits 0-1) and every yes/no fact below, in one
   * small integer: an idle server keeps thousands of sockets, and each boolean field
   * would cost a pointer-sized slot (see bench/RESULTS.md, idle memory).
   */
  #bits: number = CONNECTING + 1;
  #data: unknown;
  #listener: OwningListener | undefined;
  /** Made on the first write: an idle socket carries none (memory per connection). */
  #gate: WriteGate | null = null;
  #settler: ConnectSettler | null;
  /** What pause() holds back; made on the first held chunk. */
  #held: Held | null = null;
  #addresses: { -readonly [K in keyof Addresses]?: Addresses[K] } | undefined;
  #tls: TlsState | null;
  #tap: Tap | null = null;

  get #state(): number {
    return (this.#bits & STATE_MASK) - 1;
  }
  set #state(state: number) {
    this.#bits = (this.#bits & ~STATE_MASK) | (state + 1);
  }
  #has(bit: number): boolean {
    return (this.#bits & bit) !== 0;
  }
  #put(bit: number, on: boolean): void {
    this.#bits = on ? this.#bits | bit : this.#bits & ~bit;
  }
  get #allowHalfOpen(): boolean { return this.#has(ALLOW_HALF_OPEN); }
  get #paused(): boolean { return this.#has(PAUSED); }
  set #paused(on: boolean) { this.#put(PAUSED, on); }
  get #transportPaused(): boolean { return this.#has(TRANSPORT_PAUSED); }
  set #transportPaused(on: boolean) { this.#put(TRANSPORT_PAUSED, on); }
  get #heldEnd(): boolean { return this.#has(HELD_END); }
  set #heldEnd(on: boolean) { this.#put(HELD_END, on); }
  get #droppedAfterReadShut(): boolean { return this.#has(DROPPED_AFTER_READ_SHUT); }
  set #droppedAfterReadShut(on: boolean) { this.#put(DROPPED_AFTER_READ_SHUT, on); }
  get #writeShut(): boolean { return this.#has(WRITE_SHUT); }
  set #writeShut(on: boolean) { this.#put(WRITE_SHUT, on); }
  get #readShut(): boolean { return this.#has(READ_SHUT); }
  set #readShut(on: boolean) { this.#put(READ_SHUT, on); }
  get #peerEndSeen(): boolean { return this.#has(PEER_END_SEEN); }
  set #peerEndSeen(on: boolean) { this.#put(PEER_END_SEEN, on); }
  /** TLS: closed for the user (readyState -1, writes refused) while the peer finishes closing. */
  get #ending(): boolean { return this.#has(ENDING); }
  set #ending(on: boolean) { this.#put(ENDING, on); }
  get #endingShown(): boolean { return this.#has(ENDING_SHOWN); }
  set #endingShown(on: boolean) { this.#put(ENDING_SHOWN, on); }
  get #talkedAfterEnd(): boolean { return this.#has(TALKED_AFTER_END); }
  set #talkedAfterEnd(on: boolean) { this.#put(TALKED_AFTER_END, on); }
  get #handshakeDrain(): boolean { return this.#has(HANDSHAKE_DRAIN); }
  set #handshakeDrain(on: boolean) { this.#put(HANDSHAKE_DRAIN, on); }
  get #endAfterDrain(): boolean { return this.#has(END_AFTER_DRAIN); }
  set #endAfterDrain(on: boolean) { this.#put(END_AFTER_DRAIN, on); }
  get #tapEnded(): boolean { return this.#has(TAP_ENDED); }
  set #tapEnded(on: boolean) { this.#put(TAP_ENDED, on); }
  get #flowPending(): boolean { return this.#has(FLOW_PENDING); }
  set #flowPending(on: boolean) { this.#put(FLOW_PENDING, on); }

  /** The host name connect() was given: a client's default SNI if it upgrades to TLS (kept on its context). */
  get [kHostname](): string | undefined {
    return this.#ctx.hostname;
  }

  /** @internal Sockets are created by connect() and listen(), never by users. */
  constructor(
    ctx: SocketContext,
    data: unknown,
    allowHalfOpen: boolean,
    listener: OwningListener | undefined,
    settler: ConnectSettler | null,
    tls: TlsState | null = null,
  ) {
    this.#ctx = ctx;
    this.#data = data;
    if (allowHalfOpen) this.#bits |= ALLOW_HALF_OPEN;
    this.#listener = listener;
    this.#settler = settler;
    this.#tls = tls;
  }

  /** @internal */
  [kAttach](conn: Connection): void {
    this.#conn = conn;
    if (this.#tls !== null) this.#tls.conn = conn as TlsState["conn"];
  }

  /** @internal */
  get [kTlsState](): TlsState | null {
    return this.#tls;
  }

  /** @internal */
  get [kClosedForUser](): boolean {
    return this.#closedForUser;
  }

  /** Closed, or a TLS socket its user ended (not one ending because its handshake was refused). */
  get #closedForUser(): boolean {
    return this.#state !== OPEN || this.#tls?.userEnded === true || this.#tls?.rawOpen === false;
  }

  /** @internal An accepted server socket is open at once (a TLS one waits for its handshake without a handshake handler). */
  [kAccepted](): void {
    if (this.#tls !== null && this.#ctx.handlers.handshake === undefined) {
      this.#state = OPEN;
      connectionOpened();
      return;
    }
    this.#becomeOpen();
  }

  #becomeOpen(): void {
    this.#state = OPEN;
    connectionOpened();
    const settler = this.#settler;
    this.#settler = null;
    // Bun resolves the promise just before `open` runs, so its reaction runs
    // after `open` returns but before microtasks queued inside `open` (spec §1).
    settler?.resolve(this);
    if (this.#tls !== null) this.#tls.openFired = true;
    this.#call("open", this.#ctx.handlers.open);
  }

  // ---- transport events -------------------------------------------------

  /** @internal */
  [kOnOpen](): void {
    if (this.#state !== CONNECTING) return;
    const tls = this.#tls;
    if (tls === null) return this.#becomeOpen();
    // TLS client: the promise resolves at TCP connect; `open` runs now only with a
    // handshake handler (else after the handshake). The handshake starts once `open`
    // and the promise's first reaction could set SNI or a session (spec §5).
    if (this.#ctx.handlers.handshake !== undefined) this.#becomeOpen();
    else {
      this.#state = OPEN;
      connectionOpened();
      const settler = this.#settler;
      this.#settler = null;
      settler?.resolve(this);
    }
    // A shutdown() before then means no handshake at all: the FIN goes out alone, and the
    // handshake fails when the peer answers it (Bun 1.4.5: handshake(false, null), close).
    queueMicrotask(() => {
      if (this.#state === OPEN && tls.conn !== null && !this.#writeShut) tls.conn.startTls(tls.servername, tls.session);
    });
  }

  /** @internal The TLS handshake finished: judge it as Bun does, then `handshake` or `open`. */
  [kOnHandshake](): void {
    const tls = this.#tls;
    if (this.#state !== OPEN || tls === null || tls.conn === null) return;
    const secure = tls.conn.socket;
    tls.handshakeDone = true;
    tls.alpn = secure.alpnProtocol ?? false;
    tls.peerX509 = leafX509(secure.getPeerX509Certificate());
    const verdict = judgeHandshake({
      isServer: tls.isServer,
      verifyError: secure._handle?.verifyError() ?? null,
      rejectUnauthorized: tls.rejectUnauthorized,
      requestCert: tls.requestCert,
      host: tls.servername,
      peer: tls.peerX509,
    });
    tls.authorized = verdict.authorized;
    tls.authError = verdict.error;
    if (verdict.reject) this.#ending = true;
    // Bun fires a drain once the socket is writable after the handshake: at its next poll,
    // before the immediates the callback queues, after data read with the last flight (a FIN
    // read with it waits for the drain). A shutdown() between the handshake's end and then
    // cancels it; one made during the handshake does not (probed on 1.4.5).
    this.#handshakeDrain = true;
    later(() => {
      if (!this.#handshakeDrain) return;
      this.#handshakeDrain = false;
      const shutSince = this.#writeShut && !tls.shutBeforeHandshake;
      if (this.#state === OPEN && !this.#ending && !shutSince) this.#call("drain", this.#ctx.handlers.drain);
      if (this.#endAfterDrain) {
        this.#endAfterDrain = false;
        this[kOnEnd]();
      }
    });
    const onHandshake = this.#ctx.handlers.handshake;
    // The handlers in place now decide (reload() may have changed them): without a handshake
    // handler the handshake's end is `open`, even after an earlier one (as on Bun 1.4.5).
    if (onHandshake !== undefined) this.#call("handshake", onHandshake, verdict.success, verdict.error);
    else {
      tls.openFired = true;
      this.#call("open", this.#ctx.handlers.open);
    }
    if (this.#state !== OPEN) return;
    if (verdict.reject) {
      this.#handshakeDrain = false;
      // Bun aborts the handshake; dropping the connection before node:tls flushes its
      // last flight is the closest: the peer sees the handshake fail, not succeed.
      tls.conn.abort();
      return this.#finish(undefined);
    }
    if (tls.endAfterHandshake) {
      this.#handshakeDrain = false;
      tls.endAfterHandshake = false;
      return this.#closeTls();
    }
  }

  /** @internal */
  [kOnConnectError](error: unknown): void {
    if (this.#state !== CONNECTING) return;
    this.#state = CLOSED;
    this.#conn = null;
    const settler = this.#settler;
    this.#settler = null;
    settler?.failed(this, error);
  }

  /** @internal */
  [kOnData](chunk: Buffer): void {
    if (this.#state !== OPEN) return;
    this.#tap?.data(chunk);
    if (this.#readShut) {
      this.#droppedAfterReadShut = true;
      return;
    }
    // While paused, and until resume() has handed over what it held, bytes join the held ones.
    if (this.#paused || this.#held !== null) {
      const held = (this.#held ??= { chunks: [], bytes: 0 });
      held.chunks.push(chunk);
      held.bytes += chunk.byteLength;
      // Past a small bound, stop reading: the kernel then pushes back on the peer.
      if (held.bytes >= PAUSE_HOLD_LIMIT && !this.#transportPaused) {
        this.#transportPaused = true;
        this.#conn?.pause();
      }
      return;
    }
    this.#deliver(chunk);
  }

  /** @internal */
  [kOnEnd](): void {
    if (this.#state !== OPEN || this.#readShut) return;
    if (this.#tap !== null && !this.#tapEnded) {
      // STARTTLS: the TLS half reads the peer's close_notify first (Bun's order), then the raw half ends.
      this.#tapEnded = true;
      this.#tap.end();
      later(() => this[kOnEnd]());
      return;
    }
    if (this.#handshakeDrain) {
      this.#endAfterDrain = true;
      return;
    }
    // Under STARTTLS the raw half closes first; the TLS half follows it (spec §5).
    if (this.#tls?.overRaw === true) {
      this.#peerEndSeen = true;
      if (!this.#ending && !this.#paused) this.#call("end", this.#ctx.handlers.end);
      return;
    }
    // TLS end(): the peer finished in turn. Bun reports `end` only for the peer's own
    // close_notify, which node:tls does not tell apart from a bare FIN; a peer that kept
    // talking after our end() is a half-open peer closing on purpose (docs/compat.md).
    if (this.#ending) {
      // Bytes resume() is still handing over came before the FIN.
      if (this.#held !== null) this.#deliverHeld();
      if (this.#state !== OPEN) return;
      if (this.#talkedAfterEnd) this.#call("end", this.#ctx.handlers.end);
      if (this.#state === OPEN) this.#closeGracefully(undefined);
      return;
    }
    // A FIN before the TLS handshake finished is a failed handshake.
    if (this.#tls !== null && !this.#tls.handshakeDone) {
      this.#conn?.close();
      this.#conn = null;
      return this.#handshakeFailed(undefined);
    }
    // Held bytes (paused, or not yet handed over after resume()) come before the FIN.
    if (this.#paused || this.#held !== null) {
      this.#heldEnd = true;
      return;
    }
    this.#peerEnded();
  }

  /** @internal */
  [kOnClose](error: unknown): void {
    if (this.#state !== OPEN) return;
    const tls = this.#tls;
    if (tls !== null && tls.overRaw && tls.rawOpen) {
      // STARTTLS: Bun closes the raw half first; this one follows it.
      tls.closeWaiting = { error };
      return;
    }
    this.#conn = null;
    if (this.#tls !== null) return this.#tlsClosed(error);
    if (this.#held !== null) this.#deliverHeld();
    if (this.#state === OPEN) this.#finish(error === undefined ? undefined : socketError(error));
  }

  /** The TLS handshake did not finish (`error`: the TLS failure, if the peer did not just leave). */
  #handshakeFailed(error: Error | undefined): void {
    const tls = this.#tls as TlsState;
    const failure = error ?? (tls.shutBeforeHandshake ? null : disconnectedDuringHandshake());
    this.#ending = true;
    // A TLS failure is the authorization error inside the callback already; a peer that
    // just left leaves it "unverified" until the callback returns (as on Bun).
    if (error !== undefined) {
      tls.handshakeDone = true;
      tls.authError = failure;
    }
    const onHandshake = this.#ctx.handlers.handshake;
    tls.failing = true;
    if (onHandshake !== undefined) this.#call("handshake", onHandshake, false, failure);
    else {
      tls.openFired = true;
      this.#call("open", this.#ctx.handlers.open);
    }
    tls.failing = false;
    // During the callback the error is still "unverified"; afterwards Bun keeps the failure.
    tls.handshakeDone = true;
    tls.authError = failure;
    if (this.#state === OPEN) this.#finish(undefined);
  }

  /**
   * A TLS connection went away. Before the handshake finished, that is a failed
   * handshake (`handshake(false, err)`, or `open` for a socket without that handler);
   * after it, a TLS protocol error goes to `error` (spec §5).
   */
  #tlsClosed(error: unknown): void {
    const tls = this.#tls as TlsState;
    const tlsError = protocolError(error);
    if (!tls.handshakeDone) {
      if (tlsError === undefined && isSystemError(error)) {
        // A reset mid-handshake is only a socket error on Bun: close(err), with no
        // handshake(false) or `open` first, and no authorization error afterwards (probed on 1.4.5).
        tls.handshakeDone = true;
        return this.#finish(socketError(error));
      }
      return this.#handshakeFailed(tlsError);
    }
    if (this.#held !== null) this.#deliverHeld();
    if (this.#state !== OPEN) return;
    if (tlsError !== undefined) {
      tls.authError = tlsError;
      this.#call("error", this.#ctx.handlers.error, tlsError);
      if (this.#state === OPEN) this.#finish(undefined);
      return;
    }
    this.#finish(error === undefined || this.#ending ? undefined : socketError(error));
  }

  /** @internal */
  [kOnWritable](): void {
    if (this.#state !== OPEN) return;
    this.#tap?.writable();
    if (this.#gate?.takeDrain() === true) {
      this.#call("drain", this.#ctx.handlers.drain);
    }
  }

  /** @internal */
  [kOnTimeout](): void {
    if (this.#state === OPEN) this.#call("timeout", this.#ctx.handlers.timeout);
  }

  // ---- event delivery ---------------------------------------------------

  #deliver(chunk: Buffer): void {
    if (this.#ending) this.#talkedAfterEnd = true;
    const h = this.#ctx.handlers;
    const fn = h.data;
    if (fn === undefined) return;
    try {
      (fn as (s: TCPSocket, d: unknown) => unknown).call(this.#ctx.thisArg, this, toBinaryType(chunk, h.binaryType));
    } catch (e) {
      this.#threw(e, "data");
    }
  }

  #deliverHeld(): void {
    const held = this.#held;
    this.#held = null;
    if (held !== null && held.chunks.length > 0) this.#deliver(coalesce(held.chunks));
  }

  #peerEnded(): void {
    this.#peerEndSeen = true;
    if (this.#writeShut && this.#tls === null) {
      // We already sent FIN with shutdown(); the peer's FIN completes the close,
      // and Bun reports it as `close` without an `end` (spec §3).
      this.#closeGracefully(undefined);
      return;
    }
    // STARTTLS: the peer's end is the TLS half's event; Bun never calls the raw half's `end`.
    if (!this.#tapEnded) this.#call("end", this.#ctx.handlers.end);
    if (this.#state !== OPEN) return;
    if (!this.#allowHalfOpen) this.#closeGracefully(undefined);
    else this.#call("drain", this.#ctx.handlers.drain);
  }

  /** Calls one handler with Bun's argument count; a throw goes where Bun sends it (spec §3). */
  #call(name: HandlerName, fn: HandlerFn | undefined, arg?: unknown, arg2?: unknown): void {
    if (fn === undefined) return;
    try {
      if (name === "close" || name === "error") (fn as (s: TCPSocket, a: unknown) => unknown).call(this.#ctx.thisArg, this, arg);
      else if (name === "handshake") (fn as (s: TCPSocket, a: unknown, b: unknown) => unknown).call(this.#ctx.thisArg, this, arg, arg2);
      else (fn as (s: TCPSocket) => unknown).call(this.#ctx.thisArg, this);
    } catch (e) {
      this.#threw(e, name);
    }
  }

  #threw(error: unknown, origin: HandlerName): void {
    const onError = origin === "error" ? undefined : this.#ctx.handlers.error;
    if (onError !== undefined) this.#call("error", onError, error);
    else reportUncaught(error);
    if (origin === "open" && this.#state === OPEN) this.#closeGracefully(undefined);
  }

  // ---- closing ----------------------------------------------------------

  /** Marks the socket closed and fires `close` once; the transport is already told. */
  #finish(error: Error | undefined): void {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    this.#conn = null;
    this.#held = null;
    if (this.#tls !== null) {
      this.#tls.conn = null;
      this.#tls.alpn = false;
    }
    const tap = this.#tap;
    this.#tap = null;
    connectionClosed(this);
    tap?.closing();
    this.#call("close", this.#ctx.handlers.close, error);
    // After the handler: a stopped listener's reload() still works inside its last socket's close.
    this.#listener?.[kForgetSocket](this);
    // STARTTLS: the TLS half above closes right after this raw half, within the same call (Bun 1.4.5).
    tap?.close(error);
  }

  #closeGracefully(error: Error | undefined): void {
    const conn = this.#conn;
    if (conn !== null) {
      // Bun leaves bytes that arrived after shutdown(true) unread in the kernel, and
      // closing a socket with unread bytes sends RST: the peer sees ECONNRESET.
      if (this.#droppedAfterReadShut) conn.reset();
      else if (this.#gate !== null && this.#gate.pendingBlobs > 0) this.#gate.closeAfterBlobs = true;
      else conn.close();
    }
    this.#finish(error);
  }

  // ---- writing ----------------------------------------------------------

  #w(): WriteGate {
    return (this.#gate ??= new WriteGate(this));
  }

  /**
   * Writes bytes; returns how many were accepted now (fewer than asked means
   * back-pressure and `drain` follows), or -1 once closed or shut down.
   */
  write(data?: unknown, byteOffset?: number, byteLength?: number): number {
    // No connection: it went away and its last held bytes are being handed over (a reset).
    if (this.#state !== OPEN || this.#conn === null || this.#ending) return -1;
    void byteOffset;
    void byteLength;
    // After shutdown() Bun still checks the arguments, and a write of nothing is 0.
    const input = writeInput(arguments, "write");
    if (this.#writeShut) return arguments.length === 0 || data === undefined ? 0 : -1;
    // Bun drops what is written before the TLS handshake finishes (spec §5); a write of
    // no bytes then answers -1 (probed on 1.4.5).
    if (this.#tls !== null && !this.#tls.handshakeDone) return writeSize(input) > 0 ? 0 : -1;
    return this.#w().accept(this.#conn as Connection, input, !isString(data));
  }

  /**
   * Writes an optional final chunk, then closes: `close` fires before end() returns
   * (spec §3). Returns the bytes of the final chunk accepted, or -1 if already closed.
   */
  end(data?: unknown, byteOffset?: number, byteLength?: number): number {
    // Inside the report of a handshake that did not finish, Bun answers 0 and closes after it.
    if (this.#state !== OPEN || this.#ending) return this.#state === OPEN && this.#tls?.failing === true ? 0 : -1;
    if (this.#conn === null) {
      this.#closeGracefully(undefined);
      return -1;
    }
    void byteOffset;
    void byteLength;
    const input = writeInput(arguments, "end");
    // After shutdown() the write side is gone: any final chunk (even an empty one) is
    // refused and the socket stays open; a bare end() closes.
    const given = arguments.length > 0 && data !== undefined;
    if (this.#writeShut && given) return -1;
    if (this.#tls !== null) return this.#endTls(input, !isString(data), given);
    const size = writeSize(input);
    if (size === 0) {
      this.#closeGracefully(undefined);
      return 0;
    }
    const conn = this.#conn as Connection;
    if (this.#w().blocked(conn)) {
      // Bun: the final chunk cannot be written now; it is dropped and the socket
      // closes once the queue has drained (spec §4 end).
      this.#closeGracefully(undefined);
      return 0;
    }
    const n = this.#w().accept(conn, input, !isString(data));
    // Refused at once (the peer is gone): the transport is closing it, reported later as on Bun.
    if (n === -1) return -1;
    this.#closeGracefully(undefined);
    return n;
  }

  /**
   * TLS end(): Bun sends close_notify and FIN, reports the socket closed at once
   * (readyState -1, writes refused), keeps delivering the peer's data, and fires
   * `close` when the peer has closed in turn (spec §5).
   */
  #endTls(input: WriteInput, callerOwned: boolean, given: boolean): number {
    const size = writeSize(input);
    const tls = this.#tls as TlsState;
    if (!tls.handshakeDone) {
      // Mid-handshake, a bare end() is a close. A final chunk, even an empty one, is
      // dropped (as any write then: 0, or -1 for no bytes) and the socket ends once the
      // handshake is done (probed on 1.4.5).
      if (given) {
        tls.endAfterHandshake = true;
        return size > 0 ? 0 : -1;
      }
      this.#conn?.close();
      this.#abandonHandshake();
      return 0;
    }
    const n = size > 0 && !this.#writeShut ? this.#w().accept(this.#conn as Connection, input, callerOwned) : 0;
    this.#closeTls();
    return n;
  }

  /** The TLS end() proper: close_notify and FIN, `close` once the peer has closed too. */
  #closeTls(): void {
    this.#ending = true;
    (this.#tls as TlsState).userEnded = true;
    this.#endingShown = true;
    this.#unpauseForEnd();
    // Bun shows readyState -1 right after a TLS end(), and 1 again in later events.
    later(() => {
      this.#endingShown = false;
    });
    if (this.#peerEndSeen) this.#closeGracefully(undefined);
    else if (!this.#writeShut) {
      this.#writeShut = true;
      this.#conn?.shutdown();
    }
  }

  /**
   * A TLS end() lifts a pause: Bun keeps delivering the peer's data (and its close) until
   * the peer has closed in turn, paused or not, and pause() does nothing from then on (probed
   * on 1.4.5). What the pause held is handed over right after the call.
   */
  #unpauseForEnd(): void {
    if (!this.#paused && this.#held === null && !this.#heldEnd) return;
    this.#paused = false;
    if (this.#transportPaused) {
      this.#transportPaused = false;
      this.#conn?.resume();
    }
    this.#flowChanged();
  }

  /** Closes like end() without data; returns undefined. */
  close(): void {
    if (this.#state !== OPEN) return;
    if (this.#handshaking() && this.#conn !== null) {
      this.#conn.close();
      return this.#abandonHandshake();
    }
    this.#closeGracefully(undefined);
  }

  /** Closes at once with a reset (the peer sees ECONNRESET); `close` fires inside the call. */
  terminate(): void {
    if (this.#state !== OPEN) return;
    this.#conn?.reset();
    if (this.#handshaking()) return this.#abandonHandshake();
    this.#finish(undefined);
  }

  /** A TLS socket whose handshake has not finished, nor is being reported as failed. */
  #handshaking(): boolean {
    return this.#tls !== null && !this.#tls.handshakeDone && !this.#ending;
  }

  /**
   * The user closed a TLS socket mid-handshake: Bun reports the handshake as failed
   * (ECONNRESET, or `open` without a handshake handler), then `close`, inside the call.
   */
  #abandonHandshake(): void {
    this.#conn = null;
    this.#handshakeFailed(undefined);
  }

  /**
   * `shutdown()` sends FIN and keeps reading; `shutdown(true)` shuts the read side:
   * a local `end` follows, then `close` unless allowHalfOpen (spec §3; the seed's prose is wrong).
   */
  shutdown(halfClose?: boolean): void {
    if (this.#state !== OPEN) return;
    // Any truthy argument shuts the read side, as on Bun (shutdown(1), shutdown("x")).
    if (halfClose) {
      if (this.#readShut) return;
      this.#readShut = true;
      this.#held = null;
      this.#heldEnd = false;
      const endSeen = this.#peerEndSeen;
      nextPoll(() => {
        if (this.#state !== OPEN) return;
        // Before the TLS handshake finished, Bun fails it (ECONNRESET) and closes.
        if (this.#handshaking()) {
          this.#conn?.close();
          return this.#abandonHandshake();
        }
        // Both directions are now shut: Bun closes without a second `end`.
        if (endSeen) return this.#closeGracefully(undefined);
        this.#call("end", this.#ctx.handlers.end);
        if (this.#state !== OPEN) return;
        if (!this.#allowHalfOpen) this.#closeGracefully(undefined);
        else this.#call("drain", this.#ctx.handlers.drain);
      });
      return;
    }
    if (this.#writeShut) return;
    this.#writeShut = true;
    // A handshake that then fails is reported with no error (probed on 1.4.5).
    if (this.#handshaking()) (this.#tls as TlsState).shutBeforeHandshake = true;
    this.#conn?.shutdown();
  }

  /** Sends what is buffered. Bun does not cork, and neither do we: writes already went out. */
  flush(): void {}

  /** Stops `data`, and a FIN's `end`/`close`, until resume(); fires one `drain`. */
  pause(): void {
    if (this.#state !== OPEN || this.#paused || this.#ending) return;
    this.#paused = true;
    if (this.#handshaking()) {
      // Before the TLS handshake ends Bun stops reading at once: the handshake waits for
      // resume(), and neither call fires a drain (probed on 1.4.5).
      this.#transportPaused = true;
      this.#conn?.pause();
      return;
    }
    // The transport keeps reading (so a reset is still seen, as on Bun) until
    // PAUSE_HOLD_LIMIT bytes are held; only then does it stop reading.
    this.#flowChanged();
  }

  /** Delivers what pause() held, coalesced, then resumes; fires one `drain`. */
  resume(): void {
    if (this.#state !== OPEN || !this.#paused) return;
    // Still paused while the transport hands over what it buffered: it joins the held data.
    if (this.#transportPaused) {
      this.#transportPaused = false;
      this.#conn?.resume();
    }
    this.#paused = false;
    if (!this.#handshaking()) this.#flowChanged();
  }

  /**
   * Bun fires the drain of pause()/resume() once the socket is next polled: effective calls
   * made before it fires share one drain (pause(); resume() in one go fires one; probed on 1.4.5).
   */
  #flowChanged(): void {
    if (this.#flowPending) return;
    this.#flowPending = true;
    queueMicrotask(() => {
      this.#flowPending = false;
      this.#afterFlowChange();
    });
  }

  #afterFlowChange(): void {
    if (this.#state !== OPEN) return;
    // Bun fires no drain for a pause made just before a TLS end().
    if (!this.#ending) this.#call("drain", this.#ctx.handlers.drain);
    if (this.#paused) return;
    if (this.#held !== null) this.#deliverHeld();
    if (this.#heldEnd && this.#state === OPEN) {
      this.#heldEnd = false;
      if (this.#ending) this[kOnEnd]();
      else this.#peerEnded();
    }
  }

  // ---- options and lifetime ---------------------------------------------

  ref(): void {
    if (this.#state === OPEN) this.#conn?.ref();
  }

  unref(): void {
    if (this.#state === OPEN) this.#conn?.unref();
  }

  /** Fires `timeout` once at Bun's next 4-second tick past `seconds`; does not close the socket. */
  timeout(seconds?: number): void {
    if (this.#closedForUser) return;
    if (arguments.length === 0) throw plainError("Expected 1 argument, got 0");
    let n = typeof seconds === "bigint" ? Number(seconds) : Math.trunc(Number(seconds));
    if (Number.isNaN(n)) n = 0;
    if (n < 0) throw plainError("Timeout must be a positive integer");
    armTimeout(this, n);
  }

  setNoDelay(noDelay?: boolean): boolean {
    if (this.#closedForUser || this.#conn === null) return false;
    this.#conn.setNoDelay(noDelay === undefined ? true : Boolean(noDelay));
    return true;
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): boolean {
    let delay = 0;
    if (initialDelay !== undefined) {
      if (typeof initialDelay !== "number") {
        throw invalidArgType(`The "initialDelay" property must be of type number. Received ${typeof initialDelay}`);
      }
      // Bun's order: NaN means none, then the range (±Infinity included), then integrality.
      if (!Number.isNaN(initialDelay)) {
        if (!Number.isFinite(initialDelay) || (Number.isInteger(initialDelay) && (initialDelay < 0 || initialDelay > INT32_MAX))) {
          throw valueOutOfRange("initialDelay", 0, Number.MAX_SAFE_INTEGER, initialDelay);
        }
        if (!Number.isInteger(initialDelay)) {
          throw invalidArgType('The "initialDelay" property must be of type integer. Received number');
        }
        delay = initialDelay;
      }
    }
    if (this.#closedForUser || this.#conn === null) return false;
    // Bun reports the kernel refusing an idle time past TCP_KEEPIDLE's limit (node:net hides it).
    if (enable && MAX_KEEPIDLE_SECONDS !== undefined && Math.floor(delay / 1000) > MAX_KEEPIDLE_SECONDS) return false;
    this.#conn.setKeepAlive(Boolean(enable), delay);
    return true;
  }

  /** Swaps the handler table (for a server socket: for every socket of its listener). */
  reload(options: unknown): void {
    void options;
    if (arguments.length === 0) throw plainError("Expected 1 argument");
    // A closed (or TLS-ended) socket has no handlers left to swap: Bun looks no further.
    if (this.#closedForUser) return;
    const handlers = normaliseReload(arguments as unknown as unknown[], "socket");
    this.#ctx.reload(handlers, (arguments[0] as { socket: object }).socket);
  }

  /** `end(...args)`, as on Bun: the arguments are written (and checked) as a final chunk. */
  [Symbol.dispose](...args: unknown[]): number {
    return (this.end as (...a: unknown[]) => number)(...args);
  }

  // ---- state --------------------------------------------------------------

  get readyState(): -2 | -1 | 0 | 1 | 2 {
    // STARTTLS: Bun marks both halves closed before the raw half's `close` runs.
    return this.#state === OPEN && !this.#endingShown && this.#tls?.rawOpen !== false ? 1 : -1;
  }

  get bytesWritten(): number {
    return this.#gate?.bytesWritten ?? 0;
  }

  get data(): unknown {
    return this.#data;
  }

  set data(value: unknown) {
    this.#data = value;
  }

  get listener(): unknown {
    return this.#state === CLOSED ? undefined : this.#listener;
  }

  get fd(): number {
    return this.#state === OPEN && this.#conn !== null ? this.#conn.fd() : -1;
  }

  /**
   * Bun reads each address property lazily and keeps, after close, only the
   * properties that were read while open, each on its own (probed on 1.4.5).
   */
  #address<K extends keyof Addresses>(key: K): Addresses[K] | undefined {
    if (this.#state === OPEN && this.#conn !== null) {
      const value = this.#conn.addresses()?.[key];
      (this.#addresses ??= {})[key] = value;
      return value;
    }
    return this.#addresses?.[key];
  }

  get localAddress(): string | undefined {
    return this.#address("localAddress");
  }

  get localPort(): number | undefined {
    return this.#address("localPort");
  }

  get localFamily(): "IPv4" | "IPv6" | undefined {
    return this.#address("localFamily");
  }

  get remoteAddress(): string | undefined {
    return this.#address("remoteAddress");
  }

  /** Bun forgets the remote port once closed (spec §4). */
  get remotePort(): number | undefined {
    return this.#state === OPEN ? this.#address("remotePort") : undefined;
  }

  get remoteFamily(): "IPv4" | "IPv6" | undefined {
    return this.#address("remoteFamily");
  }

  /**
   * STARTTLS (spec §5): returns `[raw, tls]`, two new sockets; this one is detached.
   * On a socket that already speaks TLS it returns undefined and changes nothing.
   */
  upgradeTLS(options: unknown): [TCPSocket, TCPSocket] | undefined {
    void options;
    // A TLS socket (open or not) just says no, without looking at the options.
    if (this.#tls !== null) {
      if (arguments.length === 0) throw plainError("Expected 1 arguments");
      return undefined;
    }
    // A plain one must still be connected.
    const request = validateUpgrade(arguments as unknown as unknown[], this.#state === OPEN && this.#conn !== null);
    return (TCPSocket as unknown as { [kUpgrade]: Upgrader })[kUpgrade](this, request);
  }

  // ---- STARTTLS plumbing (tls/starttls.ts) -----------------------------------

  /** @internal Hands over the connection and handlers; this socket is dead from now on, without a `close`. */
  [kDetach](): Detached {
    const detached: Detached = {
      conn: this.#conn as Connection,
      ctx: this.#ctx,
      data: this.#data,
      allowHalfOpen: this.#allowHalfOpen,
      listener: this.#listener,
      hostname: this[kHostname],
    };
    this.#state = CLOSED;
    this.#conn = null;
    this.#held = null;
    connectionClosed(this);
    this.#listener?.[kForgetSocket](this);
    return detached;
  }

  /** @internal Takes over an open connection silently (no `open`). */
  [kAdoptOpen](conn: Connection): void {
    this.#conn = conn;
    this.#state = OPEN;
    connectionOpened();
    this.#listener?.[kAdoptSocket](this);
  }

  /**
   * @internal STARTTLS: the raw half under this TLS half has closed (its `close` has run), so
   * this half closes now, as on Bun: with what the TLS connection reported if it closed
   * first, else with the raw half's error.
   */
  [kRawClosed](error: Error | undefined): void {
    const tls = this.#tls;
    if (tls === null) return;
    tls.rawOpen = false;
    const waiting = tls.closeWaiting;
    tls.closeWaiting = null;
    this[kOnClose](waiting !== null ? waiting.error : error);
  }

  /** @internal */
  set [kTap](tap: Tap | null) {
    this.#tap = tap;
  }

  /** @internal Writes bytes as they are (ciphertext from the TLS engine); returns what is still queued. */
  [kWriteRaw](bytes: Uint8Array): number {
    const conn = this.#conn;
    if (conn === null || this.#state !== OPEN) return 0;
    conn.write(bytes);
    this.#w().bytesWritten += bytes.byteLength;
    return conn.queued();
  }

  get [Symbol.toStringTag](): string {
    return "TCPSocket";
  }
}

/** The TLS members a plain socket has, with Bun's plain-socket values (see tls/plain-members.ts). */
export interface TCPSocket extends PlainTlsMembers {}
installPlainTlsMembers(TCPSocket.prototype);

// Bun's sockets are plain objects: `socket.constructor.name` is "Object" there too.
Object.defineProperty(TCPSocket.prototype, "constructor", { value: Object, writable: true, configurable: true });
