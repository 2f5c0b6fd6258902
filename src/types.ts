/**
 * Public types: Bun's socket types, restated so that Node users need no `bun-types`.
 * They must stay assignable to `bun-types` (checked by test/types).
 */
import type { Buffer } from "node:buffer";
import type { PeerCertificate, CipherNameAndProtocol, EphemeralKeyInfo } from "node:tls";
import type { X509Certificate } from "node:crypto";

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** Anything with bytes: what `write()` and TLS options accept besides strings. */
export type BufferSource = TypedArray | DataView | ArrayBufferLike;

/** A file-like object (`Bun.file()` or a `Blob`) read for TLS material. */
export type FileLike = Blob;

type Pem = string | BufferSource | FileLike;

/** TLS options as Bun takes them on `connect`, `listen` and `upgradeTLS`. */
export interface TLSOptions {
  passphrase?: string;
  dhParamsFile?: string;
  serverName?: string;
  servername?: string;
  lowMemoryMode?: boolean;
  rejectUnauthorized?: boolean;
  requestCert?: boolean;
  ca?: Pem | Array<Pem> | undefined;
  crl?: Pem | Array<Pem> | undefined;
  cert?: Pem | Array<Pem> | undefined;
  key?: Pem | Array<Pem> | undefined;
  secureOptions?: number | undefined;
  ALPNProtocols?: string | BufferSource;
  ciphers?: string;
  clientRenegotiationLimit?: number;
  clientRenegotiationWindow?: number;
}

export interface BinaryTypeList {
  arraybuffer: ArrayBuffer;
  buffer: Buffer;
  uint8array: Uint8Array<ArrayBuffer>;
}
export type BinaryType = keyof BinaryTypeList;

/** One handler table, shared by every socket of a listener (or owned by one client socket). */
export interface SocketHandler<Data = unknown, DataBinaryType extends BinaryType = "buffer"> {
  open?(socket: Socket<Data>): void | Promise<void>;
  close?(socket: Socket<Data>, error?: Error): void | Promise<void>;
  error?(socket: Socket<Data>, error: Error): void | Promise<void>;
  data?(socket: Socket<Data>, data: BinaryTypeList[DataBinaryType]): void | Promise<void>;
  drain?(socket: Socket<Data>): void | Promise<void>;
  handshake?(socket: Socket<Data>, success: boolean, authorizationError: Error | null): void;
  end?(socket: Socket<Data>): void | Promise<void>;
  connectError?(socket: Socket<Data>, error: Error): void | Promise<void>;
  timeout?(socket: Socket<Data>): void | Promise<void>;
  binaryType?: BinaryType;
}

export interface SocketOptions<Data = unknown> {
  socket: SocketHandler<Data>;
  data?: Data;
  allowHalfOpen?: boolean;
}

export interface TCPSocketListenOptions<Data = undefined> extends SocketOptions<Data> {
  hostname: string;
  port: number;
  tls?: TLSOptions | boolean;
  exclusive?: boolean;
  allowHalfOpen?: boolean;
  reusePort?: boolean;
  ipv6Only?: boolean;
}

export interface TCPSocketConnectOptions<Data = undefined> extends SocketOptions<Data> {
  hostname: string;
  port: number;
  tls?: TLSOptions | boolean;
  exclusive?: boolean;
  reusePort?: boolean;
  ipv6Only?: boolean;
}

export interface UnixSocketOptions<Data = undefined> extends SocketOptions<Data> {
  unix: string;
  tls?: TLSOptions | boolean;
}

export interface FdSocketOptions<Data = undefined> extends SocketOptions<Data> {
  tls?: TLSOptions | boolean;
  fd: number;
}

export interface TLSUpgradeOptions<Data> {
  data?: Data;
  tls: TLSOptions | boolean;
  socket: SocketHandler<Data>;
}

/** Bun's `Socket` (a.k.a. `TCPSocket`/`TLSSocket`): see the seed reference for each member. */
export interface Socket<Data = undefined> extends Disposable {
  write(data: string | BufferSource, byteOffset?: number, byteLength?: number): number;
  data: Data;
  end(data?: string | BufferSource, byteOffset?: number, byteLength?: number): number;
  end(): void;
  ref(): void;
  timeout(seconds: number): void;
  terminate(): void;
  shutdown(halfClose?: boolean): void;
  readonly readyState: -2 | -1 | 0 | 1 | 2;
  unref(): void;
  flush(): void;
  reload(options: Pick<SocketOptions<Data>, "socket">): void;
  readonly listener?: SocketListener;
  readonly remoteFamily: "IPv4" | "IPv6";
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localFamily: "IPv4" | "IPv6";
  readonly localAddress: string;
  readonly localPort: number;
  readonly authorized: boolean;
  readonly alpnProtocol: string | false | null;
  disableRenegotiation(): void;
  exportKeyingMaterial(length: number, label: string, context: Buffer): Buffer;
  exportKeyingMaterial(length: number, label: string, context?: string | BufferSource): void;
  getAuthorizationError(): Error | null;
  getCertificate(): PeerCertificate | object | null;
  getX509Certificate(): X509Certificate | undefined;
  getCipher(): CipherNameAndProtocol;
  getEphemeralKeyInfo(): EphemeralKeyInfo | object | null;
  getPeerCertificate(): PeerCertificate;
  getPeerX509Certificate(): X509Certificate;
  getSharedSigalgs(): string[];
  getTLSFinishedMessage(): Buffer | undefined;
  getTLSPeerFinishedMessage(): Buffer | undefined;
  getTLSTicket(): Buffer | undefined;
  getTLSVersion(): string;
  isSessionReused(): boolean;
  setMaxSendFragment(size: number): boolean;
  setNoDelay(noDelay?: boolean): boolean;
  setKeepAlive(enable?: boolean, initialDelay?: number): boolean;
  readonly bytesWritten: number;
  resume(): void;
  pause(): void;
  renegotiate(): void;
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
  getSession(): void;
  setSession(session: string | Buffer | BufferSource): void;
  upgradeTLS<Data>(options: TLSUpgradeOptions<Data>): [raw: Socket<Data>, tls: Socket<Data>];
  close(): void;
  getServername(): string;
  setServername(name: string): void;
}

export type TCPSocket = Socket;
export type TLSSocket = Socket;

export interface SocketListener<Data = undefined> extends Disposable {
  stop(closeActiveConnections?: boolean): void;
  ref(): void;
  unref(): void;
  reload(options: Pick<SocketOptions<Data>, "socket">): void;
  data: Data;
}

export interface TCPSocketListener<Data = unknown> extends SocketListener<Data> {
  readonly port: number;
  readonly hostname: string;
}

export interface UnixSocketListener<Data> extends SocketListener<Data> {
  readonly unix: string;
}
