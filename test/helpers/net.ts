/** Socket fixtures: a recorded server on an ephemeral port, unix paths in a temp dir, loose-typed entry points. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, listen, type Socket, type SocketHandler, type TCPSocketListener } from "../../src/index.js";
import { deferred } from "./async.js";
import { recordEvents, type Hooks, type Recorder } from "./events.js";

/** The library's entry points without compile-time checks, for invalid-input tests. */
export const connectAny = connect as unknown as (options?: unknown) => Promise<Socket<unknown>>;
export const listenAny = listen as unknown as (options?: unknown) => TCPSocketListener<unknown>;

export interface Served {
  readonly listener: TCPSocketListener<unknown>;
  readonly port: number;
  /** The first accepted server socket (resolved from `open`). */
  readonly accepted: Promise<Socket<unknown>>;
  readonly events: Recorder;
  [Symbol.dispose](): void;
}

export interface ServeOptions {
  hostname?: string;
  allowHalfOpen?: boolean;
  hooks?: Hooks;
  binaryType?: "buffer" | "arraybuffer" | "uint8array";
  data?: unknown;
}

/** Listens on `hostname` (127.0.0.1), port 0, with a recording handler table. Dispose = stop(true). */
export function serve(options: ServeOptions = {}): Served {
  const events = recordEvents(options.hooks);
  const first = deferred<Socket<unknown>>();
  const socket: SocketHandler<unknown> = { ...events.handlers };
  if (options.binaryType !== undefined) socket.binaryType = options.binaryType;
  const recordOpen = socket.open;
  socket.open = function (s) {
    recordOpen?.call(this, s);
    first.resolve(s);
  };
  const listener = listenAny({
    hostname: options.hostname ?? "127.0.0.1",
    port: 0,
    allowHalfOpen: options.allowHalfOpen ?? false,
    data: options.data,
    socket,
  });
  return {
    listener,
    port: listener.port,
    accepted: first.promise,
    events,
    [Symbol.dispose]: () => listener.stop(true),
  };
}

/** Connects to `port` with a recording handler table; resolves with the socket and its recorder. */
export async function dial(
  port: number,
  options: { hostname?: string; allowHalfOpen?: boolean; hooks?: Hooks; data?: unknown } = {},
): Promise<{ socket: Socket<unknown>; events: Recorder }> {
  const events = recordEvents(options.hooks);
  const socket = await connectAny({
    hostname: options.hostname ?? "127.0.0.1",
    port,
    allowHalfOpen: options.allowHalfOpen ?? false,
    data: options.data,
    socket: events.handlers,
  });
  return { socket, events };
}

/** A fresh temp dir and a socket path inside it; dispose removes the dir. */
export function tmpUnixPath(name = "s.sock"): { path: string; dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), "bunsock-test-"));
  return { dir, path: join(dir, name), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}
