/**
 * One connection of the `handle` transport: a libuv TCP or Pipe handle driven
 * directly, with no net.Socket, stream or EventEmitter in between.
 *
 * libuv calls back into shared functions (onRead, onWriteDone, onShutdownDone,
 * onConnectDone, onHandleClosed) with the handle or request as `this`; the handle
 * carries its HandleConnection under a symbol, so no closure is made per socket.
 */
import { Buffer } from "node:buffer";
import {
  kOnClose,
  kOnConnectError,
  kOnData,
  kOnEnd,
  kOnOpen,
  kOnWritable,
  type Addresses,
  type Connection,
  type ConnectionOwner,
} from "./transport.js";
import { UV_ECANCELED, UV_EOF, uvError, type HandleBindings, type UvReq, type UvStream } from "./handle-bindings.js";
import { copyForWrite, initWrites, probeTick, renewSpare, surrender, takeWriteReq, type WriteReq } from "./handle-write.js";
import { NO_ADDRESSES, sockAddr, toAddresses } from "./handle-addresses.js";
import { isDeno } from "./deno-bindings.js";

/** A libuv handle driven by this transport. */
export type Handle = UvStream;

interface ShutdownReq extends UvReq {
  handle: Handle | null;
}

export const NO_SHUTDOWN = 0;
export const SHUTDOWN_PENDING = 1;
export const SHUTDOWN_DONE = 2;

// HandleConnection#bits: one bit per flag, the shutdown state and the probe delay above them.
const IS_TCP = 1 << 0;
const CONNECTED = 1 << 1;
const DONE = 1 << 2;
const READING = 1 << 3;
const PAUSED = 1 << 4;
const PEER_ENDED = 1 << 5;
const CLOSE_WHEN_FLUSHED = 1 << 6;
const SHUTDOWN_SHIFT = 7;
const SHUTDOWN_MASK = 3 << SHUTDOWN_SHIFT;
const EOF_REREAD = 1 << 9;
/** The probe delay in ms (at most 5000: 13 bits). */
const PROBE_SHIFT = 10;

let b: HandleBindings;
/** The property of a handle that names its connection (Node's owner slot where it has one). */
let kConn: symbol;

type Owned = Record<symbol, HandleConnection | null | undefined>;

/**
 * One read buffer for every connection (libuv reads into it; onRead copies each read out
 * before the next): Node would otherwise malloc 64 KiB per read and shrink it to the
 * read's size. Not on Deno, whose handles read their own way.
 */
let readBuffer: Buffer | null = null;
/** Whether an EOF is read again (onRead); Deno's handles do not read on after their EOF. */
let rereadEof = false;
const READ_BUFFER_SIZE = 64 * 1024;

const copyInto: (source: Uint8Array, target: Buffer, targetStart: number, sourceStart: number, sourceEnd: number) => number =
  Function.prototype.call.bind(Buffer.prototype.copy) as never;

/** Called once by the transport before any connection exists. */
export function initConnections(bindings: HandleBindings): void {
  b = bindings;
  if (!isDeno()) readBuffer = Buffer.allocUnsafeSlow(READ_BUFFER_SIZE);
  rereadEof = !isDeno();
  kConn = bindings.ownerSymbol ?? Symbol("bunsock.handleConnection");
  initWrites(bindings, onWriteDone);
}

/** A hostname connect in progress: the addresses still to try, the attempts made, the first failure. */
export interface Dial {
  readonly port: number;
  candidates: { address: string; family: number }[];
  attempts: number;
  firstError: unknown;
}

/**
 * One connection. Its yes/no state is packed in `bits` and what only some connections
 * need (addresses once asked, a hostname connect's progress) hangs off lazily made
 * objects: an idle server keeps thousands of these (bench/RESULTS.md, idle memory).
 */
export class HandleConnection implements Connection {
  owner: ConnectionOwner | null;
  /** null once the handle is closed (or closing). */
  handle: Handle | null;
  bits: number;
  pendingWrites = 0;
  /** The error the connection closed with, reported once the handle is closed (null: none, on purpose). */
  error: unknown = undefined;
  probe: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Both addresses, once the kernel has told them (they do not change; kept after close). */
  names: Addresses | undefined = undefined;
  dial: Dial | undefined = undefined;

  constructor(handle: Handle, owner: ConnectionOwner | null, isTcp: boolean, connected: boolean) {
    this.handle = handle;
    this.owner = owner;
    this.bits = (isTcp ? IS_TCP : 0) | (connected ? CONNECTED : 0);
    this.adopt(handle);
  }

