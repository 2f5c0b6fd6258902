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

  constructor(handlers: Handlers, thisArg: object) {
    this.handlers = handlers;
    this.thisArg = thisArg;
  }

  reload(handlers: Handlers, thisArg: object): void {
    this.handlers = handlers;
    this.thisArg = thisArg;
  }
}
