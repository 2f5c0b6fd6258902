/**
 * The `node` transport: node:net sockets under Bun's semantics.
 *
 * Listening binds a libuv handle synchronously (Node's own tcp_wrap/pipe_wrap
 * bindings, as net.Server does internally) so that listen() knows its port and
 * throws EADDRINUSE on return, like Bun; the bound handle is then given to a
 * net.Server. Where those bindings are missing (Deno), listening is asynchronous
 * and docs/compat.md says so.
 */
import * as net from "node:net";
import { Buffer } from "node:buffer";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { dnsFailure, listenFailure, listenUnresolved } from "../errors.js";
import type { Target } from "../options.js";
import { resolveSync } from "./resolve-sync.js";
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
  type ListenSettings,
  type ServerHandle,
  type Transport,
} from "./transport.js";

const kConn = Symbol("bunsock.nodeConnection");
const EMPTY = Buffer.alloc(0);

type NetSocket = net.Socket & { [kConn]?: NodeConnection; _handle?: { fd?: number } | null };

/** net.Socket plus the bookkeeping Bun's contract needs; its listeners are shared functions. */
class NodeConnection implements Connection {
  owner: ConnectionOwner | null;
  readonly socket: NetSocket;
  connected: boolean;
  waitingFlush = false;
  peerEnded = false;
  probe: ReturnType<typeof setTimeout> | undefined;
  probeDelay = 0;
  error: unknown = undefined;
  flushed: (() => void) | undefined;

  constructor(socket: NetSocket, owner: ConnectionOwner | null, connected: boolean) {
    this.socket = socket;
    this.owner = owner;
    this.connected = connected;
    socket[kConn] = this;
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.on("error", onError);
    socket.on("close", onClose);
    if (!connected) socket.once("connect", onConnect);
  }

  write(bytes: Uint8Array): void {
    const s = this.socket;
    s.write(bytes);
    if (this.peerEnded && this.probe === undefined) this.startProbe();
    if (s.writableLength > 0 && !this.waitingFlush) this.awaitFlush();
  }

  /**
   * Back-pressure is rare: only then do we pay for a callback, which runs once
   * everything written before it has reached the kernel. Bytes written after it
   * (a Blob's, read asynchronously) may still wait then: wait again for those.
   */
  awaitFlush(): void {
    this.waitingFlush = true;
    this.flushed ??= () => {
      this.waitingFlush = false;
      if (this.owner === null || this.socket.destroyed) return;
      if (this.socket.writableLength === 0) this.owner[kOnWritable]();
      else this.awaitFlush();
    };
    this.socket.write(EMPTY, this.flushed);
  }

  /**
   * After the peer's FIN, libuv stops polling the socket, so a peer that has fully
   * closed (and answers our data with RST) goes unnoticed until we write again. Bun
   * notices it by itself (`close(EPIPE)`), so we probe with empty writes, backing off,
   * until the error shows or the socket closes.
   */
  startProbe(): void {
    this.probeDelay = 1;
    this.probe = setTimeout(probeTick, this.probeDelay, this);
    this.probe.unref();
  }

  queued(): number {
    return this.socket.writableLength;
  }

  shutdown(): void {
    this.socket.end();
  }

  close(): void {
    this.owner = null;
    const s = this.socket;
    if (s.destroyed) return;
    if (s.writableLength === 0) s.destroy();
    else s.destroySoon();
  }

  reset(): void {
    this.owner = null;
    const s = this.socket;
    if (s.destroyed) return;
    s.resetAndDestroy();
  }

  pause(): void {
    this.socket.pause();
  }

  /**
   * Hands over what node:net buffered while paused as one chunk, as Bun coalesces it:
   * read() of a paused stream returns (and emits as one `data`) everything buffered.
   */
  resume(): void {
    const s = this.socket;
    if (s.readableLength > 0) s.read();
    s.resume();
  }

  setNoDelay(enable: boolean): void {
    this.socket.setNoDelay(enable);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.socket.setKeepAlive(enable, initialDelayMs);
  }

  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }

  addresses(): Addresses | undefined {
    const s = this.socket;
    if (s.destroyed && s.remoteAddress === undefined) return undefined;
    return {
      localAddress: s.localAddress,
      localPort: s.localPort,
      localFamily: familyOf(s.localAddress),
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      remoteFamily: familyOf(s.remoteAddress),
    };
  }

  fd(): number {
    const fd = this.socket._handle?.fd;
    return typeof fd === "number" ? fd : -1;
  }
}

function familyOf(address: string | undefined): "IPv4" | "IPv6" | undefined {
  if (address === undefined) return undefined;
  const v = net.isIP(address);
  return v === 4 ? "IPv4" : v === 6 ? "IPv6" : undefined;
}

function connOf(socket: NetSocket): NodeConnection | undefined {
  return socket[kConn];
}

function onConnect(this: NetSocket): void {
  const c = connOf(this);
  if (c === undefined) return;
  c.connected = true;
  c.owner?.[kOnOpen]();
}

