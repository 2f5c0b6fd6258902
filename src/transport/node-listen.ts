/**
 * Listening for the node transport: the server handle is bound and listening
 * synchronously exactly as the handle transport binds it (so listen() knows its port
 * and throws EADDRINUSE on return, like Bun); each accepted handle becomes a
 * net.Socket. Where those bindings are missing (Deno), a net.Server listens
 * asynchronously and docs/compat.md says so.
 */
import * as net from "node:net";
import type { Target } from "../options.js";
import { handleBindings } from "./handle-bindings.js";
import { bindTarget, HandleServer, type ListeningHandle } from "./handle-listen.js";
import { NodeConnection, type NetSocket } from "./node.js";
import type { Connection, ConnectionOwner, ListenSettings, ServerHandle } from "./transport.js";

/** The bound server handle, as this transport drives it (bound by handle-listen.ts's bindTcp/bindPipe). */
interface UvServerHandle {
  onconnection: ((this: UvServerHandle, status: number, client: UvClientHandle | undefined) => void) | null;
  [kAcceptor]?: Acceptor;
}

interface UvClientHandle {
  setNoDelay?(enable: boolean): number;
}

const kAcceptor = Symbol("bunsock.acceptor");

/** What a listening handle does with each accepted socket: wrap it (plain or TLS), then find its owner. */
interface Acceptor {
  readonly wrap: (socket: NetSocket) => NodeConnection;
  readonly accept: (conn: Connection) => ConnectionOwner;
}

/** Plain TCP: the accepted socket is the connection. */
export function plainConnection(socket: NetSocket): NodeConnection {
  return new NodeConnection(socket, null, true);
}

/**
 * Called by libuv for each accepted connection, with the server handle as `this`,
 * exactly as net.Server's own callback is; we wrap the client handle in a net.Socket.
 */
function onConnection(this: UvServerHandle, status: number, client: UvClientHandle | undefined): void {
  const acceptor = this[kAcceptor];
  if (status !== 0 || client === undefined || acceptor === undefined) return;
  client.setNoDelay?.(true);
  const socket = new net.Socket({ handle: client, allowHalfOpen: true, readable: true, writable: true } as net.SocketConstructorOpts) as NetSocket;
  const conn = acceptor.wrap(socket);
  conn.owner = acceptor.accept(conn);
}

/** Fallback without handle bindings: a net.Server, listening asynchronously. */
class NetServer implements ServerHandle {
  readonly server: net.Server;
  readonly port: number | undefined;
  closed = false;

  constructor(server: net.Server, port: number | undefined) {
    this.server = server;
    this.port = port;
  }

  fd(): number {
    return -1;
  }

  address(): { family: "IPv4" | "IPv6"; address: string; port: number } | undefined {
    const a = this.closed ? null : this.server.address();
    if (a === null || typeof a === "string") return undefined;
    return { family: a.family === "IPv6" ? "IPv6" : "IPv4", address: a.address, port: a.port };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
  }

  ref(): void {
    this.server.ref();
  }

  unref(): void {
    this.server.unref();
  }
}

function ignoreServerError(): void {
  // Accept errors (EMFILE and the like) must not crash the process; Bun drops them too.
}

function listenAsync(target: Target, settings: ListenSettings, acceptor: Acceptor): ServerHandle {
  const server = net.createServer({ allowHalfOpen: true, noDelay: true });
  server.on("connection", (socket: NetSocket) => {
    const conn = acceptor.wrap(socket);
    conn.owner = acceptor.accept(conn);
  });
  server.on("error", ignoreServerError);
  if (target.kind === "unix") server.listen({ path: target.path });
  else if (target.kind === "tcp") server.listen({ host: target.hostname, port: target.port, ipv6Only: settings.ipv6Only, exclusive: true });
  else server.listen({ fd: target.fd });
  return new NetServer(server, target.kind === "tcp" ? target.port : undefined);
}

/**
 * Binds and listens synchronously on a libuv handle; `wrap` turns each accepted
 * net.Socket into a connection (plainConnection, or a TLS server connection).
 */
export function listenNode(
  target: Target,
  settings: ListenSettings,
  accept: (conn: Connection) => ConnectionOwner,
  wrap: (socket: NetSocket) => NodeConnection = plainConnection,
): ServerHandle {
  const acceptor: Acceptor = { wrap, accept };
  const b = handleBindings();
  // No synchronous bind on this runtime: listen asynchronously (docs/compat.md).
  if (b === null) return listenAsync(target, settings, acceptor);
  const handle = bindTarget(b, target, settings).handle as unknown as UvServerHandle;
  handle[kAcceptor] = acceptor;
  handle.onconnection = onConnection;
  return new HandleServer(handle as unknown as ListeningHandle, target.kind === "tcp");
}

/** node:net transport (the default on Node and Deno). */