  get isTcp(): boolean { return (this.bits & IS_TCP) !== 0; }
  get connected(): boolean { return (this.bits & CONNECTED) !== 0; }
  set connected(on: boolean) { this.put(CONNECTED, on); }
  /** close()/reset() was called, or the transport closed it: nothing more is reported. */
  get done(): boolean { return (this.bits & DONE) !== 0; }
  set done(on: boolean) { this.put(DONE, on); }
  get reading(): boolean { return (this.bits & READING) !== 0; }
  set reading(on: boolean) { this.put(READING, on); }
  get paused(): boolean { return (this.bits & PAUSED) !== 0; }
  set paused(on: boolean) { this.put(PAUSED, on); }
  get peerEnded(): boolean { return (this.bits & PEER_ENDED) !== 0; }
  /** libuv's EOF was read again once, to see whether a reset stands behind it. */
  get eofReread(): boolean { return (this.bits & EOF_REREAD) !== 0; }
  set eofReread(on: boolean) { this.put(EOF_REREAD, on); }
  set peerEnded(on: boolean) { this.put(PEER_ENDED, on); }
  get closeWhenFlushed(): boolean { return (this.bits & CLOSE_WHEN_FLUSHED) !== 0; }
  set closeWhenFlushed(on: boolean) { this.put(CLOSE_WHEN_FLUSHED, on); }
  get shutdownState(): number { return (this.bits & SHUTDOWN_MASK) >> SHUTDOWN_SHIFT; }
  set shutdownState(state: number) { this.bits = (this.bits & ~SHUTDOWN_MASK) | (state << SHUTDOWN_SHIFT); }
  get probeDelay(): number { return this.bits >>> PROBE_SHIFT; }
  set probeDelay(ms: number) { this.bits = (this.bits & ((1 << PROBE_SHIFT) - 1)) | (ms << PROBE_SHIFT); }

  put(bit: number, on: boolean): void {
    this.bits = on ? this.bits | bit : this.bits & ~bit;
  }

  /** Makes `handle` this connection's (a hostname connect makes one per address tried). */
  adopt(handle: Handle): void {
    this.handle = handle;
    own(handle, this);
    handle.onread = onRead;
    if (readBuffer !== null) handle.useUserBuffer(readBuffer);
  }

  /** The stream bytes are read from and written to: the handle itself (TLS: the TLS wrap over it). */
  get io(): UvStream | null {
    return this.handle;
  }

  /** The connection is established: Bun's sockets start reading at once, with Nagle off. */
  start(): void {
    // The open handler may have met a reset (a failed write closes the handle).
    const h = this.handle;
    if (h === null || this.done) return;
    if (this.isTcp) h.setNoDelay?.(true);
    if (!this.paused) {
      this.reading = true;
      this.io?.readStart();
    }
  }

  write(bytes: Uint8Array): void {
    const h = this.handle;
    if (h === null || this.done) return;
    const req = takeWriteReq(h);
    this.sent(req, h.writeBuffer(req, bytes), bytes);
    if (this.peerEnded && this.probe === undefined && !this.done) this.startProbe();
  }

  /** Like write(), for bytes the caller keeps: the copy goes through the scratch buffer. */
  writeCopy(view: Uint8Array): void {
    const h = this.handle;
    if (h === null || this.done) return;
    const chunk = copyForWrite(view);
    const req = takeWriteReq(h);
    this.sent(req, h.writeBuffer(req, chunk), chunk);
    if (req.buffer === chunk) surrender(chunk);
    if (this.peerEnded && this.probe === undefined && !this.done) this.startProbe();
  }

  /** A write of the user's failed at once: sent() marked the close as one without an error. */
  writeRefused(): boolean {
    return this.error === null;
  }

  /** Several chunks in one writev (one syscall when the kernel takes them all). */
  writev(chunks: Uint8Array[]): void {
    const h = this.handle;
    if (h === null || this.done) return;
    const req = takeWriteReq(h);
    this.sent(req, h.writev(req, chunks, true), chunks);
    if (this.peerEnded && this.probe === undefined && !this.done) this.startProbe();
  }

  /** A write of the user's went to libuv: as dispatched(), but a refusal closes without an error, as on Bun (writeRefused()). */
  sent(req: WriteReq, err: number, bytes: Uint8Array | Uint8Array[]): void {
    if (err !== 0 && this.error === undefined) this.error = null;
    this.dispatched(req, err, bytes);
  }

  dispatched(req: WriteReq, err: number, bytes: Uint8Array | Uint8Array[]): void {
    if (err !== 0) {
      req.handle = null;
      this.fail(err);
      return;
    }
    if (b.state[b.kLastWriteWasAsync] !== 0) {
      // libuv queued what the kernel did not take and points at `bytes` until done.
      req.buffer = bytes;
      this.pendingWrites++;
      renewSpare();
    } else {
      req.handle = null;
    }
  }

