/**
 * recordEvents(): a handler table that records every call (name, readyState,
 * argument count, arguments) and lets a test wait for the n-th occurrence of an event.
 */
import { Buffer } from "node:buffer";
import type { Socket, SocketHandler } from "../../src/index.js";
import { deferred, withTimeout, type Deferred } from "./async.js";

export type EventName = "open" | "data" | "drain" | "end" | "close" | "error" | "timeout" | "connectError";

export interface Recorded {
  readonly event: EventName;
  readonly readyState: number;
  readonly argc: number;
  /** The second handler argument (data chunk or error), if any. */
  readonly arg: unknown;
  readonly socket: Socket<unknown>;
}

/** Extra behaviour run after an event is recorded. */
export type Hooks = { [K in EventName]?: (socket: Socket<unknown>, arg?: unknown) => void };

export interface Recorder {
  /** Pass as `socket:` (spread to add `binaryType`). */
  readonly handlers: SocketHandler<unknown>;
  readonly log: Recorded[];
  /** Event names in order. */
  names(): EventName[];
  /** Waits (with a guard) until `event` was recorded `count` times; resolves with that record. */
  next(event: EventName, count?: number, ms?: number): Promise<Recorded>;
  /** All `data` chunks joined, decoded as UTF-8 (any binaryType). */
  text(): string;
  /** Total bytes received by `data`. */
  bytes(): number;
  /** Waits (with a guard) until `data` has delivered at least `total` bytes. */
  nextBytes(total: number, ms?: number): Promise<void>;
}

function chunkBytes(chunk: unknown): Buffer {
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  if (ArrayBuffer.isView(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.alloc(0);
}

export function recordEvents(hooks: Hooks = {}): Recorder {
  const log: Recorded[] = [];
  const waiters: Array<{ event: EventName; count: number; d: Deferred<Recorded> }> = [];
  const byteWaiters: Array<{ total: number; d: Deferred<void> }> = [];
  let received = 0;

  function push(event: EventName, socket: Socket<unknown>, argc: number, arg: unknown): void {
    const rec: Recorded = { event, readyState: socket.readyState, argc, arg, socket };
    log.push(rec);
    const seen = log.filter((r) => r.event === event).length;
    for (const w of waiters) if (w.event === event && w.count === seen) w.d.resolve(rec);
    if (event === "data") {
      received += chunkBytes(arg).byteLength;
      for (const w of byteWaiters) if (received >= w.total) w.d.resolve();
    }
    hooks[event]?.(socket, arg);
  }

  const handlers: SocketHandler<unknown> = {
    open(s) {
      push("open", s, arguments.length, undefined);
    },
    data(s, d) {
      push("data", s, arguments.length, d);
    },
    drain(s) {
      push("drain", s, arguments.length, undefined);
    },
    end(s) {
      push("end", s, arguments.length, undefined);
    },
    close(s, e) {
      push("close", s, arguments.length, e);
    },
    error(s, e) {
      push("error", s, arguments.length, e);
    },
    timeout(s) {
      push("timeout", s, arguments.length, undefined);
    },
    connectError(s, e) {
      push("connectError", s, arguments.length, e);
    },
  };

  return {
    handlers,
    log,
    names: () => log.map((r) => r.event),
    next(event, count = 1, ms = 5000) {
      const done = log.filter((r) => r.event === event);
      if (done.length >= count) return Promise.resolve(done[count - 1] as Recorded);
      const d = deferred<Recorded>();
      waiters.push({ event, count, d });
      return withTimeout(d.promise, `${event} #${count}`, ms);
    },
    nextBytes(total, ms = 5000) {
      if (received >= total) return Promise.resolve();
      const d = deferred<void>();
      byteWaiters.push({ total, d });
      return withTimeout(d.promise, `${total} bytes`, ms);
    },
    text: () => Buffer.concat(log.filter((r) => r.event === "data").map((r) => chunkBytes(r.arg))).toString("utf8"),
    bytes: () => log.filter((r) => r.event === "data").reduce((n, r) => n + chunkBytes(r.arg).byteLength, 0),
  };
}