function onData(this: NetSocket, chunk: Buffer): void {
  connOf(this)?.owner?.[kOnData](chunk);
}

function onEnd(this: NetSocket): void {
  const c = connOf(this);
  if (c === undefined) return;
  c.peerEnded = true;
  c.owner?.[kOnEnd]();
}

const MAX_PROBE_DELAY_MS = 5000;

function probeTick(c: NodeConnection): void {
  c.probe = undefined;
  const s = c.socket;
  if (s.destroyed || c.owner === null || s.writableEnded) return;
  s.write(EMPTY);
  c.probeDelay = Math.min(c.probeDelay * 10, MAX_PROBE_DELAY_MS);
  c.probe = setTimeout(probeTick, c.probeDelay, c);
  c.probe.unref();
}

function onError(this: NetSocket, err: unknown): void {
  const c = connOf(this);
  if (c === undefined) return;
  if (!c.connected) {
    const owner = c.owner;
    c.owner = null;
    owner?.[kOnConnectError](err);
    return;
  }
  c.error = err;
}

function onClose(this: NetSocket): void {
  const c = connOf(this);
  if (c === undefined) return;
  if (c.probe !== undefined) clearTimeout(c.probe);
  const owner = c.owner;
  c.owner = null;
  owner?.[kOnClose](c.error);
}

function connectTarget(target: Target): net.NetConnectOpts | undefined {
  switch (target.kind) {
    case "unix":
      return { path: target.path, allowHalfOpen: true };
    case "tcp": {
      const host = target.hostname.startsWith("[") && target.hostname.endsWith("]") ? target.hostname.slice(1, -1) : target.hostname;
      return { host, port: target.port, allowHalfOpen: true, noDelay: true };
    }
    case "fd":
      return undefined;
  }
}

function connect(target: Target, owner: ConnectionOwner): Connection {
  if (target.kind === "unix" && Buffer.byteLength(target.path) > MAX_UNIX_PATH) return failLater(owner, "EINVAL");
  const opts = connectTarget(target);
  if (opts === undefined) return connectFd((target as { fd: number }).fd, owner);
  const socket = net.connect(opts) as NetSocket;
  return new NodeConnection(socket, owner, false);
}

/** A connection that fails with `code` on the next turn, as a failed connect() would. */
function failLater(owner: ConnectionOwner, code: string): Connection {
  const conn = new NodeConnection(new net.Socket({ allowHalfOpen: true }) as NetSocket, owner, false);
  setImmediate(() => {
    if (conn.owner === null) return;
    conn.owner = null;
    owner[kOnConnectError]({ code });
  });
  return conn;
}

/** Adopts an already-connected file descriptor; Bun reports a bad one as ECONNREFUSED. */
function connectFd(fd: number, owner: ConnectionOwner): Connection {
  let socket: NetSocket;
  try {
    socket = new net.Socket({ fd, allowHalfOpen: true, readable: true, writable: true }) as NetSocket;
  } catch {
    return failLater(owner, "ECONNREFUSED");
  }
  const conn = new NodeConnection(socket, owner, true);
  queueMicrotask(() => conn.owner?.[kOnOpen]());
  return conn;
}

interface UvServerHandle {
  bind(address: string, port: number, flags?: number): number;
  bind6(address: string, port: number, flags: number): number;
  listen(backlog: number): number;
  getsockname(out: { address?: string; port?: number; family?: string }): number;
  close(): void;
  ref(): void;
  unref(): void;
  fd?: number;
  onconnection: ((this: UvServerHandle, status: number, client: UvClientHandle | undefined) => void) | null;
  [kAcceptor]?: (conn: Connection) => ConnectionOwner;
}

interface UvClientHandle {
  setNoDelay?(enable: boolean): number;
}

const kAcceptor = Symbol("bunsock.acceptor");

interface UvBindings {
  TCP: new (type: number) => UvServerHandle;
  tcpServer: number;
  ipv6OnlyFlag: number;
  reusePortFlag: number | undefined;
  Pipe: new (type: number) => UvServerHandle;
  pipeServer: number;
}

let uv: UvBindings | null | undefined;

/** Node's libuv handle bindings, or null where the runtime lacks them. */
function uvBindings(): UvBindings | null {
  if (uv !== undefined) return uv;
  try {
    const binding = (process as unknown as { binding(name: string): Record<string, unknown> }).binding;
    const tcp = binding("tcp_wrap") as { TCP: UvBindings["TCP"]; constants: Record<string, number> };
    const pipe = binding("pipe_wrap") as { Pipe: UvBindings["Pipe"]; constants: Record<string, number> };
    if (typeof tcp.TCP !== "function" || typeof pipe.Pipe !== "function") throw new Error("no handles");
    uv = {
      TCP: tcp.TCP,
      tcpServer: tcp.constants.SERVER ?? 1,
      ipv6OnlyFlag: tcp.constants.UV_TCP_IPV6ONLY ?? 1,
      reusePortFlag: tcp.constants.UV_TCP_REUSEPORT,
      Pipe: pipe.Pipe,
      pipeServer: pipe.constants.SERVER ?? 1,
    };
  } catch {
    uv = null;
  }
  return uv;
}

