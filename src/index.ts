/**
 * bunsock: Bun's socket API (`connect`, `listen`) for Node.js, Deno and Bun.
 * On Bun the native functions are used as they are.
 */
import { connectImpl } from "./connect.js";
import { listenImpl } from "./listen.js";
import { nativeBun } from "./transport/bun.js";
import type {
  Socket,
  TCPSocketConnectOptions,
  TCPSocketListenOptions,
  TCPSocketListener,
  UnixSocketListener,
  UnixSocketOptions,
} from "./types.js";

export type * from "./types.js";

const native = nativeBun();

/** Opens a TCP or unix-socket connection (Bun's `Bun.connect`). On Bun, the native one. */
export function connect<Data = undefined>(options: TCPSocketConnectOptions<Data>): Promise<Socket<Data>>;
export function connect<Data = undefined>(options: UnixSocketOptions<Data>): Promise<Socket<Data>>;
export function connect(options: unknown): Promise<unknown> {
  return native !== undefined ? (native.connect(options) as Promise<unknown>) : connectImpl(options);
}

/** Listens on a TCP port or unix socket, synchronously (Bun's `Bun.listen`). On Bun, the native one. */
export function listen<Data = undefined>(options: TCPSocketListenOptions<Data>): TCPSocketListener<Data>;
export function listen<Data = undefined>(options: UnixSocketOptions<Data>): UnixSocketListener<Data>;
export function listen(options: unknown): unknown {
  return native !== undefined ? native.listen(options) : listenImpl(options);
}
