/**
 * Bun's write contract, done right for a server that pushes to many clients:
 * `write()` returns the bytes the kernel took now; the rest is NOT buffered by the
 * socket and must be sent again on `drain` (spec §4). An Outbox keeps that rest, in
 * order, up to a limit: a client that stops reading is dropped instead of letting the
 * server's memory grow without bound.
 */
import { Buffer } from "node:buffer";
import type { Socket } from "../src/index.js";

export class Outbox {
  readonly #limit: number;
  #queue: Buffer[] = [];
  #queued = 0;

  constructor(limit = 1 << 20) {
    this.#limit = limit;
  }

  /** Bytes waiting for `drain`. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Sends `text` now or after earlier bytes; false when the socket is closed or the
   * client is too far behind (the caller should hang up).
   */
  send(socket: Socket<unknown>, text: string | Uint8Array): boolean {
    const bytes = typeof text === "string" ? Buffer.from(text) : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    if (this.#queued > 0) return this.#enqueue(bytes);
    const n = socket.write(bytes);
    if (n < 0) return false;
    return n === bytes.byteLength || this.#enqueue(bytes.subarray(n));
  }

  /** Call from the `drain` handler: sends what waits, as much as the kernel takes. */
  flush(socket: Socket<unknown>): boolean {
    while (this.#queue.length > 0) {
      const head = this.#queue[0] as Buffer;
      const n = socket.write(head);
      if (n < 0) return false;
      this.#queued -= n;
      if (n < head.byteLength) {
        this.#queue[0] = head.subarray(n);
        return true;
      }
      this.#queue.shift();
    }
    return true;
  }

  #enqueue(bytes: Buffer): boolean {
    if (this.#queued + bytes.byteLength > this.#limit) return false;
    // A copy: the caller may reuse its buffer once send() returns.
    this.#queue.push(Buffer.from(bytes));
    this.#queued += bytes.byteLength;
    return true;
  }
}
