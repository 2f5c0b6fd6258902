/**
 * Type-level test: bunsock's public types against Bun's published types
 * (`bun-types` 1.4.5, the global `Bun` namespace). Nothing here runs; it passes
 * when `tsc -p test/types/tsconfig.json` (npm run typecheck:types) reports no error.
 *
 * What it proves:
 *  1. `connect` / `listen` (every overload) are assignable to `typeof Bun.connect`
 *     / `typeof Bun.listen`, so bunsock can stand in for Bun (bunsock/global), and
 *     each overload returns something Bun-typed code accepts.
 *  2. Each public type is compatible with Bun's counterpart for several `Data`:
 *     - outputs (Socket, SocketListener, TCP/UnixSocketListener, TCPSocket,
 *       TLSSocket) and SocketHandler/SocketOptions: assignable both ways, plus a
 *       member-by-member signature check (MemberDiff/HandlerDiff), because method
 *       parameters are otherwise only compared bivariantly;
 *     - inputs (TCPSocketConnectOptions, TCPSocketListenOptions,
 *       UnixSocketOptions, FdSocketOptions, TLSUpgradeOptions, TLSOptions): Bun's
 *       are assignable to ours (Bun code type-checks against bunsock), and ours
 *       to Bun's except for one pinned, deliberate widening: bunsock's TLS
 *       key/cert/ca/crl also take a plain `Blob` where Bun's take a `BunFile`;
 *     - BinaryType / BinaryTypeList: identical.
 *  3. A realistic piece of Bun socket code (typed `data`, binaryType
 *     "arraybuffer", socket.write, listener.port, unix listener, `using`) type-checks
 *     against bunsock's `connect` / `listen`, and the mistakes Bun's types reject
 *     are rejected too. (Section 3 also compiles unchanged with `Bun.connect` /
 *     `Bun.listen` substituted.)
 *  `// @ts-expect-error` lines show each helper and check can fail: if one stops
 *  erroring, tsc reports the unused directive.
 */
import { connect, listen } from "../../src/index.js";
import * as globalEntry from "../../src/global.js";
import type {
  BinaryType,
  BinaryTypeList,
  FdSocketOptions,
  Socket,
  SocketHandler,
  SocketListener,
  SocketOptions,
  TCPSocket,
  TCPSocketConnectOptions,
  TCPSocketListenOptions,
  TCPSocketListener,
  TLSOptions,
  TLSSocket,
  TLSUpgradeOptions,
  UnixSocketListener,
  UnixSocketOptions,
} from "../../src/index.js";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** `true` when X and Y are identical types (not just mutually assignable). */
type Equal<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
/** `true` when every From is a To (non-distributive). */
type Assignable<From, To> = [From] extends [To] ? true : false;
/** `true` when assignable both ways. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile error unless T is `true`. */
type Expect<T extends true> = T;

/** Value-level check: `expectType<To>()(value)` fails unless value's type is a To. */
const expectType =
  <To>() =>
  <From extends To>(_value: From): void => {};

// The helpers can fail:
// @ts-expect-error  string is not assignable to number
type _helperAssignableFails = Expect<Assignable<string, number>>;
// @ts-expect-error  "buffer" | "x" is not a Bun.BinaryType
type _helperMutualFails = Expect<Mutual<BinaryType | "x", Bun.BinaryType>>;
// @ts-expect-error  mutually assignable but not identical
type _helperEqualFails = Expect<Equal<{ a?: 1 }, { a?: 1; b?: 2 }>>;
// @ts-expect-error  value of the wrong type
expectType<Bun.BinaryType>()("nodebuffer" as const);

// ---------------------------------------------------------------------------
// 1. connect / listen against Bun.connect / Bun.listen
// ---------------------------------------------------------------------------

