/**
 * The `handle` transport: Bun's connect/listen over Node's own libuv handles
 * (tcp_wrap, pipe_wrap, stream_wrap), without net.Socket and its stream layer.
 * Plain TCP and unix sockets only; TLS stays on node:tls over the node transport,
 * and fd targets are delegated to it too.
 */
import { Buffer } from "node:buffer";
import { lookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import type { Target } from "../options.js";
import { nodeTransport } from "./node.js";
import type { Connection, ConnectionOwner, ListenSettings, ServerHandle, Transport } from "./transport.js";
import type { TlsConfig } from "../tls/tls-options.js";
import type { TlsLink } from "./tls-link.js";
import { handleBindings, MAX_UNIX_PATH, tlsWrapBinding, UV_EINVAL, type HandleBindings, type SockAddr, type UvReq } from "./handle-bindings.js";
import { initTls, TlsWrapConnection } from "./handle-tls.js";
import { HandleConnection, initConnections, onConnectDone, setRetry, type Dial, type Handle } from "./handle-connection.js";
import { listenHandle } from "./handle-listen.js";

let b: HandleBindings;

function connectReq(tcp: boolean): UvReq {
  const req = tcp ? new b.TCPConnectWrap() : new b.PipeConnectWrap();
  req.oncomplete = onConnectDone;
  return req;
}

/** A connect that failed before it started fails on the next turn, as a refused one would. */
function failLater(conn: HandleConnection, status: number): void {
  setImmediate(connectFailedNow, conn, status);
}

function connectFailedNow(conn: HandleConnection, status: number): void {
  conn.connectDone(status);
}

function startTcp(conn: HandleConnection, address: string, family: number, port: number): void {
  const h = conn.handle as Handle;
  const req = connectReq(true);
  const err = family === 6
    ? (h.connect6 as NonNullable<Handle["connect6"]>)(req, address, port)
    : (h.connect as NonNullable<Handle["connect"]>)(req, address, port);
  if (err !== 0) failLater(conn, err);
}

/** The next address of a hostname connect, on a fresh handle (a failed socket cannot be reused). */
function tryNext(conn: HandleConnection): void {
  const dial = conn.dial as Dial;
  const next = dial.candidates.shift();
  if (next === undefined) {
    conn.connectFailed(dial.firstError);
    return;
  }
  if (dial.attempts > 0) {
    conn.handle?.close();
    conn.adopt(new b.TCP(b.tcpSocket) as Handle);
  }
  dial.attempts++;
  startTcp(conn, next.address, next.family, dial.port);
}

function onLookup(this: HandleConnection, err: NodeJS.ErrnoException | null, addresses: LookupAddress[]): void {
  if (this.done) return;
  if (err !== null) {
    this.connectFailed(err);
    return;
  }
  (this.dial as Dial).candidates = addresses.map((a) => ({ address: a.address, family: a.family }));
  tryNext(this);
}

/** Makes the connection for a new (unconnected) handle: plain, or TLS over it. */
type MakeConnection = (handle: Handle, owner: ConnectionOwner, isTcp: boolean) => HandleConnection;

const plain: MakeConnection = (handle, owner, isTcp) => new HandleConnection(handle, owner, isTcp, false);

function connect(target: Target, owner: ConnectionOwner): Connection {
  if (target.kind === "fd") return nodeTransport.connect(target, owner);
  return connectWith(target, owner, plain);
}

function connectWith(target: Exclude<Target, { kind: "fd" }>, owner: ConnectionOwner, make: MakeConnection): HandleConnection {
  if (target.kind === "unix") {
    const conn = make(new b.Pipe(b.pipeSocket) as Handle, owner, false);
    if (Buffer.byteLength(target.path) > MAX_UNIX_PATH) {
      failLater(conn, UV_EINVAL);
      return conn;
    }
    const err = (conn.handle as Handle).connect?.(connectReq(false), target.path);
    if (typeof err === "number" && err !== 0) failLater(conn, err);
    return conn;
  }
  const raw = target.hostname;
  const host = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw;
  const conn = make(new b.TCP(b.tcpSocket) as Handle, owner, true);
  const family = isIP(host);
  if (family !== 0) startTcp(conn, host, family, target.port);
  else {
    // Every address in the resolver's order, the next one tried when one fails (as net.connect does).
    conn.dial = { port: target.port, candidates: [], attempts: 0, firstError: undefined };
    lookup(host, { all: true }, onLookup.bind(conn));
  }
  return conn;
}

/** TLS on this transport's handles (Node's TLS wrap), or null: TLS then runs on node:tls. */
function tlsReady(): boolean {
  if (tlsState === undefined) {
    const binding = tlsWrapBinding();
    if (binding !== null) initTls(b, binding);
    tlsState = binding !== null;
  }
  return tlsState;
}

let tlsState: boolean | undefined;

function connectTls(target: Target, owner: ConnectionOwner, cfg: TlsConfig): TlsLink | null {
  if (target.kind === "fd" || !tlsReady()) return null;
  return connectWith(target, owner, (handle, o, isTcp) => new TlsWrapConnection(handle, o, isTcp, false, cfg, false)) as TlsWrapConnection;
}

function listenTls(target: Target, settings: ListenSettings, cfg: TlsConfig, accept: (conn: Connection) => ConnectionOwner): ServerHandle | null {
  if (!tlsReady()) return null;
  return listenHandle(b, target, settings, accept, (handle, isTcp) => new TlsWrapConnection(handle, null, isTcp, true, cfg, true));
}

function noop(): void {}

/**
 * A synchronous loopback self-test: the handles bind, listen, report their port and
 * start a connect. Anything unexpected (a runtime that only looks like Node) means no.
 */
function selfTest(bindings: HandleBindings): boolean {
  let server: Handle | undefined;
  let client: Handle | undefined;
  try {
    server = new bindings.TCP(bindings.tcpServer) as Handle;
    if (server.bind?.("127.0.0.1", 0, 0) !== 0 || server.listen(1) !== 0) return false;
    const out: SockAddr = {};
    if (server.getsockname?.(out) !== 0 || typeof out.port !== "number" || out.port === 0) return false;
    client = new bindings.TCP(bindings.tcpSocket) as Handle;
    const req = new bindings.TCPConnectWrap();
    req.oncomplete = noop;
    if (client.connect?.(req, "127.0.0.1", out.port) !== 0) return false;
    const write = new bindings.WriteWrap();
    return typeof write === "object" && bindings.state.length > bindings.kLastWriteWasAsync;
  } catch {
    return false;
  } finally {
    client?.close();
    server?.close();
  }
}

let transport: Transport | null | undefined;

/** The handle transport, or null where the bindings are missing or fail the self-test. */
export function handleTransport(): Transport | null {
  if (transport !== undefined) return transport;
  const bindings = handleBindings();
  if (bindings === null || !selfTest(bindings)) {
    transport = null;
    return null;
  }
  b = bindings;
  initConnections(bindings);
  setRetry(tryNext);
  transport = {
    name: "handle",
    connect,
    listen: (target, settings, accept) => listenHandle(bindings, target, settings, accept),
    connectTls,
    listenTls,
  };
  return transport;
}
