/**
 * connect(): validate → context → transport.connect → TCPSocket, settled as Bun
 * settles it (spec §1): resolve just before `open`; on failure `connectError`
 * first, then a rejection with an equal but distinct error.
 */
import { SocketContext, sharedHandlers } from "./context.js";
import { cloneError, connectFailure } from "./errors.js";
import { normaliseOptions } from "./options.js";
import { kAttach, TCPSocket, type ConnectSettler } from "./socket.js";
import { selectTransport } from "./transport/select.js";
import { connectTls } from "./transport/node-tls.js";
import { buildTls, sniHostname } from "./tls/tls-options.js";
import { TlsState } from "./tls/tls-state.js";
import { TLSSocket } from "./tls/tls-socket.js";
import "./tls/starttls.js";

function noop(): void {}

type ConnectErrorHandler = (socket: TCPSocket, error: Error) => unknown;

/**
 * A peer that accepted, sent FIN and then RST before we saw the connect complete leaves
 * EPIPE as the socket's error (Linux's tcp_reset in CLOSE_WAIT); Bun 1.4.5 reports that
 * connect as ECONNREFUSED (probed; a bare RST stays ECONNRESET on both).
 */
function refusedIfPipe(raw: unknown): unknown {
  return (raw as { code?: unknown } | null | undefined)?.code === "EPIPE" ? { code: "ECONNREFUSED" } : raw;
}

class Settler implements ConnectSettler {
  readonly ctx: SocketContext;
  resolve!: (socket: TCPSocket) => void;
  reject!: (error: unknown) => void;

  constructor(ctx: SocketContext) {
    this.ctx = ctx;
  }

  failed(socket: TCPSocket, raw: unknown): void {
    const error = connectFailure(refusedIfPipe(raw));
    const handler = this.ctx.handlers.connectError as ConnectErrorHandler | undefined;
    if (handler === undefined) {
      this.reject(error);
      return;
    }
    try {
      handler.call(this.ctx.thisArg, socket, error);
    } catch (thrown) {
      this.reject(thrown);
      return;
    }
    this.reject(cloneError(error));
  }
}

/** Opens a TCP, TLS or unix-socket connection with Bun's `Bun.connect` semantics. */
export function connectImpl(options: unknown): Promise<TCPSocket> {
  const o = normaliseOptions(options, "connect");
  const tls = o.tls === undefined ? null : buildTls(o.tls, "client", sniHostname(o.target));
  const thisArg = (options as { socket: object }).socket;
  const ctx = new SocketContext(sharedHandlers(thisArg, o.handlers), thisArg);
  const settler = new Settler(ctx);
  const promise = new Promise<TCPSocket>((resolve, reject) => {
    settler.resolve = resolve;
    settler.reject = reject;
  });
  // With a connectError handler the failure is handled: no unhandled rejection (spec §1).
  if (o.handlers.connectError !== undefined) promise.catch(noop);
  if (tls !== null) {
    // TLS runs on the transport's own connections where it can (the handle transport:
    // Node's TLS wrap on its handles), else on node:tls.
    const secure = new TLSSocket(ctx, o.data, o.allowHalfOpen, undefined, settler, new TlsState(tls, false));
    secure[kAttach](selectTransport().connectTls?.(o.target, secure, tls) ?? connectTls(o.target, secure, tls));
    return promise;
  }
  ctx.hostname = sniHostname(o.target);
  const socket = new TCPSocket(ctx, o.data, o.allowHalfOpen, undefined, settler);
  socket[kAttach](selectTransport().connect(o.target, socket));
  return promise;
}
