/**
 * Every error bunsock raises, shaped as real Bun 1.4.5 raises it (spec §1–§4, §6.9).
 *
 * Validation errors carry a Node-style `code` readable through the prototype (Bun's
 * are not own properties) and print as `TypeError [CODE]: message`. Network errors
 * are plain `Error`s with own `code`/`errno`/`syscall`, errno sign as Bun reports it.
 */
import { getSystemErrorMap } from "node:util";

export type ValidationCode = "ERR_INVALID_ARG_TYPE" | "ERR_OUT_OF_RANGE";

type ErrorBase = new (message: string) => Error;

const codedClasses = new Map<string, ErrorBase>();

/** A subclass of `Base` whose instances report `code` and Node's `Name [CODE]: msg` form. */
function codedClass(Base: ErrorBase, code: string): ErrorBase {
  const key = `${Base.name}:${code}`;
  let Cls = codedClasses.get(key);
  if (Cls === undefined) {
    const name = Base.name;
    Cls = class Coded extends Base {
      get code(): string {
        return code;
      }
      override toString(): string {
        return `${name} [${code}]: ${this.message}`;
      }
    };
    Object.defineProperty(Cls.prototype, "name", { value: name, writable: true, configurable: true });
    codedClasses.set(key, Cls);
  }
  return Cls;
}

/** `TypeError` with code `ERR_INVALID_ARG_TYPE`: a value of the wrong type. */
export function invalidArgType(message: string): TypeError {
  const Cls = codedClass(TypeError, "ERR_INVALID_ARG_TYPE");
  return new Cls(message) as TypeError;
}

/** An `Error` whose `code` comes from its prototype, as Bun's `ERR_BORINGSSL` errors (`Invalid CA`). */
export function codedError(code: string, message: string): Error {
  const Cls = codedClass(Error, code);
  return new Cls(message);
}

/** `RangeError` with code `ERR_OUT_OF_RANGE`: a number outside what is allowed. */
export function outOfRange(message: string): RangeError {
  const Cls = codedClass(RangeError, "ERR_OUT_OF_RANGE");
  return new Cls(message) as RangeError;
}

/** Node's (and Bun's) way of printing a large integer: `4_294_967_297`. */
function withSeparators(n: number): string {
  const text = String(n);
  if (!Number.isInteger(n) || Math.abs(n) <= 2 ** 32 || text.includes("e")) return text;
  const start = text.startsWith("-") ? 1 : 0;
  let out = "";
  let i = text.length;
  for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
  return `${text.slice(0, i)}${out}`;
}

/** Bun's `The value of "name" is out of range. It must be >= lo and <= hi. Received v`. */
export function valueOutOfRange(name: string, lo: number, hi: number, received: unknown): RangeError {
  const shown = typeof received === "number" ? withSeparators(received) : String(received);
  return outOfRange(`The value of "${name}" is out of range. It must be >= ${lo} and <= ${hi}. Received ${shown}`);
}

/**
 * A plain `Error` without a code. Bun raises these for a few argument checks
 * (`reload()`, `timeout()`, `upgradeTLS()`); we keep the shape so `catch` code written
 * against Bun sees the same thing.
 */
export function plainError(message: string): Error {
  return new Error(message);
}

/** What Bun prints for a received value in validation messages (`Received type number (42)`). */
export function describeReceived(value: unknown): string {
  if (value === null) return "Received null";
  if (value === undefined) return "Received undefined";
  if (typeof value === "function") return `Received function ${value.name}`;
  if (typeof value === "object") {
    const ctor = (value as { constructor?: { name?: string } }).constructor;
    return ctor?.name ? `Received an instance of ${ctor.name}` : "Received [object Object]";
  }
  let shown = typeof value === "bigint" ? `${value}n` : String(value);
  if (typeof value === "string") shown = `'${value.length > 25 ? `${value.slice(0, 25)}...` : value}'`;
  return `Received type ${typeof value} (${shown})`;
}

let errnoTable: Map<number, [string, string]> | undefined;
const errnoByCode = new Map<string, number>();

function systemErrors(): Map<number, [string, string]> {
  if (errnoTable === undefined) {
    errnoTable = getSystemErrorMap();
    for (const [errno, [code]] of errnoTable) errnoByCode.set(code, errno);
  }
  return errnoTable;
}

/** libuv's (negative) errno for a code such as `ECONNRESET`, or undefined when unknown. */
export function errnoOf(code: string): number | undefined {
  systemErrors();
  return errnoByCode.get(code);
}

/** libuv's short description of an errno, e.g. "connection reset by peer". */
function describeErrno(errno: number): string {
  return systemErrors().get(errno)?.[1] ?? "unknown error";
}

interface SystemErrorInput {
  code?: string;
  errno?: number;
}

/** The (code, negative errno) of any error a runtime's socket layer produced. */
export function normaliseSystemError(err: unknown): { code: string; errno: number } {
  const e = (err ?? {}) as SystemErrorInput;
  let code = typeof e.code === "string" ? e.code : undefined;
  let errno = typeof e.errno === "number" ? e.errno : undefined;
  if (code !== undefined && (errno === undefined || errno > 0)) errno = errnoOf(code) ?? errno;
  if (code === undefined && errno !== undefined) code = systemErrors().get(errno)?.[0];
  return { code: code ?? "UNKNOWN", errno: errno ?? -1 };
}

/**
 * A network error on an established socket, as Bun passes it to `close(socket, error)`:
 * `ECONNRESET: connection reset by peer, read` with own `code`, `errno` (negative), `syscall`.
 */
export function socketError(err: unknown, syscall = "read"): Error {
  const { code, errno } = normaliseSystemError(err);
  const e = new Error(`${code}: ${describeErrno(errno)}, ${syscall}`);
  return Object.assign(e, { code, errno, syscall });
}

/** Bun's connect failure: `Failed to connect` with code/errno/syscall, no address or port. */
export function connectFailure(err: unknown): Error {
  const { code, errno } = normaliseSystemError(err);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL") {
    const host = (err as { hostname?: string }).hostname ?? "";
    return dnsFailure(code, host);
  }
  const e = new Error("Failed to connect");
  return Object.assign(e, { code, syscall: "connect", errno });
}

/** Bun's DNS failure shape (errno is a positive getaddrinfo code, as Bun reports it). */
export function dnsFailure(code: string, hostname: string): Error {
  const e = new Error(`getaddrinfo ${code} ${hostname}`);
  const errno = code === "ENOTFOUND" ? 4 : code === "EAI_AGAIN" ? 2 : 5;
  return Object.assign(e, { code, errno, syscall: "getaddrinfo", hostname });
}

/** Bun's listen failure: `Failed to listen at <host|path>`, positive errno, address (+ port). */
export function listenFailure(errno: number, address: string, port?: number): Error {
  const code = systemErrors().get(errno)?.[0] ?? "UNKNOWN";
  const e = new Error(`Failed to listen at ${address}`);
  Object.assign(e, { code, errno: Math.abs(errno), syscall: "listen", address });
  if (port !== undefined) Object.assign(e, { port });
  return e;
}

/** Bun's error for a listen hostname that does not resolve: no code at all (spec §2). */
export function listenUnresolved(hostname: string): Error {
  return new Error(`Failed to listen at ${hostname}`);
}

/** Copy of an error with the same own properties: Bun hands `connectError` and the rejection different objects. */
export function cloneError(err: Error): Error {
  const copy = new Error(err.message);
  for (const key of Object.keys(err)) (copy as unknown as Record<string, unknown>)[key] = (err as unknown as Record<string, unknown>)[key];
  copy.stack = err.stack;
  return copy;
}
