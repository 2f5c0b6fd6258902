/**
 * Node's own libuv handle bindings (`tcp_wrap`, `pipe_wrap`, `stream_wrap`): the
 * objects net.Socket is built on, typed for the `handle` transport.
 *
 * They are reached through `process.binding()`, which prints nothing on the default
 * flags of Node 20, 22 and 24 (only `--pending-deprecation` warns, DEP0111). Where any
 * of them is missing or has another shape (an old Deno, a future Node), `handleBindings()`
 * returns null and the node:net transport is used instead. Deno 2's native handles are
 * adapted to Node's shape by deno-bindings.ts.
 */
import type { Buffer } from "node:buffer";
import type { CipherNameAndProtocol } from "node:tls";
import { getSystemErrorName } from "node:util";
import { adaptDenoBindings, isDeno } from "./deno-bindings.js";

/** A request object completed by libuv; `oncomplete` is called with the request as `this`. */
export interface UvReq {
  oncomplete: ((...args: never[]) => void) | null;
}

/** What every libuv stream handle (TCP, Pipe) offers through StreamBase. */
export interface UvStream {
  readStart(): number;
  readStop(): number;
  shutdown(req: UvReq): number;
  writeBuffer(req: UvReq, data: Uint8Array): number;
  writev(req: UvReq, chunks: Uint8Array[], allBuffers: boolean): number;
  useUserBuffer(buffer: Uint8Array): void;
  close(callback?: (this: UvStream) => void): void;
  ref(): void;
  unref(): void;
  hasRef(): boolean;
  readonly writeQueueSize: number;
  readonly fd: number;
  /** Called by libuv with the handle as `this`; the byte count is in streamBaseState. */
  onread: ((this: UvStream, arrayBuffer: ArrayBuffer | undefined) => void) | null;
  /** Server handles only: called for each accepted connection. */
  onconnection: ((this: UvStream, status: number, client: UvStream | undefined) => void) | null;
  // TCP only:
  bind?(address: string, port: number, flags?: number): number;
  bind6?(address: string, port: number, flags: number): number;
  connect?(req: UvReq, address: string, port?: number): number;
  connect6?(req: UvReq, address: string, port: number): number;
  getsockname?(out: SockAddr): number;
  getpeername?(out: SockAddr): number;
  setNoDelay?(enable: boolean): number;
  setKeepAlive?(enable: boolean, delaySeconds: number): number;
  /** Closes with RST (SO_LINGER 0); fails with EINVAL while a shutdown is in flight. */
  reset?(callback?: (this: UvStream) => void): number;
  // Pipe only: `bind(path)` shares the name with TCP's.
  listen(backlog: number): number;
}

export interface SockAddr {
  address?: string;
  port?: number;
  family?: string;
}

export interface HandleBindings {
  readonly TCP: new (type: number) => UvStream;
  readonly Pipe: new (type: number) => UvStream;
  readonly TCPConnectWrap: new () => UvReq;
  readonly PipeConnectWrap: new () => UvReq;
  readonly WriteWrap: new () => UvReq;
  readonly ShutdownWrap: new () => UvReq;
  /** Shared state the C++ side fills in on every read and write. */
  readonly state: Int32Array;
  readonly kReadBytesOrError: number;
  readonly kArrayBufferOffset: number;
  readonly kLastWriteWasAsync: number;
  readonly tcpSocket: number;
  readonly tcpServer: number;
  readonly pipeSocket: number;
  readonly pipeServer: number;
  readonly ipv6OnlyFlag: number;
  /** Absent before Node 22 (libuv without UV_TCP_REUSEPORT). */
  readonly reusePortFlag: number | undefined;
  /**
   * The slot every Node handle has for the object that owns it (net.Socket keeps itself
   * there): a connection stored in it adds no property to the handle. Undefined where
   * handles lack it.
   */
  readonly ownerSymbol: symbol | undefined;
}

/** The listen backlog node:net and Bun use. */
export const LISTEN_BACKLOG = 511;

/** libuv's end-of-stream code (UV_EOF). */
export const UV_EOF = -4095;
export const UV_EINVAL = -22;
export const UV_EACCES = -13;
export const UV_ENOENT = -2;
export const UV_ECANCELED = -125;

/** Longest unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
export const MAX_UNIX_PATH = 107;

/** A raw runtime error as the core's error shapers (errors.ts) take it. */
export function uvError(status: number): { code: string; errno: number } {
  let code: string;
  try {
    code = getSystemErrorName(status);
  } catch {
    code = "UNKNOWN";
  }
  return { code, errno: status };
}

type Binding = Record<string, unknown>;

const REQUIRED_STREAM_METHODS = ["readStart", "readStop", "shutdown", "writeBuffer", "writev", "useUserBuffer", "close", "ref", "unref"];

function isFn(v: unknown): boolean {
  return typeof v === "function";
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}

/** Node's `owner_symbol`, read off a fresh handle (a socket handle without an fd: nothing to release but the wrap). */
function ownerSlot(TCP: HandleBindings["TCP"], socketType: number): symbol | undefined {
  const probe = new TCP(socketType);
  try {
    return Object.getOwnPropertySymbols(probe).find((s) => s.description === "owner_symbol");
  } finally {
    probe.close();
  }
}

