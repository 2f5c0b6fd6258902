/**
 * The transport seam: the only place bunsock touches a runtime's sockets.
 * The core (socket.ts, listener.ts) owns Bun's semantics: event order, the write
 * contract, state; a transport only moves bytes and reports what happened.
 *
 * A transport reports events by calling symbol-keyed methods on the owner of a
 * connection (a TCPSocket), so no closure or listener is made per socket.
 */
import type { Buffer } from "node:buffer";
import type { Target } from "../options.js";
import type { TlsConfig } from "../tls/tls-options.js";
import type { TlsLink } from "./tls-link.js";

export const kOnOpen = Symbol("bunsock.onOpen");
export const kOnConnectError = Symbol("bunsock.onConnectError");
export const kOnData = Symbol("bunsock.onData");
export const kOnEnd = Symbol("bunsock.onEnd");
export const kOnClose = Symbol("bunsock.onClose");
export const kOnWritable = Symbol("bunsock.onWritable");
export const kOnHandshake = Symbol("bunsock.onHandshake");

/** What a connection reports to its owner. After close()/reset() nothing more is reported. */
export interface ConnectionOwner {
  /** The outgoing connection is established. */
  [kOnOpen](): void;
  /** The outgoing connection failed (raw runtime error; the core shapes it). */
  [kOnConnectError](error: unknown): void;
  /** Bytes arrived; the chunk is the owner's (never reused by the transport). */
  [kOnData](chunk: Buffer): void;
  /** The peer sent FIN. */
  [kOnEnd](): void;
  /** The connection is gone without a local close (reset, error, both sides finished). */
  [kOnClose](error: unknown): void;
  /** Everything queued by write() has reached the kernel. */
  [kOnWritable](): void;
  /** A TLS connection finished its handshake (verification is judged by the owner). */
  [kOnHandshake]?(): void;
}

export interface Addresses {
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly localFamily: "IPv4" | "IPv6" | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: "IPv4" | "IPv6" | undefined;
}

/** One established (or establishing) connection. */
export interface Connection {
  /** Who hears this connection's events; STARTTLS hands a connection to a new socket. */
  owner: ConnectionOwner | null;
  /** Hands bytes to the kernel; what it cannot take now stays queued here, in order. The transport owns `bytes` afterwards. */
  write(bytes: Uint8Array): void;
  /**
   * Optional: like write(), for bytes the caller keeps using (the transport copies what it
   * needs, so the core need not copy first). Without it, the core copies and calls write().
   */
  writeCopy?(bytes: Uint8Array): void;
  /** Optional: several chunks in one writev (one syscall when the kernel takes them all), same contract as write(). */
  writev?(chunks: Uint8Array[]): void;
  /** Bytes accepted by write() that the kernel has not taken yet. */
  queued(): number;
  /**
   * Optional: the last write failed at once (the peer is gone: EPIPE, ECONNRESET). Bun's
   * write() then answers -1 and the socket closes without an error; the transport closes it so.
   */
  writeRefused?(): boolean;
  /** Sends FIN once the queue is empty; the connection stays readable. */
  shutdown(): void;
  /** Flushes the queue, sends FIN and closes; reports nothing more. */
  close(): void;
  /** Closes at once with RST (SO_LINGER 0); reports nothing more. */
  reset(): void;
  /** Stops reporting data (the kernel applies back-pressure to the peer). */
  pause(): void;
  resume(): void;
  setNoDelay(enable: boolean): void;
  setKeepAlive(enable: boolean, initialDelayMs: number): void;
  ref(): void;
  unref(): void;
  addresses(): Addresses | undefined;
  fd(): number;
}

export interface ListenSettings {
  readonly exclusive: boolean;
  readonly reusePort: boolean;
  readonly ipv6Only: boolean;
}

/** A bound, listening server. Created synchronously; bind/listen errors are thrown. */
export interface ServerHandle {
  readonly port: number | undefined;
  fd(): number;
  address(): { family: "IPv4" | "IPv6"; address: string; port: number } | undefined;
  close(): void;
  ref(): void;
  unref(): void;
}

export interface Transport {
  readonly name: string;
  /** Starts connecting; the outcome reaches `owner` as kOnOpen or kOnConnectError. */
  connect(target: Target, owner: ConnectionOwner): Connection;
  /**
   * Binds and listens synchronously, throwing Bun-shaped errors.
   * `accept` is called for each new connection and returns its owner.
   */
  listen(target: Target, settings: ListenSettings, accept: (conn: Connection) => ConnectionOwner): ServerHandle;
  /**
   * Optional: TLS on this transport's own connections, as connect() but the owner also
   * hears kOnHandshake. Null (or absent) where it cannot: TLS then runs on node:tls.
   */
  connectTls?(target: Target, owner: ConnectionOwner, cfg: TlsConfig): TlsLink | null;
  /** Optional: a TLS listener on this transport's own connections; null where it cannot. */
  listenTls?(target: Target, settings: ListenSettings, cfg: TlsConfig, accept: (conn: Connection) => ConnectionOwner): ServerHandle | null;
}
