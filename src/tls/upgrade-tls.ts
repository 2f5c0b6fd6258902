/**
 * Argument checks of `socket.upgradeTLS(options)` (STARTTLS), in Bun's order and with
 * Bun's errors (spec §5 upgradeTLS): mostly plain Errors without a code.
 */
import { invalidArgType, plainError } from "../errors.js";
import { validateHandlers, type Handlers } from "../options.js";
import type { TLSOptions } from "../types.js";

export interface UpgradeRequest {
  readonly handlers: Handlers;
  readonly handlerObject: object;
  readonly tls: TLSOptions | true;
  readonly data: unknown;
}

/** Validates upgradeTLS() arguments; `established` is whether the socket can still be upgraded. */
export function validateUpgrade(args: readonly unknown[], established: boolean): UpgradeRequest {
  if (args.length === 0) throw plainError("Expected 1 arguments");
  const options = args[0];
  if (typeof options !== "object" || options === null) throw plainError("Expected options object");
  const o = options as Record<string, unknown>;
  if (!established) throw invalidArgType("upgradeTLS requires an established socket");
  if (o.socket === undefined || o.socket === null) throw plainError('Expected "socket" option');
  const tls = o.tls;
  if (tls !== undefined && tls !== null && typeof tls !== "boolean" && typeof tls !== "object") {
    throw invalidArgType("TLSOptions must be an object");
  }
  const handlers = validateHandlers(o.socket);
  const effective = tls === true || (typeof tls === "object" && tls !== null && Object.values(tls).some((v) => v !== undefined));
  if (!effective) throw plainError('Expected "tls" option');
  return { handlers, handlerObject: o.socket as object, tls: tls as TLSOptions | true, data: o.data };
}
