/**
 * SocketListener: what listen() returns (spec §2). Accepted sockets share the
 * listener's context (handlers) and its `data` object.
 */
import type { SocketContext } from "./context.js";
import { invalidArgType, plainError } from "./errors.js";
import { normaliseReload } from "./options.js";
import { kAccepted, kAdoptSocket, kAttach, kForgetSocket, TCPSocket, type OwningListener } from "./socket.js";
import type { Connection, ConnectionOwner, ListenSettings, ServerHandle, Transport } from "./transport/transport.js";
import type { Target } from "./options.js";
import { listenTls } from "./transport/node-tls.js";
import type { TlsConfig } from "./tls/tls-options.js";
import { TlsState } from "./tls/tls-state.js";
import { TLSSocket } from "./tls/tls-socket.js";
import "./tls/starttls.js";

export class SocketListener implements OwningListener {
  #ctx: SocketContext;
  #server: ServerHandle;
  #sockets = new Set<TCPSocket>();
  #allowHalfOpen: boolean;
  #hostname: string | undefined;
  #unix: string | undefined;
  #stopped = false;
  #data: unknown;
  #tls: TlsConfig | null;

  /** @internal Created by listen(). Binds synchronously and throws Bun's listen errors. */
  constructor(
    transport: Transport,
    target: Target,
    settings: ListenSettings,
    ctx: SocketContext,
    data: unknown,
    allowHalfOpen: boolean,
    tls: TlsConfig | null,
  ) {
    this.#ctx = ctx;
    this.#tls = tls;
    this.#data = data;
    this.#allowHalfOpen = allowHalfOpen;
    this.#hostname = target.kind === "tcp" ? target.hostname : undefined;
    this.#unix = target.kind === "unix" ? target.path : undefined;
    const accept = (conn: Connection): ConnectionOwner => this.#accept(conn);
    // TLS runs on the transport's own connections where it can, else on node:tls.
    this.#server =
      tls === null
        ? transport.listen(target, settings, accept)
        : (transport.listenTls?.(target, settings, tls, accept) ?? listenTls(target, settings, tls, accept));
  }

  #accept(conn: Connection): ConnectionOwner {
    const tls = this.#tls;
    const socket =
      tls === null
        ? new TCPSocket(this.#ctx, this.#data, this.#allowHalfOpen, this, null)
        : new TLSSocket(this.#ctx, this.#data, this.#allowHalfOpen, this, null, new TlsState(tls, true));
    socket[kAttach](conn);
    this.#sockets.add(socket);
    conn.owner = socket;
    socket[kAccepted]();
    // `open` may have handed the connection on (upgradeTLS): its owner is whoever holds it now.
    return conn.owner ?? socket;
  }

  /** @internal */
  [kForgetSocket](socket: TCPSocket): void {
    this.#sockets.delete(socket);
  }

  /** @internal The two sockets STARTTLS makes of an accepted one belong to this listener too. */
  [kAdoptSocket](socket: TCPSocket): void {
    this.#sockets.add(socket);
  }

  /** Shared by reference with every socket accepted after it is set (spec §2). */
  get data(): unknown {
    return this.#data;
  }

  set data(value: unknown) {
    this.#data = value;
  }

  get port(): number | undefined {
    return this.#server.port;
  }

  get hostname(): string | undefined {
    return this.#hostname;
  }

  get unix(): string | undefined {
    return this.#unix;
  }

  get fd(): number {
    return this.#server.fd();
  }

  /**
   * Fills `out` (any object, functions included) with the bound address (nothing for
   * unix sockets); Bun's non-typed extra. A stopped listener has no address: Bun then
   * returns without looking at `out`.
   */
  getsockname(out: unknown): void {
    if (this.#stopped) return;
    if ((typeof out !== "object" && typeof out !== "function") || out === null) throw invalidArgType("Expected object");
    const a = this.#server.address();
    if (a !== undefined && this.#unix === undefined) Object.assign(out, a);
  }

  /** Stops accepting; with `true`, also closes every accepted socket (even after an earlier stop()). */
  stop(closeActiveConnections?: boolean): void {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#server.close();
    }
    if (closeActiveConnections === true) {
      for (const socket of [...this.#sockets]) socket.close();
    }
  }

  ref(): void {
    this.#server.ref();
  }

  unref(): void {
    this.#server.unref();
  }

  /** Swaps the handlers of every socket of this listener, present and future. */
  reload(options: unknown): void {
    void options;
    // A stopped listener keeps its handler table while it has sockets; once they are all
    // gone Bun says so with this plain Error, whatever the argument.
    if (this.#stopped && this.#sockets.size === 0) throw plainError("Expected 1 argument");
    const handlers = normaliseReload(arguments as unknown as unknown[], "listener");
    this.#ctx.reload(handlers, (arguments[0] as { socket: object }).socket);
  }

  [Symbol.dispose](): void {
    this.stop(true);
  }

  get [Symbol.toStringTag](): string {
    return "Listener";
  }
}

// Bun's listeners are plain objects: `listener.constructor.name` is "Object" there too.
Object.defineProperty(SocketListener.prototype, "constructor", { value: Object, writable: true, configurable: true });