  /**
   * After the peer's FIN libuv stops polling the socket, so a peer that has fully
   * closed (and answers our data with RST) goes unnoticed until we write again. Bun
   * notices it by itself (`close(EPIPE)`), so we probe with empty writes, backing off.
   */
  startProbe(): void {
    this.probeDelay = 1;
    this.probe = setTimeout(probeTick, this.probeDelay, this);
    this.probe.unref();
  }

  mayProbe(): boolean {
    return !this.done && this.shutdownState === NO_SHUTDOWN;
  }

  queued(): number {
    const h = this.handle;
    return h === null || this.pendingWrites === 0 ? 0 : h.writeQueueSize;
  }

  shutdown(): void {
    const h = this.handle;
    if (h === null || this.shutdownState !== NO_SHUTDOWN) return;
    this.shutdownState = SHUTDOWN_PENDING;
    const req = new b.ShutdownWrap() as ShutdownReq;
    req.oncomplete = onShutdownDone;
    req.handle = h;
    const err = (this.io ?? h).shutdown(req);
    // 1: done synchronously (nothing to flush on some streams); ENOTCONN: already gone.
    if (err === 1) this.shutdownFinished();
    else if (err !== 0) this.fail(err);
  }

  shutdownFinished(): void {
    this.shutdownState = SHUTDOWN_DONE;
    if (this.closeWhenFlushed) {
      if (this.pendingWrites === 0) this.closeHandle(false);
      return;
    }
    // Both directions finished: the connection is over, as node:net reports it.
    if (this.peerEnded && !this.done) this.closeHandle(true);
  }

  close(): void {
    this.owner = null;
    if (this.done) return;
    this.done = true;
    this.stopProbe();
    if (this.handle === null) return;
    if (this.pendingWrites === 0 || !this.connected) {
      this.closeHandle(false);
      return;
    }
    // Flush what libuv still holds, send FIN after it, then close.
    this.closeWhenFlushed = true;
    if (this.shutdownState === NO_SHUTDOWN) this.shutdown();
  }

  /** Ends the connection for its owner at once and hands back the handle to close (null when already gone). */
  protected takeHandle(): Handle | null {
    this.owner = null;
    this.done = true;
    this.stopProbe();
    const h = this.handle;
    this.handle = null;
    return h;
  }

  reset(): void {
    const h = this.takeHandle();
    if (h === null) return;
    // uv_tcp_close_reset refuses (and leaves the handle half-closed) while a shutdown
    // is in flight; a plain close is all that is left then.
    if (this.isTcp && h.reset !== undefined && this.shutdownState !== SHUTDOWN_PENDING) h.reset();
    else h.close();
  }

  /** Closes `h` (the handle this connection just let go of); `done` runs once libuv has closed it. */
  closeStream(h: Handle, done: ((this: Handle) => void) | undefined): void {
    h.close(done);
  }

  pause(): void {
    this.paused = true;
    if (this.reading && this.handle !== null) {
      this.reading = false;
      this.io?.readStop();
    }
  }

  resume(): void {
    this.paused = false;
    // After EOF libuv would report the EOF again: reading is over for good.
    if (!this.reading && this.connected && !this.peerEnded && this.handle !== null && !this.done) {
      this.reading = true;
      this.io?.readStart();
    }
  }

  setNoDelay(enable: boolean): void {
    this.handle?.setNoDelay?.(enable);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    // node:net passes whole seconds, as the socket option takes them.
    this.handle?.setKeepAlive?.(enable, Math.floor(initialDelayMs / 1000));
  }

  ref(): void {
    this.handle?.ref();
  }

  unref(): void {
    this.handle?.unref();
  }

  addresses(): Addresses | undefined {
    if (!this.isTcp) return NO_ADDRESSES;
    if (this.names !== undefined) return this.names;
    const h = this.handle;
    if (h === null || !this.connected) return undefined;
    // Addresses do not change: asked of the kernel until it knows both, then kept (also after close).
    const local = sockAddr(h, "local");
    const remote = sockAddr(h, "remote");
    const names = toAddresses(local, remote);
    if (local !== undefined && remote !== undefined) this.names = names;
    return names;
  }

  fd(): number {
    const fd = this.handle?.fd;
    return typeof fd === "number" ? fd : -1;
  }

  // ---- internal -----------------------------------------------------------

  stopProbe(): void {
    if (this.probe !== undefined) {
      clearTimeout(this.probe);
      this.probe = undefined;
    }
  }

  /** The connection failed (read, write or shutdown error): close, then report it. */
  fail(status: number): void {
    if (this.handle === null) return;
    if (this.error === undefined) this.error = uvError(status);
    this.closeHandle(!this.done);
  }

  /**
   * Closes the handle; with `report`, the owner hears `close` once libuv has closed
   * it (a loop turn later, as node:net reports it).
   */
  closeHandle(report: boolean): void {
    const h = this.handle;
    if (h === null) return;
    this.handle = null;
    this.stopProbe();
    if (!report) {
      this.owner = null;
      this.done = true;
      this.closeStream(h, undefined);
      return;
    }
    this.closeStream(h, onHandleClosed);
  }

