/**
 * The `node` transport: node:net sockets under Bun's semantics. Connections live
 * here; listening (synchronous bind on a libuv handle) is in node-listen.ts.
 */
import * as net from "node:net";
import { Buffer } from "node:buffer";
import type { Target } from "../options.js";
import { listenNode } from "./node-listen.js";
import { denoFd, type DupsFd } from "./deno-fd.js";
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
  type Transport,
} from "./transport.js";

const kConn = Symbol("bunsock.nodeConnection");

/** Longest unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
export const MAX_UNIX_PATH = 107;
const EMPTY = Buffer.alloc(0);

export type NetSocket = net.Socket & { [kConn]?: NodeConnection; _handle?: { fd?: number; fdForIpc?(): number } | null };

/** net.Socket plus the bookkeeping Bun's contract needs; its listeners are shared functions. */
export class NodeConnection implements Connection {
  owner: ConnectionOwner | null;
  readonly socket: NetSocket;
  connected: boolean;
  waitingFlush = false;
  peerEnded = false;
  probe: ReturnType<typeof setTimeout> | undefined;
  probeDelay = 0;
  error: unknown = undefined;
  flushed: (() => void) | undefined;
  /** A write failed at once (net.Socket errored inside write()). */
  refused = false;

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
    const alive = s.errored === null;
    s.write(bytes);
    // The kernel refused the write at once (the peer is gone): Bun answers -1 and closes
    // without an error, so the error node:net is about to emit is not reported.
    if (alive && s.errored !== null) {
      this.refused = true;
      return;
    }
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

  writeRefused(): boolean {
    return this.refused;
  }

  /** The peer's FIN arrived (before the owner hears of it). */
  peerEndedHook(): void {}

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
    // While end()'s shutdown is under way libuv refuses an RST close (EINVAL) and node:net
    // drops the handle unclosed (a leaked fd, and a spin in Node's handle cleanup at exit):
    // close it plainly then. Once the shutdown is done the peer gets its RST as on Bun.
    if (s.writableEnded && !s.writableFinished) return void s.destroy();
    try {
      s.resetAndDestroy();
    } catch {
      // ERR_INVALID_HANDLE_TYPE: only TCP can be reset; a unix socket just closes.
      s.destroy();
    }
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
    return socketFd(this.socket);
  }
}

/**
 * Deno's TCP handles have no `fd` (deno-fd.ts finds it), and its TLS handle none at all:
 * a TLS socket's descriptor is then the one of the socket it wraps (`_parent`).
 */
function socketFd(socket: NetSocket): number {
  const h = socket._handle;
  if (typeof h?.fd === "number") return h.fd;
  if (h?.fdForIpc !== undefined) return denoFd(h as DupsFd);
  const parent = (socket as { _parent?: NetSocket | null })._parent;
  return parent !== null && parent !== undefined && parent !== socket && h !== null && h !== undefined ? socketFd(parent) : -1;
}

function familyOf(address: string | undefined): "IPv4" | "IPv6" | undefined {
  if (address === undefined) return undefined;
  const v = net.isIP(address);
  return v === 4 ? "IPv4" : v === 6 ? "IPv6" : undefined;
}

export function connOf(socket: NetSocket): NodeConnection | undefined {
  return socket[kConn];
}

/** Routes another socket's events (a TLS socket's TCP socket) to `conn`. */
export function connOwnedBy(socket: NetSocket, conn: NodeConnection): void {
  socket[kConn] = conn;
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
  c.peerEndedHook();
  c.owner?.[kOnEnd]();
}

export const MAX_PROBE_DELAY_MS = 5000;

function probeTick(c: NodeConnection): void {
  c.probe = undefined;
  const s = c.socket;
  if (s.destroyed || c.owner === null || s.writableEnded) return;
  s.write(EMPTY);
  c.probeDelay = Math.min(c.probeDelay * 10, MAX_PROBE_DELAY_MS);
  c.probe = setTimeout(probeTick, c.probeDelay, c);
  c.probe.unref();
}

export function onError(this: NetSocket, err: unknown): void {
  const c = connOf(this);
  if (c === undefined) return;
  if (!c.connected) {
    const owner = c.owner;
    c.owner = null;
    owner?.[kOnConnectError](err);
    return;
  }
  if (!c.refused) c.error = err;
}

function onClose(this: NetSocket): void {
  const c = connOf(this);
  if (c === undefined) return;
  if (c.probe !== undefined) clearTimeout(c.probe);
  const owner = c.owner;
  c.owner = null;
  owner?.[kOnClose](c.error);
}

export function connectTarget(target: Target): net.NetConnectOpts | undefined {
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
export function failLater(owner: ConnectionOwner, code: string): Connection {
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

/** node:net transport (the default on Node and Deno). */
export const nodeTransport: Transport = { name: "node", connect, listen: (target, settings, accept) => listenNode(target, settings, accept) };