type _connect = Expect<Assignable<typeof connect, typeof Bun.connect>>;
type _listen = Expect<Assignable<typeof listen, typeof Bun.listen>>;
// The same through plain assignment (what `bunsock/global` does at run time).
const _bunLike: Pick<typeof Bun, "connect" | "listen"> = { connect, listen };
// The `bunsock/global` entry re-exports the same functions.
type _globalConnect = Expect<Equal<typeof globalEntry.connect, typeof connect>>;
type _globalListen = Expect<Equal<typeof globalEntry.listen, typeof listen>>;
// The converse (Bun.connect as a `typeof connect`) fails only because bunsock's
// TLS options also take a plain Blob (see TLSOptions below):
// @ts-expect-error  bunsock options (tls.ca: Blob) are wider than Bun's (BunFile)
type _connectBack = Expect<Assignable<typeof Bun.connect, typeof connect>>;

// Return types per overload, for a concrete Data.
type D = { id: number; name: string };
declare const tcpConnect: Bun.TCPSocketConnectOptions<D>;
declare const unixConnect: Bun.UnixSocketOptions<D>;
declare const tcpListen: Bun.TCPSocketListenOptions<D>;
declare const unixListen: Bun.UnixSocketOptions<D>;
expectType<Promise<Bun.Socket<D>>>()(connect(tcpConnect));
expectType<Promise<Bun.Socket<D>>>()(connect(unixConnect));
expectType<Bun.TCPSocketListener<D>>()(listen(tcpListen));
expectType<Bun.UnixSocketListener<D>>()(listen(unixListen));
// The overloads pick the right listener: a unix listener has no port.
// @ts-expect-error  UnixSocketListener has no `port`
listen(unixListen).port;
// A wrong signature is rejected.
// @ts-expect-error  returns a Socket, not a Promise of one
type _connectWrong = Expect<Assignable<(o: Bun.TCPSocketConnectOptions) => Bun.Socket, typeof Bun.connect>>;

// ---------------------------------------------------------------------------
// 2. Public types against Bun's counterparts
// ---------------------------------------------------------------------------

// BinaryType: identical.
type _binaryType = Expect<Equal<BinaryType, Bun.BinaryType>>;
type _binaryTypeList = Expect<Equal<BinaryTypeList, Bun.BinaryTypeList>>;
// @ts-expect-error  a made-up binary type
type _binaryTypeWrong = Expect<Equal<BinaryType | "dataview", Bun.BinaryType>>;

// TLSOptions. Bun's → ours: any Bun TLS options are accepted (Bun's also carries
// the deprecated keyFile/certFile/caFile, which bunsock does not restate).
type _tlsFromBun = Expect<Assignable<Bun.TLSOptions, TLSOptions>>;
// Ours → Bun's: everything but the PEM inputs; bunsock's key/cert/ca/crl take any
// `Blob` (FileLike = Blob: Node has no Bun.file), Bun's only a `BunFile`.
type PemKeys = "ca" | "crl" | "cert" | "key";
type _tlsToBun = Expect<Assignable<Omit<TLSOptions, PemKeys>, Bun.TLSOptions>>;
type _tlsWidening = Expect<
  Equal<{ [K in PemKeys]: Exclude<NonNullable<TLSOptions[K]>, Bun.TLSOptions[K] | unknown[]> }, Record<PemKeys, Blob>>
>;
// @ts-expect-error  the one known difference: a plain Blob is not a BunFile
type _tlsToBunFull = Expect<Assignable<TLSOptions, Bun.TLSOptions>>;
// Key/cert/ca inputs Bun accepts are accepted.
declare const bunFile: Bun.BunFile;
declare const u8: Uint8Array;
expectType<TLSOptions>()({ key: bunFile, cert: [u8, "pem"], ca: [bunFile], ALPNProtocols: u8 });
// @ts-expect-error  passphrase must be a string
expectType<TLSOptions>()({ passphrase: 1 });

/** T with its `tls` narrowed to what Bun's types accept (drops the Blob widening). */
type BunTls<T> = { [K in keyof T]: K extends "tls" ? Exclude<T[K], TLSOptions> | Bun.TLSOptions : T[K] };

