/**
 * Listening for the `handle` transport: a TCP or Pipe server handle bound and
 * listening synchronously (so listen() knows its port and throws EADDRINUSE on
 * return, as Bun does), each accepted handle driven as a HandleConnection.
 */
import { Buffer } from "node:buffer";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { dnsFailure, listenFailure, listenUnresolved } from "../errors.js";
import type { Target } from "../options.js";
import { resolveSync } from "./resolve-sync.js";
import type { Connection, ConnectionOwner, ListenSettings, ServerHandle } from "./transport.js";
import { LISTEN_BACKLOG, MAX_UNIX_PATH, UV_EACCES, UV_EINVAL, UV_ENOENT, type HandleBindings, type SockAddr, type UvStream } from "./handle-bindings.js";
import { HandleConnection, type Handle } from "./handle-connection.js";
import { adoptListeningFd, servingFd, stoppedServingFd } from "./listen-fd.js";

const kAcceptor = Symbol("bunsock.acceptor");
const kIsTcp = Symbol("bunsock.isTcp");
const kMake = Symbol("bunsock.makeConnection");

/** Makes the connection for an accepted handle: plain, or TLS over it. */
export type MakeAccepted = (handle: Handle, isTcp: boolean) => HandleConnection;

const plainAccepted: MakeAccepted = (handle, isTcp) => new HandleConnection(handle, null, isTcp, true);

type ServerUvHandle = UvStream & {
  [kAcceptor]?: (conn: Connection) => ConnectionOwner;
  [kIsTcp]?: boolean;
  [kMake]?: MakeAccepted;
};

export function bindTcp(b: HandleBindings, hostname: string, port: number, settings: ListenSettings): UvStream {
  if (hostname.startsWith("[")) throw dnsFailure("ENOTFOUND", hostname);
  const resolved = resolveSync(hostname);
  if (resolved === undefined) throw listenUnresolved(hostname);
  const handle = new b.TCP(b.tcpServer);
  let flags = 0;
  if (settings.ipv6Only) flags |= b.ipv6OnlyFlag;
  if (settings.reusePort && b.reusePortFlag !== undefined) flags |= b.reusePortFlag;
  let err = resolved.family === 6
    ? (handle.bind6 as NonNullable<UvStream["bind6"]>)(resolved.address, port, flags)
    : (handle.bind as NonNullable<UvStream["bind"]>)(resolved.address, port, flags);
  if (err === 0) err = handle.listen(LISTEN_BACKLOG);
  if (err !== 0) {
    handle.close();
    throw listenFailure(err, hostname, port);
  }
  return handle;
}

export function bindPipe(b: HandleBindings, path: string): UvStream {
  if (Buffer.byteLength(path) > MAX_UNIX_PATH) throw listenFailure(UV_EINVAL, path);
  const handle = new b.Pipe(b.pipeServer);
  let err = (handle.bind as (path: string) => number)(path);
  if (err === 0) err = handle.listen(LISTEN_BACKLOG);
  if (err !== 0) {
    handle.close();
    // libuv reports a missing directory as EACCES (for Windows' sake); Bun says ENOENT.
    if (err === UV_EACCES && !existsSync(dirname(path))) err = UV_ENOENT;
    throw listenFailure(err, path);
  }
  return handle;
}

/** libuv's accept callback, shared by every server: `this` is the server handle. */
function onConnection(this: ServerUvHandle, status: number, client: UvStream | undefined): void {
  const accept = this[kAcceptor];
  // Accept errors (EMFILE and the like) are dropped, as Bun drops them.
  if (status !== 0 || client === undefined || accept === undefined) return;
  const conn = (this[kMake] ?? plainAccepted)(client as Handle, this[kIsTcp] === true);
  const owner = accept(conn);
  // The open handler may already have closed it.
  if (conn.done) return;
  conn.owner = owner;
  conn.start();
}

/** What HandleServer needs of a bound, listening libuv handle (both transports' servers). */
export interface ListeningHandle {
  getsockname?(out: SockAddr): number;
  readonly fd?: number;
  onconnection: unknown;
  close(): void;
  ref(): void;
  unref(): void;
}

/** A listening libuv handle owned directly: no net.Server in between. */
export class HandleServer implements ServerHandle {
  readonly port: number | undefined;
  readonly handle: ListeningHandle;
  closed = false;
  private readonly bound: SockAddr | undefined;

  /** `named`: a TCP listener that reports its port (not one listening on a given fd, as on Bun). */
  constructor(handle: ListeningHandle, named: boolean) {
    this.handle = handle;
    if (named) {
      const out: SockAddr = {};
      handle.getsockname?.(out);
      this.bound = out;
      this.port = out.port;
    }
    servingFd(this.fd());
  }

  fd(): number {
    const fd = this.handle.fd;
    return !this.closed && typeof fd === "number" ? fd : -1;
  }

  address(): { family: "IPv4" | "IPv6"; address: string; port: number } | undefined {
    const a = this.bound;
    if (this.closed || a?.address === undefined || a.port === undefined) return undefined;
    return { family: a.family === "IPv6" ? "IPv6" : "IPv4", address: a.address, port: a.port };
  }

  close(): void {
    if (this.closed) return;
    stoppedServingFd(this.fd());
    this.closed = true;
    this.handle.onconnection = null;
    this.handle.close();
  }

  ref(): void {
    if (!this.closed) this.handle.ref();
  }

  unref(): void {
    if (!this.closed) this.handle.unref();
  }
}

export function listenHandle(
  b: HandleBindings,
  target: Target,
  settings: ListenSettings,
  accept: (conn: Connection) => ConnectionOwner,
  make: MakeAccepted = plainAccepted,
): ServerHandle {
  const { handle, isTcp } = bindTarget(b, target, settings) as { handle: ServerUvHandle; isTcp: boolean };
  handle[kAcceptor] = accept;
  handle[kIsTcp] = isTcp;
  handle[kMake] = make;
  handle.onconnection = onConnection;
  return new HandleServer(handle, target.kind === "tcp");
}

/** A listening server handle for any listen target (both transports' servers). */
export function bindTarget(b: HandleBindings, target: Target, settings: ListenSettings): { handle: UvStream; isTcp: boolean } {
  if (target.kind === "fd") return adoptListeningFd(b, target.fd);
  if (target.kind === "unix") return { handle: bindPipe(b, target.path), isTcp: false };
  return { handle: bindTcp(b, target.hostname, target.port, settings), isTcp: true };
}