const UV_EACCES = -13;
const UV_ENOENT = -2;

/** Longest unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
const MAX_UNIX_PATH = 107;

function bindTcp(b: UvBindings, hostname: string, port: number, settings: ListenSettings): UvServerHandle {
  if (hostname.startsWith("[")) throw dnsFailure("ENOTFOUND", hostname);
  const resolved = resolveSync(hostname);
  if (resolved === undefined) throw listenUnresolved(hostname);
  const handle = new b.TCP(b.tcpServer);
  let flags = 0;
  if (settings.ipv6Only) flags |= b.ipv6OnlyFlag;
  if (settings.reusePort && b.reusePortFlag !== undefined) flags |= b.reusePortFlag;
  let err = resolved.family === 6 ? handle.bind6(resolved.address, port, flags) : handle.bind(resolved.address, port, flags);
  if (err === 0) err = handle.listen(511);
  if (err !== 0) {
    handle.close();
    throw listenFailure(err, hostname, port);
  }
  return handle;
}

function bindPipe(b: UvBindings, path: string): UvServerHandle {
  if (Buffer.byteLength(path) > MAX_UNIX_PATH) throw listenFailure(-22, path);
  const handle = new b.Pipe(b.pipeServer);
  let err = handle.bind(path, 0);
  if (err === 0) err = handle.listen(511);
  if (err !== 0) {
    handle.close();
    // libuv reports a missing directory as EACCES (for Windows' sake); Bun says ENOENT.
    if (err === UV_EACCES && !existsSync(dirname(path))) err = UV_ENOENT;
    throw listenFailure(err, path);
  }
  return handle;
}

/**
 * Called by libuv for each accepted connection, with the server handle as `this`,
 * exactly as net.Server's own callback is; we wrap the client handle in a net.Socket.
 */
function onConnection(this: UvServerHandle, status: number, client: UvClientHandle | undefined): void {
  const accept = this[kAcceptor];
  if (status !== 0 || client === undefined || accept === undefined) return;
  client.setNoDelay?.(true);
  const socket = new net.Socket({ handle: client, allowHalfOpen: true, readable: true, writable: true } as net.SocketConstructorOpts) as NetSocket;
  const conn = new NodeConnection(socket, null, true);
  conn.owner = accept(conn);
}

/** A listening libuv handle owned directly: no net.Server in between. */
class HandleServer implements ServerHandle {
  readonly port: number | undefined;
  readonly handle: UvServerHandle;
  closed = false;
  private readonly family: "IPv4" | "IPv6" | undefined;
  private readonly address_: string | undefined;

  constructor(handle: UvServerHandle, isTcp: boolean) {
    this.handle = handle;
    if (isTcp) {
      const out: { address?: string; port?: number; family?: string } = {};
      handle.getsockname(out);
      this.port = out.port;
      this.address_ = out.address;
      this.family = out.family === "IPv6" ? "IPv6" : "IPv4";
    }
  }

  fd(): number {
    const fd = this.handle.fd;
    return !this.closed && typeof fd === "number" ? fd : -1;
  }

  address(): { family: "IPv4" | "IPv6"; address: string; port: number } | undefined {
    if (this.closed || this.port === undefined || this.address_ === undefined || this.family === undefined) return undefined;
    return { family: this.family, address: this.address_, port: this.port };
  }

  close(): void {
    if (this.closed) return;
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

function listenAsync(target: Target, settings: ListenSettings, accept: (conn: Connection) => ConnectionOwner): ServerHandle {
  const server = net.createServer({ allowHalfOpen: true, noDelay: true });
  server.on("connection", (socket: NetSocket) => {
    const conn = new NodeConnection(socket, null, true);
    conn.owner = accept(conn);
  });
  server.on("error", ignoreServerError);
  if (target.kind === "unix") server.listen({ path: target.path });
  else if (target.kind === "tcp") server.listen({ host: target.hostname, port: target.port, ipv6Only: settings.ipv6Only, exclusive: true });
  return new NetServer(server, target.kind === "tcp" ? target.port : undefined);
}

function listen(target: Target, settings: ListenSettings, accept: (conn: Connection) => ConnectionOwner): ServerHandle {
  if (target.kind === "fd") throw listenFailure(-22, String(target.fd));
  const b = uvBindings();
  // No synchronous bind on this runtime: listen asynchronously (docs/compat.md).
  if (b === null) return listenAsync(target, settings, accept);
  const handle = target.kind === "unix" ? bindPipe(b, target.path) : bindTcp(b, target.hostname, target.port, settings);
  handle[kAcceptor] = accept;
  handle.onconnection = onConnection;
  return new HandleServer(handle, target.kind === "tcp");
}

/** node:net transport (the default on Node and Deno). */
export const nodeTransport: Transport = { name: "node", connect, listen };