// Types with a Data parameter, checked for several Data.
// Outputs (what bunsock hands to Bun-typed code): ours → Bun's, and back.
// Inputs (what Bun-typed code hands to bunsock): Bun's → ours, and ours → Bun's
// up to the TLS Blob widening.
type CheckData<Data> = {
  socket: Expect<Mutual<Socket<Data>, Bun.Socket<Data>>>;
  socketListener: Expect<Mutual<SocketListener<Data>, Bun.SocketListener<Data>>>;
  tcpListener: Expect<Mutual<TCPSocketListener<Data>, Bun.TCPSocketListener<Data>>>;
  unixListener: Expect<Mutual<UnixSocketListener<Data>, Bun.UnixSocketListener<Data>>>;
  handler: Expect<Mutual<SocketHandler<Data>, Bun.SocketHandler<Data>>>;
  handlerAb: Expect<Mutual<SocketHandler<Data, "arraybuffer">, Bun.SocketHandler<Data, "arraybuffer">>>;
  handlerU8: Expect<Mutual<SocketHandler<Data, "uint8array">, Bun.SocketHandler<Data, "uint8array">>>;
  socketOptions: Expect<Mutual<SocketOptions<Data>, Bun.SocketOptions<Data>>>;
  tcpConnectFromBun: Expect<Assignable<Bun.TCPSocketConnectOptions<Data>, TCPSocketConnectOptions<Data>>>;
  tcpListenFromBun: Expect<Assignable<Bun.TCPSocketListenOptions<Data>, TCPSocketListenOptions<Data>>>;
  unixFromBun: Expect<Assignable<Bun.UnixSocketOptions<Data>, UnixSocketOptions<Data>>>;
  fdFromBun: Expect<Assignable<Bun.FdSocketOptions<Data>, FdSocketOptions<Data>>>;
  upgradeFromBun: Expect<Assignable<Bun.TLSUpgradeOptions<Data>, TLSUpgradeOptions<Data>>>;
  tcpConnectToBun: Expect<Assignable<BunTls<TCPSocketConnectOptions<Data>>, Bun.TCPSocketConnectOptions<Data>>>;
  tcpListenToBun: Expect<Assignable<BunTls<TCPSocketListenOptions<Data>>, Bun.TCPSocketListenOptions<Data>>>;
  unixToBun: Expect<Assignable<BunTls<UnixSocketOptions<Data>>, Bun.UnixSocketOptions<Data>>>;
  fdToBun: Expect<Assignable<BunTls<FdSocketOptions<Data>>, Bun.FdSocketOptions<Data>>>;
  upgradeToBun: Expect<Assignable<BunTls<TLSUpgradeOptions<Data>>, Bun.TLSUpgradeOptions<Data>>>;
};
type _dataUndefined = CheckData<undefined>;
type _dataUnknown = CheckData<unknown>;
type _dataObject = CheckData<D>;
type _dataString = CheckData<string>;
// Default type arguments agree (Socket<> = Socket<undefined>, TCPSocketListener<> = <unknown>...).
type _defaults = Expect<
  Mutual<
    [Socket, SocketListener, TCPSocketListener, SocketHandler, SocketOptions],
    [Bun.Socket, Bun.SocketListener, Bun.TCPSocketListener, Bun.SocketHandler, Bun.SocketOptions]
  >
>;
type _defaultOptions = Expect<
  Assignable<
    [Bun.TCPSocketConnectOptions, Bun.TCPSocketListenOptions, Bun.UnixSocketOptions],
    [TCPSocketConnectOptions, TCPSocketListenOptions, UnixSocketOptions]
  >
>;
type _tcpSocket = Expect<Mutual<TCPSocket, Bun.TCPSocket>>;
type _tlsSocket = Expect<Mutual<TLSSocket, Bun.TLSSocket>>;
// Data really is tracked: a listener of one Data is not a listener of another.
// @ts-expect-error  TCPSocketListener<string> is not Bun.TCPSocketListener<number>
type _dataWrong = Expect<Assignable<TCPSocketListener<string>, Bun.TCPSocketListener<number>>>;
// @ts-expect-error  connect options without `port`
type _optionsWrong = Expect<Assignable<Omit<TCPSocketConnectOptions, "port">, Bun.TCPSocketConnectOptions>>;

