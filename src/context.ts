/**
 * A socket context: the handler table shared by every socket of a listener (or owned
 * by one client socket). Sockets point at their context, so `reload()` swaps the
 * table for all of them at once and no socket carries its own closures.
 */
import type { Handlers } from "./options.js";

export class SocketContext {
  /** The validated, frozen table; replaced wholesale by reload(). */
  handlers: Handlers;
  /** The user's handler object, used as `this` when calling handlers (they are methods of it). */
  thisArg: object;
  /** A client's: the host name connect() was given (its default SNI if it upgrades to TLS). */
  hostname: string | undefined = undefined;

  constructor(handlers: Handlers, thisArg: object) {
    this.handlers = handlers;
    this.thisArg = thisArg;
  }

  reload(handlers: Handlers, thisArg: object): void {
    this.handlers = handlers;
    this.thisArg = thisArg;
  }
}

/** Every key of a handler table, for comparing two of them. */
const HANDLER_KEYS = Object.keys({
  open: true,
  close: true,
  data: true,
  drain: true,
  timeout: true,
  connectError: true,
  end: true,
  error: true,
  handshake: true,
  binaryType: true,
} satisfies { [K in keyof Handlers]: true }) as (keyof Handlers)[];

const tables = new WeakMap<object, Handlers>();

/**
 * The table to use for a client's handlers: connections made with one handler object
 * (the usual pattern) share one frozen table while its functions stay the same, instead
 * of keeping one each (about 120 bytes per idle connection). Tables are never mutated,
 * so sharing is invisible; reload() replaces a context's table, never edits it.
 */
export function sharedHandlers(thisArg: object, handlers: Handlers): Handlers {
  const known = tables.get(thisArg);
  if (known !== undefined && HANDLER_KEYS.every((k) => known[k] === handlers[k])) return known;
  tables.set(thisArg, handlers);
  return handlers;
}
