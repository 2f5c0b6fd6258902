/**
 * Write requests and copies for the `handle` transport's connections.
 *
 * A WriteWrap object is bound to a native request only when libuv has to queue (a
 * write the kernel takes at once never touches it), so one spare serves every
 * synchronous write and a new one is made only after an asynchronous write.
 */
import { Buffer } from "node:buffer";
import type { HandleBindings, UvReq, UvStream } from "./handle-bindings.js";

export interface WriteReq extends UvReq {
  handle: UvStream | null;
  /** Keeps the bytes alive while libuv still points at them. */
  buffer: Uint8Array | Uint8Array[] | null;
}

type Complete = (this: WriteReq, status: number) => void;

let WriteWrap: HandleBindings["WriteWrap"];
let complete: Complete;
let spare: WriteReq;

/** Called once by the transport: the request class and the shared completion callback. */
export function initWrites(bindings: HandleBindings, oncomplete: Complete): void {
  WriteWrap = bindings.WriteWrap;
  complete = oncomplete;
  spare = newWriteReq();
}

function newWriteReq(): WriteReq {
  const req = new WriteWrap() as WriteReq;
  req.oncomplete = complete;
  req.handle = null;
  req.buffer = null;
  return req;
}

/** The request for the next write on `handle`. */
export function takeWriteReq(handle: UvStream): WriteReq {
  const req = spare;
  req.handle = handle;
  return req;
}

/** A request of its own for `handle`, completed by `oncomplete` (TLS writes: the TLS wrap holds every one until its ciphertext is out). */
export function ownWriteReq(handle: UvStream, oncomplete: Complete): WriteReq {
  const req = new WriteWrap() as WriteReq;
  req.oncomplete = oncomplete;
  req.handle = handle;
  req.buffer = null;
  return req;
}

/** The spare went asynchronous (libuv holds it now): the next write gets a fresh one. */
export function renewSpare(): void {
  spare = newWriteReq();
}

/**
 * Caller-owned bytes are copied before libuv sees them (it keeps pointing at whatever
 * the kernel did not take). Copies up to this size go into one warm scratch buffer
 * shared by every connection: a write the kernel takes at once (the usual case) then
 * allocates nothing, and the scratch is free again when writeBuffer returns.
 */
const SCRATCH_SIZE = 64 * 1024;
let scratch: Buffer | null = null;
/** The last view of the scratch handed out: a run of same-sized writes reuses it (one object less per write). */
let scratchView: Buffer | null = null;

/** A memcpy into `target`: TypedArray#set with a Buffer source is element-wise in V8. */
const copyInto: (source: Uint8Array, target: Buffer, targetStart: number, sourceStart: number, sourceEnd: number) => number =
  Function.prototype.call.bind(Buffer.prototype.copy) as never;

/** A copy of `view` to write: in the scratch buffer when it fits, else a buffer of its own. */
export function copyForWrite(view: Uint8Array): Buffer {
  const n = view.byteLength;
  if (n > SCRATCH_SIZE) {
    const own = Buffer.allocUnsafe(n);
    copyInto(view, own, 0, 0, n);
    return own;
  }
  const s = (scratch ??= Buffer.allocUnsafeSlow(SCRATCH_SIZE));
  copyInto(view, s, 0, 0, n);
  if (scratchView === null || scratchView.byteLength !== n) scratchView = s.subarray(0, n);
  return scratchView;
}

/** libuv queued part of `chunk` and still points into it: if it is the scratch, that one is the request's now. */
export function surrender(chunk: Buffer): void {
  if (scratch !== null && chunk.buffer === scratch.buffer) {
    scratch = null;
    scratchView = null;
  }
}

const EMPTY = Buffer.alloc(0);
export const MAX_PROBE_DELAY_MS = 5000;

/** What the half-open probe needs of a connection (handle-connection.ts). */
export interface Probed {
  probe: ReturnType<typeof setTimeout> | undefined;
  probeDelay: number;
  readonly handle: UvStream | null;
  /** Still open, write side not shut. */
  mayProbe(): boolean;
  dispatched(req: WriteReq, err: number, bytes: Uint8Array): void;
}

/**
 * One empty write on a socket whose peer sent FIN: it fails (EPIPE) once the peer has
 * gone, which libuv, no longer polling after the FIN, would not notice. Backs off 10x.
 */
export function probeTick(conn: Probed): void {
  conn.probe = undefined;
  const h = conn.handle;
  if (h === null || !conn.mayProbe()) return;
  const req = takeWriteReq(h);
  conn.dispatched(req, h.writeBuffer(req, EMPTY), EMPTY);
  if (conn.handle === null) return;
  conn.probeDelay = Math.min(conn.probeDelay * 10, MAX_PROBE_DELAY_MS);
  conn.probe = setTimeout(probeTick, conn.probeDelay, conn);
  conn.probe.unref();
}
