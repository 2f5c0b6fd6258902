/**
 * Deno 2's own handle bindings (`process.binding('tcp_wrap')`, `pipe_wrap`), native
 * libuv-style handles since Deno 2.6, given the shape of Node's that the handle
 * transport (and node-listen.ts) drive. Each difference is measured on Deno 2.9:
 *
 * - a server announces a connection as `onconnection(status)` only; the connection is
 *   taken with `server.accept(new TCP(SOCKET))` (as Deno's node:net does it);
 * - `close(callback)` calls the callback without the handle as `this`;
 * - a close requested while Deno runs close callbacks (a `close` handler that stops its
 *   listener) waits for the loop's next iteration, and with nothing else to do the loop
 *   never has one (the process hangs): each close asks for one more turn;
 * - `reset()` sends the RST but leaves the handle open (it keeps the process alive and
 *   never calls back): it is closed right after;
 * - `bind(address, port, flags)` ignores `flags`; `bindWithFlags` honours reusePort
 *   (Deno ignores ipv6Only everywhere: docs/compat.md);
 * - bind failures other than EADDRINUSE come back as EINVAL (deno-bind-error.ts);
 * - a TCP handle has no `fd` (deno-fd.ts finds it);
 * - `writeQueueSize` is missing: counted here, from each asynchronous write to its completion;
 * - an empty write (the half-open probe of handle-write.ts) on a TCP socket the peer
 *   has reset completes without error after the socket had received data, where the
 *   kernel says EPIPE: the reset shows as ENOTCONN from getpeername, reported as EPIPE;
 * - a freshly accepted socket queues every write until Deno's loop has polled it once
 *   (a turn later; the kernel would take the bytes at once), so up to QUEUE_SLACK queued
 *   bytes count as sent, as node-tls.ts does for node:tls's one-turn-late writes: a
 *   server's writes in its `open` are then all accepted, as on Bun. Past that, the queue
 *   shows and the core applies back-pressure as usual.
 */
import { Buffer } from "node:buffer";
import { denoBindError } from "./deno-bind-error.js";
import { denoFd, forgetFd, type DupsFd } from "./deno-fd.js";
import type { HandleBindings, UvReq, UvStream } from "./handle-bindings.js";

/** What Deno's handles offer beyond Node's shape. */
interface DenoHandle extends UvStream {
  accept(client: UvStream): number;
  fdForIpc?(): number;
  bindWithFlags?(address: string, port: number, flags: number): number;
}

type Ctor = new (type: number) => DenoHandle;
type OnConnection = UvStream["onconnection"];

const kUserOnConnection = Symbol("bunsock.denoOnConnection");
const kQueued = Symbol("bunsock.denoQueued");
const kTracked = Symbol("bunsock.denoTracked");

interface Adapted extends DenoHandle {
  [kUserOnConnection]: OnConnection;
  [kQueued]: number;
}

/** A write request counted in its handle's queue until it completes. */
interface TrackedReq extends UvReq {
  [kTracked]?: { handle: Adapted; bytes: number; oncomplete: UvReq["oncomplete"] };
}

const UV_EINVAL = -22;
const UV_EPIPE = -32;
const UV_ENOTCONN = -107;
const QUEUE_SLACK = 256 * 1024;

let writeState: Int32Array;
let kLastWriteWasAsync: number;

let turnRequested = false;

function turnDone(): void {
  turnRequested = false;
}

/** One more iteration of the loop, in which Deno finishes the closes requested before it. */
function requestTurn(): void {
  if (turnRequested) return;
  turnRequested = true;
  setImmediate(turnDone);
}

/** Deno calls onconnection with the server as `this`; the connection is accepted here. */
function acceptThen(this: Adapted, status: number, client?: UvStream): void {
  const user = this[kUserOnConnection];
  if (user === null) return;
  // A Deno that hands the client over itself (as Node does) needs nothing more.
  if (status !== 0 || client !== undefined) {
    user.call(this, status, client);
    return;
  }
  const accepted = new (this.constructor as Ctor)(SOCKET_TYPE.get(this.constructor as Ctor) ?? 0);
  const err = this.accept(accepted);
  if (err !== 0) {
    accepted.close();
    user.call(this, err, undefined);
    return;
  }
  user.call(this, 0, accepted);
}

const SOCKET_TYPE = new Map<Ctor, number>();

function onTrackedComplete(this: TrackedReq, ...args: unknown[]): void {
  const t = this[kTracked];
  if (t === undefined) return;
  this[kTracked] = undefined;
  t.handle[kQueued] -= t.bytes;
  this.oncomplete = t.oncomplete;
  (t.oncomplete as ((this: UvReq, ...a: unknown[]) => void) | null)?.apply(this, args);
}