  onEof(): void {
    if (this.peerEnded) return;
    this.peerEnded = true;
    this.reading = false;
    this.owner?.[kOnEnd]();
    if (this.shutdownState === SHUTDOWN_DONE && !this.done) this.closeHandle(true);
  }

  /** An outgoing connect finished: open, try the next address, or report the failure. */
  connectDone(status: number): void {
    if (this.done) return;
    const dial = this.dial;
    if (status === 0) {
      this.connected = true;
      this.dial = undefined;
      this.start();
      this.owner?.[kOnOpen]();
      return;
    }
    if (dial === undefined) return this.connectFailed(uvError(status));
    dial.firstError ??= uvError(status);
    if (dial.candidates.length > 0) retryNext(this);
    else this.connectFailed(dial.firstError);
  }

  connectFailed(error: unknown): void {
    if (this.done) return;
    const owner = this.owner;
    this.owner = null;
    this.done = true;
    const h = this.handle;
    this.handle = null;
    h?.close();
    owner?.[kOnConnectError](error);
  }
}

/** Set by the connect module: starts the next address of a hostname connect. */
let retryNext: (conn: HandleConnection) => void = (conn) => conn.connectFailed(conn.dial?.firstError);

export function setRetry(fn: (conn: HandleConnection) => void): void {
  retryNext = fn;
}

/** Names `conn` as the owner of `stream` (a handle, or the TLS wrap over one). */
export function own(stream: UvStream, conn: HandleConnection): void {
  (stream as unknown as Owned)[kConn] = conn;
}

export function connOf(handle: UvStream | null | undefined): HandleConnection | undefined {
  return handle === null || handle === undefined ? undefined : ((handle as unknown as Owned)[kConn] ?? undefined);
}

function onRead(this: Handle, arrayBuffer: ArrayBuffer | undefined): void {
  const conn = connOf(this);
  if (conn === undefined || conn.handle !== this) return;
  const n = b.state[b.kReadBytesOrError] as number;
  if (n > 0) {
    const owner = conn.owner;
    if (owner === null) return;
    if (arrayBuffer !== undefined) {
      // Each read in its own ArrayBuffer (sized to the read): hand it over as it is.
      owner[kOnData](Buffer.from(arrayBuffer, b.state[b.kArrayBufferOffset], n));
      return;
    }
    // The read landed in the shared read buffer: the owner gets its own copy, sized to it.
    const chunk = Buffer.allocUnsafeSlow(n);
    copyInto(readBuffer as Buffer, chunk, 0, 0, n);
    owner[kOnData](chunk);
    return;
  }
  if (n === 0) return;
  if (n === UV_EOF) {
    // libuv reports EOF without reading when a short read comes with POLLHUP, which hides a
    // reset that arrived with the data. One more read tells: a FIN reads as EOF again, a
    // reset as ECONNRESET (the kernel's order; Bun reads on and reports the reset).
    if (rereadEof && !conn.eofReread && conn.isTcp) {
      conn.eofReread = true;
      if (this.readStart() === 0) return;
    }
    conn.onEof();
  } else conn.fail(n);
}

function onWriteDone(this: WriteReq, status: number): void {
  const conn = connOf(this.handle);
  this.handle = null;
  this.buffer = null;
  if (conn === undefined) return;
  conn.pendingWrites--;
  if (conn.handle === null) return;
  if (status < 0) {
    if (status !== UV_ECANCELED) conn.fail(status);
    return;
  }
  if (conn.pendingWrites > 0) return;
  if (conn.closeWhenFlushed) {
    if (conn.shutdownState !== SHUTDOWN_PENDING) conn.closeHandle(false);
    return;
  }
  conn.owner?.[kOnWritable]();
}

function onShutdownDone(this: ShutdownReq, status: number): void {
  void status; // node:net ignores it too: a failed FIN shows as a read or write error.
  const conn = connOf(this.handle);
  this.handle = null;
  if (conn === undefined || conn.handle === null) return;
  conn.shutdownFinished();
}

export function onHandleClosed(this: Handle): void {
  const conn = connOf(this);
  if (conn === undefined || conn.done) return;
  conn.done = true;
  const owner = conn.owner;
  conn.owner = null;
  // null: closed on purpose without an error (a refused write, see sent()).
  owner?.[kOnClose](conn.error ?? undefined);
}

/** libuv's connect callback: `this` is the request; the handle comes as an argument. */
export function onConnectDone(this: UvReq, status: number, handle: Handle): void {
  const conn = connOf(handle);
  if (conn === undefined || conn.handle !== handle) return;
  conn.connectDone(status);
}
