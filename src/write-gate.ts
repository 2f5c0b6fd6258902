/**
 * Bun's write contract for one socket (spec §4, §6.2): write() returns the bytes
 * accepted now; fewer than asked means back-pressure, and one `drain` follows once
 * the transport's queue is empty. Accepted bytes are always delivered, in order; the
 * queue behind them is bounded by MAX_ACCEPT per write.
 */
import { Buffer } from "node:buffer";
import { kOnWritable, type Connection } from "./transport/transport.js";
import type { WriteInput } from "./write-input.js";

/**
 * The most a single write() accepts when the kernel queue is empty. What the kernel
 * does not take at once stays in the transport's queue; this bounds that queue per
 * socket (Bun accepts only what the kernel takes, about 2.5–4 MiB on loopback).
 */
export const MAX_ACCEPT = 1 << 20;

/** Next turn of the event loop (after I/O), where the runtime has it. */
const later: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

/**
 * A copy of caller-owned bytes. Buffer.prototype.copy is a memcpy; Buffer.from(view)
 * and TypedArray#set take V8's element-by-element path (8x slower for 64 KiB).
 */
export function copyOf(view: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(view.byteLength);
  Buffer.prototype.copy.call(view, out, 0, 0, view.byteLength);
  return out;
}

export interface WritableOwner {
  /** Re-checks drain: the owner fires it if takeDrain() says so and it is still open. */
  [kOnWritable](): void;
}

export class WriteGate {
  readonly owner: WritableOwner;
  bytesWritten = 0;
  /** A write was refused or cut short since the last `drain`. */
  needDrain = false;
  /** Blobs being read (Node reads them asynchronously); later writes wait behind them. */
  pendingBlobs = 0;
  /** close() came while Blobs were still being read: close once they are sent. */
  closeAfterBlobs = false;
  recheckScheduled = false;

  constructor(owner: WritableOwner) {
    this.owner = owner;
  }

  /** Earlier bytes still wait: a new write must not overtake them. */
  blocked(conn: Connection): boolean {
    return this.pendingBlobs > 0 || conn.queued() > 0;
  }

  /** Whether `drain` is due now (and consumes it). */
  takeDrain(): boolean {
    if (!this.needDrain || this.pendingBlobs > 0) return false;
    this.needDrain = false;
    return true;
  }

  /** Hands accepted bytes to the transport; returns how many were accepted now. */
  accept(conn: Connection, input: WriteInput, callerOwned: boolean): number {
    if (!(input instanceof Uint8Array)) return this.acceptBlob(conn, input);
    const length = input.byteLength;
    if (length === 0) return 0;
    if (this.blocked(conn)) {
      this.needDrain = true;
      return 0;
    }
    const n = length > MAX_ACCEPT ? MAX_ACCEPT : length;
    const view = n === length ? input : input.subarray(0, n);
    // The caller may reuse its buffer once write() returns (as on Bun), but the
    // transport may still hold what the kernel did not take: it must not keep the
    // caller's memory. A transport that can copy only what it keeps does so itself.
    if (!callerOwned) conn.write(view);
    else if (conn.writeCopy !== undefined) conn.writeCopy(view);
    else conn.write(copyOf(view));
    // The peer is gone and the kernel said so at once: nothing was taken (Bun: -1).
    if (conn.writeRefused?.() === true) return -1;
    this.bytesWritten += n;
    if (n < length) {
      this.needDrain = true;
      // The kernel may have taken everything: nothing will report "writable", so look again soon.
      if (conn.queued() === 0) this.recheck(conn);
    } else if (conn.queued() > 0) {
      this.needDrain = true;
    }
    return n;
  }

  private recheck(conn: Connection): void {
    if (this.recheckScheduled) return;
    this.recheckScheduled = true;
    later(() => {
      this.recheckScheduled = false;
      if (conn.queued() === 0) this.owner[kOnWritable]();
    });
  }

  /** Blobs can only be read asynchronously on Node: accepted whole, sent in order, later writes wait. */
  private acceptBlob(conn: Connection, blob: Blob): number {
    if (blob.size === 0) return 0;
    if (this.blocked(conn)) {
      this.needDrain = true;
      return 0;
    }
    this.pendingBlobs++;
    this.needDrain = true;
    this.bytesWritten += blob.size;
    blob.arrayBuffer().then(
      (ab) => this.blobRead(conn, new Uint8Array(ab)),
      () => this.blobRead(conn, new Uint8Array(0)),
    );
    return blob.size;
  }

  private blobRead(conn: Connection, bytes: Uint8Array): void {
    this.pendingBlobs--;
    if (bytes.byteLength > 0) conn.write(bytes);
    if (this.pendingBlobs > 0) return;
    if (this.closeAfterBlobs) conn.close();
    else if (conn.queued() === 0) this.owner[kOnWritable]();
  }
}
