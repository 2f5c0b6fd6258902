/**
 * Argument checks of `socket.upgradeTLS(options)` (STARTTLS), in Bun's order and with
 * Bun's errors (spec §5 upgradeTLS): mostly plain Errors without a code.
 */
import { invalidArgType, plainError } from "../errors.js";
import { hasEffectiveTlsKey, validateHandlers, type Handlers } from "../options.js";
import { readTlsOptions, type TlsRead } from "./tls-options.js";

export interface UpgradeRequest {
  readonly handlers: Handlers;
  readonly handlerObject: object;
  /** The TLS options, read and type-checked; buildTls checks the material. */
  readonly tls: TlsRead;
  readonly data: unknown;
}

const isObjectLike = (v: unknown): v is Record<string, unknown> => (typeof v === "object" && v !== null) || typeof v === "function";

/**
 * Validates upgradeTLS() arguments; `established` is whether the socket can still be
 * upgraded. Bun's order (1.4.5): arity, an established socket, an options object
 * (functions count), `socket`, the handler table, `tls` an object (not an array), its
 * keys' types, then whether it has an effective key.
 */
export function validateUpgrade(args: readonly unknown[], established: boolean): UpgradeRequest {
  if (args.length === 0) throw plainError("Expected 1 arguments");
  if (!established) throw invalidArgType("upgradeTLS requires an established socket");
  const o = args[0];
  if (!isObjectLike(o)) throw plainError("Expected options object");
  // Only undefined is missing: null goes on to the handler check (a TypeError).
  if (o.socket === undefined) throw plainError('Expected "socket" option');
  const handlers = validateHandlers(o.socket);
  const tls = o.tls;
  // An empty string is no tls option at all here (connect() refuses it as a non-object).
  if (tls !== undefined && tls !== null && tls !== "" && typeof tls !== "boolean" && (!isObjectLike(tls) || Array.isArray(tls))) {
    throw invalidArgType("TLSOptions must be an object");
  }
  if (tls === true) return { handlers, handlerObject: o.socket as object, tls: readTlsOptions(true), data: o.data };
  const read = isObjectLike(tls) ? readTlsOptions(tls) : undefined;
  if (read === undefined || !hasEffectiveTlsKey(tls as Record<string, unknown>)) throw plainError('Expected "tls" option');
  return { handlers, handlerObject: o.socket as object, tls: read, data: o.data };
}