// Method parameters are only compared bivariantly above, so compare each member's
// signature of Bun's Socket / listeners / SocketHandler one by one, with variance:
// a bunsock object stands in for Bun's when it accepts every argument Bun's
// accepts (Bun's parameters → ours) and returns what Bun's returns (ours → Bun's).
// (For overloaded members, Parameters<> sees the last overload.)
type Fn = (...args: never[]) => unknown;
type MemberOk<Ours, Theirs> = [Ours] extends [Fn]
  ? [Theirs] extends [Fn]
    ? [Assignable<Parameters<Theirs>, Parameters<Ours>>, Assignable<ReturnType<Ours>, ReturnType<Theirs>>] extends [true, true]
      ? true
      : false
    : false
  : Mutual<Ours, Theirs>;
/** Keys of Bun's `Theirs` that bunsock's `Ours` lacks or types incompatibly (never = none). */
type MemberDiff<Ours, Theirs> = {
  [K in keyof Theirs]-?: K extends keyof Ours
    ? MemberOk<Exclude<Ours[K], undefined>, Exclude<Theirs[K], undefined>> extends true
      ? never
      : K
    : K;
}[keyof Theirs];
type _socketMembers = Expect<Equal<MemberDiff<Socket<D>, Bun.Socket<D>>, never>>;
type _socketMembersUndef = Expect<Equal<MemberDiff<Socket, Bun.Socket>, never>>;
type _listenerMembers = Expect<Equal<MemberDiff<TCPSocketListener<D>, Bun.TCPSocketListener<D>>, never>>;
type _unixListenerMembers = Expect<Equal<MemberDiff<UnixSocketListener<D>, Bun.UnixSocketListener<D>>, never>>;
// Handler callbacks are called by bunsock with its own arguments, so for a
// Bun-typed handler table the arguments go ours → Bun's: compare them both ways.
type HandlerParams<H> = {
  [K in keyof H]-?: Exclude<H[K], undefined> extends (...args: infer P) => unknown ? P : H[K];
};
type HandlerDiff<Ours, Theirs> = {
  [K in keyof Theirs]-?: K extends keyof Ours
    ? Mutual<HandlerParams<Ours>[K], HandlerParams<Theirs>[K & keyof HandlerParams<Theirs>]> extends true
      ? never
      : K
    : K;
}[keyof Theirs];
type _handlerMembers = Expect<Equal<HandlerDiff<SocketHandler<D>, Bun.SocketHandler<D>>, never>>;
type _handlerMembersAb = Expect<
  Equal<HandlerDiff<SocketHandler<D, "arraybuffer">, Bun.SocketHandler<D, "arraybuffer">>, never>
>;
type _handlerMembersU8 = Expect<
  Equal<HandlerDiff<SocketHandler<D, "uint8array">, Bun.SocketHandler<D, "uint8array">>, never>
>;
type _dataParam = Expect<Equal<Parameters<NonNullable<SocketHandler<D, "arraybuffer">["data"]>>[1], ArrayBuffer>>;
// The diffs catch a changed signature, which plain interface assignability would not:
type SocketWithBadTimeout = Omit<Socket<D>, "timeout"> & { timeout(seconds: 1 | 2): void };
type _bivariantMiss = Expect<Assignable<SocketWithBadTimeout, Bun.Socket<D>>>; // passes: bivariance
// @ts-expect-error  ...but MemberDiff reports "timeout"
type _memberDiffWrong = Expect<Equal<MemberDiff<SocketWithBadTimeout, Bun.Socket<D>>, never>>;
type _memberDiffNames = Expect<Equal<MemberDiff<SocketWithBadTimeout, Bun.Socket<D>>, "timeout">>;
type HandlerWithBadData = Omit<SocketHandler<D>, "data"> & { data?(socket: Socket<D>, data: Uint8Array): void };
type _handlerDiffNames = Expect<Equal<HandlerDiff<HandlerWithBadData, Bun.SocketHandler<D>>, "data">>;