function load(): HandleBindings | null {
  const proc = process as unknown as { binding?: (name: string) => Binding };
  if (typeof proc.binding !== "function") return null;
  const tcp = proc.binding("tcp_wrap");
  const pipe = proc.binding("pipe_wrap");
  const stream = proc.binding("stream_wrap");
  const state = stream.streamBaseState;
  const tcpConstants = (tcp.constants ?? {}) as Binding;
  const pipeConstants = (pipe.constants ?? {}) as Binding;
  const kRead = num(stream.kReadBytesOrError);
  const kOffset = num(stream.kArrayBufferOffset);
  const kAsync = num(stream.kLastWriteWasAsync);
  if (
    !isFn(tcp.TCP) || !isFn(tcp.TCPConnectWrap) || !isFn(pipe.Pipe) || !isFn(pipe.PipeConnectWrap) ||
    !isFn(stream.WriteWrap) || !isFn(stream.ShutdownWrap) || !(state instanceof Int32Array) ||
    kRead === undefined || kOffset === undefined || kAsync === undefined
  ) {
    return null;
  }
  const proto = (tcp.TCP as { prototype: Binding }).prototype;
  for (const m of [...REQUIRED_STREAM_METHODS, "bind", "bind6", "connect", "connect6", "getsockname", "getpeername", "setNoDelay", "setKeepAlive", "reset"]) {
    if (!isFn(proto[m])) return null;
  }
  const bindings: HandleBindings = {
    ownerSymbol: ownerSlot(tcp.TCP as HandleBindings["TCP"], num(tcpConstants.SOCKET) ?? 0),
    TCP: tcp.TCP as HandleBindings["TCP"],
    Pipe: pipe.Pipe as HandleBindings["Pipe"],
    TCPConnectWrap: tcp.TCPConnectWrap as HandleBindings["TCPConnectWrap"],
    PipeConnectWrap: pipe.PipeConnectWrap as HandleBindings["PipeConnectWrap"],
    WriteWrap: stream.WriteWrap as HandleBindings["WriteWrap"],
    ShutdownWrap: stream.ShutdownWrap as HandleBindings["ShutdownWrap"],
    state,
    kReadBytesOrError: kRead,
    kArrayBufferOffset: kOffset,
    kLastWriteWasAsync: kAsync,
    tcpSocket: num(tcpConstants.SOCKET) ?? 0,
    tcpServer: num(tcpConstants.SERVER) ?? 1,
    pipeSocket: num(pipeConstants.SOCKET) ?? 0,
    pipeServer: num(pipeConstants.SERVER) ?? 1,
    ipv6OnlyFlag: num(tcpConstants.UV_TCP_IPV6ONLY) ?? 1,
    reusePortFlag: num(tcpConstants.UV_TCP_REUSEPORT),
  };
  // Deno's handles differ from Node's in a few ways, adapted there (or null: node:net then).
  return isDeno() ? adaptDenoBindings(bindings) : bindings;
}

/** A TLSWrap: a StreamBase over another stream, with OpenSSL's session on it (Node's crypto_tls.cc). */
export interface UvTlsStream extends UvStream {
  start(): void;
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
  setServername(name: string): void;
  setSession(session: Uint8Array): void;
  setALPNProtocols(wire: Uint8Array): void;
  enableALPNCb(): void;
  getServername(): string | false;
  getALPNNegotiatedProtocol(): string | false;
  verifyError(): Error | null;
  destroySSL(): void;
  // Queries node:tls's TLSSocket forwards as they are.
  getPeerX509Certificate(): object | undefined;
  getX509Certificate(): object | undefined;
  getCertificate(): Record<string, unknown> | null;
  getCipher(): CipherNameAndProtocol;
  getProtocol(): string | null;
  getSession(): Buffer | undefined;
  isSessionReused(): boolean;
  getTLSTicket(): Buffer | undefined;
  getFinished(): Buffer | undefined;
  getPeerFinished(): Buffer | undefined;
  getEphemeralKeyInfo(): object | null;
  exportKeyingMaterial(length: number, label: string, context?: Uint8Array): Buffer;
  setMaxSendFragment(size: number): number;
}

/** Node's TLS wrap binding: `wrap(stream, context, isServer, hasActiveWrite)` puts OpenSSL over a stream handle. */
export interface TlsWrapBinding {
  wrap(stream: UvStream, context: object, isServer: boolean, hasActiveWriteFromPrevOwner: boolean): UvTlsStream;
}

let tlsCached: TlsWrapBinding | null | undefined;

/**
 * The TLS wrap binding (loaded on first TLS use), or null where it is missing or has
 * another shape: TLS then runs on node:tls.
 */
export function tlsWrapBinding(): TlsWrapBinding | null {
  if (tlsCached !== undefined) return tlsCached;
  tlsCached = null;
  // Deno's TLS over its handles is its own (not OpenSSL in a TLSWrap): node:tls there.
  if (isDeno()) return null;
  try {
    const proc = process as unknown as { binding?: (name: string) => Binding };
    const binding = proc.binding?.("tls_wrap");
    const proto = (binding?.TLSWrap as { prototype?: Binding } | undefined)?.prototype;
    const needed = ["start", "setVerifyMode", "setServername", "setSession", "setALPNProtocols", "enableALPNCb", "getServername",
      "getALPNNegotiatedProtocol", "verifyError", "destroySSL", "getPeerX509Certificate", "readStart", "writeBuffer", "shutdown"];
    if (binding !== undefined && isFn(binding.wrap) && proto !== undefined && needed.every((m) => isFn(proto[m]))) {
      tlsCached = binding as unknown as TlsWrapBinding;
    }
  } catch {
    tlsCached = null;
  }
  return tlsCached;
}

let cached: HandleBindings | null | undefined;

/** The bindings, loaded once; null where this runtime lacks them or they have another shape. */
export function handleBindings(): HandleBindings | null {
  if (cached === undefined) {
    try {
      cached = load();
    } catch {
      cached = null;
    }
  }
  return cached;
}