/** After a write was dispatched: when libuv queued it, count its bytes until it completes. */
function track(handle: Adapted, req: TrackedReq, err: number, bytes: number): number {
  if (err !== 0 || writeState[kLastWriteWasAsync] === 0) return err;
  handle[kQueued] += bytes;
  req[kTracked] = { handle, bytes, oncomplete: req.oncomplete };
  req.oncomplete = onTrackedComplete as UvReq["oncomplete"];
  return err;
}

function chunksLength(chunks: (Uint8Array | string)[], allBuffers: boolean): number {
  let n = 0;
  if (allBuffers) for (const c of chunks) n += (c as Uint8Array).byteLength;
  else for (let i = 0; i < chunks.length; i += 2) n += Buffer.byteLength(chunks[i] as string, chunks[i + 1] as BufferEncoding);
  return n;
}

function adapt(Base: Ctor, isTcp: boolean, socketType: number): Ctor {
  class DenoAdapted extends Base {
    [kUserOnConnection]: OnConnection = null;
    [kQueued] = 0;

    override get onconnection(): OnConnection {
      return this[kUserOnConnection] === null ? null : (acceptThen as OnConnection);
    }

    override set onconnection(fn: OnConnection) {
      this[kUserOnConnection] = fn;
    }

    override get writeQueueSize(): number {
      const queued = this[kQueued];
      return queued > QUEUE_SLACK ? queued : 0;
    }

    override get fd(): number {
      if (!isTcp) {
        const fd = super.fd;
        return typeof fd === "number" ? fd : -1;
      }
      return denoFd(this as unknown as DupsFd);
    }

    override bind(address: string, port?: number, flags?: number): number {
      if (!isTcp || this.bindWithFlags === undefined) return (super.bind as (...a: unknown[]) => number)(address, port, flags);
      const err = this.bindWithFlags(address, port ?? 0, flags ?? 0);
      return err === UV_EINVAL ? denoBindError(address, port ?? 0) : err;
    }

    override bind6(address: string, port: number, flags: number): number {
      const err = (super.bind6 as NonNullable<UvStream["bind6"]>).call(this, address, port, flags);
      return err === UV_EINVAL ? denoBindError(address, port) : err;
    }

    override close(callback?: (this: UvStream) => void): void {
      forgetFd(this);
      if (callback === undefined) super.close();
      else super.close(() => callback.call(this));
      requestTurn();
    }

    override reset(callback?: (this: UvStream) => void): number {
      const err = (super.reset as NonNullable<UvStream["reset"]>).call(this);
      this.close(callback);
      return err;
    }

    override writeBuffer(req: UvReq, data: Uint8Array): number {
      if (isTcp && data.byteLength === 0 && this.getpeername?.({}) === UV_ENOTCONN) return UV_EPIPE;
      return track(this as unknown as Adapted, req, super.writeBuffer(req, data), data.byteLength);
    }

    override writev(req: UvReq, chunks: Uint8Array[], allBuffers: boolean): number {
      return track(this as unknown as Adapted, req, super.writev(req, chunks, allBuffers), chunksLength(chunks, allBuffers));
    }
  }
  SOCKET_TYPE.set(DenoAdapted as unknown as Ctor, socketType);
  return DenoAdapted as unknown as Ctor;
}

/** Whether this is Deno, whose bindings need adapting. */
export function isDeno(): boolean {
  return (globalThis as { Deno?: unknown }).Deno !== undefined;
}

/**
 * Node-shaped bindings over Deno's, or null where Deno's lack what the adaptation needs
 * (a Deno before its native handles: the node:net fallback is used then).
 */
export function adaptDenoBindings(b: HandleBindings): HandleBindings | null {
  const tcpProto = (b.TCP as unknown as { prototype: Partial<DenoHandle> }).prototype;
  const pipeProto = (b.Pipe as unknown as { prototype: Partial<DenoHandle> }).prototype;
  if (typeof tcpProto.accept !== "function" || typeof pipeProto.accept !== "function") return null;
  if (typeof tcpProto.bindWithFlags !== "function" || typeof tcpProto.fdForIpc !== "function") return null;
  writeState = b.state;
  kLastWriteWasAsync = b.kLastWriteWasAsync;
  return {
    ...b,
    TCP: adapt(b.TCP as Ctor, true, b.tcpSocket),
    Pipe: adapt(b.Pipe as Ctor, false, b.pipeSocket),
  };
}