// ---------------------------------------------------------------------------
// 3. Realistic Bun code, written against bunsock
// ---------------------------------------------------------------------------

type SessionData = { id: number; received: number };

/** A small echo server and client, as one would write it for Bun. */
async function echo(): Promise<number> {
  const server = listen<SessionData>({
    hostname: "127.0.0.1",
    port: 0,
    data: { id: 0, received: 0 },
    socket: {
      binaryType: "arraybuffer",
      open(socket) {
        socket.data = { id: Math.random(), received: 0 };
        socket.setNoDelay(true);
      },
      data(socket, chunk) {
        socket.data.received += chunk.byteLength;
        const written: number = socket.write(chunk);
        if (written < chunk.byteLength) socket.pause();
      },
      drain(socket) {
        socket.resume();
      },
      close(socket, error) {
        if (error) console.error(socket.data.id, error.message);
      },
      error(_socket, error) {
        console.error(error);
      },
    },
  });
  const port: number = server.port;
  const hostname: string = server.hostname;

  const client = await connect<{ sent: number }>({
    hostname,
    port,
    data: { sent: 0 },
    tls: false,
    socket: {
      binaryType: "arraybuffer",
      open(socket) {
        socket.data.sent += socket.write("hello", 0, 5);
        socket.write(new Uint8Array([1, 2, 3]));
      },
      data(socket, chunk) {
        socket.end();
        void chunk;
      },
      connectError(_socket, error) {
        throw error;
      },
      handshake(_socket, success, authorizationError) {
        if (!success) throw authorizationError ?? new Error("handshake failed");
      },
      timeout(socket) {
        socket.terminate();
      },
    },
  });
  client.timeout(5);
  const state: -2 | -1 | 0 | 1 | 2 = client.readyState;
  const family: "IPv4" | "IPv6" = client.remoteFamily;
  const asBun: Bun.Socket<{ sent: number }> = client;
  void [state, family, asBun];

  const unix = listen({
    unix: "/tmp/bunsock-types.sock",
    socket: {
      data(socket, chunk: Buffer) {
        socket.write(chunk);
      },
    },
  });
  const path: string = unix.unix;
  void path;

  unix.stop();
  using _disposed = server;
  return client.data.sent;
}
void echo;

// Mistakes Bun's types reject are rejected by bunsock's too.
function mistakes(): void {
  // @ts-expect-error  `port` is required with `hostname`
  listen({ hostname: "localhost", socket: {} });
  // @ts-expect-error  no such binaryType
  void connect({ hostname: "localhost", port: 1, socket: { binaryType: "blob" } });
  listen<SessionData>({
    hostname: "localhost",
    port: 0,
    socket: {
      open(socket) {
        // @ts-expect-error  data is SessionData, not a string
        socket.data = "x";
        // @ts-expect-error  write takes string | BufferSource
        socket.write(42);
      },
    },
  });
  // @ts-expect-error  a unix listener has no port
  listen({ unix: "/tmp/x.sock", socket: {} }).port;
}
void mistakes;

// Bun-typed option objects (e.g. from code shared with a Bun build) pass straight through.
const bunHandler: Bun.SocketHandler<D> = {
  data(socket, chunk) {
    socket.write(chunk);
  },
};
const bunOptions: Bun.TCPSocketListenOptions<D> = {
  hostname: "0.0.0.0",
  port: 0,
  socket: bunHandler,
  data: { id: 1, name: "n" },
  tls: { key: bunFile, cert: bunFile, passphrase: "p" },
};
const fromBun: Bun.TCPSocketListener<D> = listen(bunOptions);
void fromBun;
