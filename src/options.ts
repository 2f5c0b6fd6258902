/**
 * Pure validation and normalisation of `connect`/`listen`/`reload` options.
 * The checks run in the order real Bun runs them, so the first failing check
 * raises the same error class, code and message as on Bun (spec §1 "Validation precedence").
 */
import { invalidArgType, outOfRange, plainError } from "./errors.js";
import type { BinaryType } from "./types.js";
import { readTlsOptions, TLS_KEYS, type TlsRead } from "./tls/tls-options.js";

/** Handler function as stored internally: loosely typed, called with the socket first. */
export type HandlerFn = (...args: never[]) => unknown;

/** A validated handler table; absent handlers are `undefined`. Frozen once built. */
export interface Handlers {
  readonly open: HandlerFn | undefined;
  readonly close: HandlerFn | undefined;
  readonly data: HandlerFn | undefined;
  readonly drain: HandlerFn | undefined;
  readonly timeout: HandlerFn | undefined;
  readonly connectError: HandlerFn | undefined;
  readonly end: HandlerFn | undefined;
  readonly error: HandlerFn | undefined;
  readonly handshake: HandlerFn | undefined;
  readonly binaryType: BinaryType;
}

/** Where to connect or listen. */
export type Target =
  | { readonly kind: "tcp"; readonly hostname: string; readonly port: number }
  | { readonly kind: "unix"; readonly path: string }
  | { readonly kind: "fd"; readonly fd: number };

export interface NormalisedOptions {
  readonly handlers: Handlers;
  readonly data: unknown;
  readonly allowHalfOpen: boolean;
  readonly target: Target;
  /**
   * The TLS options, read and type-checked (material not yet checked: see buildTls).
   * undefined = plain TCP (Bun treats `{}` and option objects without an effective key as no TLS).
   */
  readonly tls: TlsRead | undefined;
  readonly exclusive: boolean;
  readonly reusePort: boolean;
  readonly ipv6Only: boolean;
}

/** Bun's internal handler names, which its messages use (`Expected "onWritable" callback ...`). */
const HANDLER_NAMES = [
  ["open", "onOpen"],
  ["close", "onClose"],
  ["data", "onData"],
  ["drain", "onWritable"],
  ["timeout", "onTimeout"],
  ["connectError", "onConnectError"],
  ["end", "onEnd"],
  ["error", "onError"],
  ["handshake", "onHandshake"],
] as const;

const BINARY_TYPES: ReadonlySet<unknown> = new Set(["arraybuffer", "buffer", "uint8array"]);

type Bag = Record<string, unknown>;

function isAbsent(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

function isObjectLike(v: unknown): v is Bag {
  return (typeof v === "object" && v !== null) || typeof v === "function";
}

/** `binaryType`: only undefined is absent; null or a String object is "not a string". */
function checkBinaryType(socket: Bag): BinaryType {
  const bt = socket.binaryType;
  if (bt === undefined) return "buffer";
  if (typeof bt !== "string") throw invalidArgType("SocketHandler.binaryType must be a string");
  if (!BINARY_TYPES.has(bt)) {
    throw invalidArgType('SocketHandler.binaryType must be "arraybuffer", "buffer", or "uint8array"');
  }
  return bt as BinaryType;
}

function checkHandlerTable(socket: Bag, binaryType: BinaryType): Handlers {
  const table: Record<string, unknown> = { binaryType };
  for (const [key, bunName] of HANDLER_NAMES) {
    const fn = socket[key];
    if (isAbsent(fn)) {
      table[key] = undefined;
    } else if (typeof fn !== "function") {
      throw invalidArgType(`Expected "${bunName}" callback to be a function`);
    } else {
      table[key] = fn;
    }
  }
  if (table.data === undefined && table.drain === undefined) {
    throw invalidArgType('Expected at least "data" or "drain" callback');
  }
  return Object.freeze(table) as unknown as Handlers;
}

function checkSocketObject(socket: unknown): Bag {
  if (!isObjectLike(socket) || Array.isArray(socket)) throw invalidArgType("SocketHandler must be an object");
  return socket;
}

/** Validates a `socket: {...}` handler table on its own (reload, upgradeTLS). */
export function validateHandlers(socket: unknown): Handlers {
  const bag = checkSocketObject(socket);
  return checkHandlerTable(bag, checkBinaryType(bag));
}

/** Only undefined is absent here: Bun refuses null for the boolean options. */
function checkBoolean(opts: Bag, key: string): boolean {
  const v = opts[key];
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw invalidArgType(`SocketOptions.${key} must be a boolean`);
  return v;
}

/** ToNumber as Bun applies it to `port` (strings, BigInt and booleans coerce). */
function portNumber(port: unknown): number {
  if (typeof port === "bigint") return Number(port);
  if (typeof port === "symbol") return Number.NaN;
  return Number(port);
}

function checkPort(port: unknown): number | undefined {
  if (isAbsent(port)) return undefined;
  const n = portNumber(port);
  if (!Number.isInteger(n)) throw outOfRange(`SocketOptions.port must be an integer (received ${n})`);
  if (n < 0 || n > 65535) throw outOfRange(`SocketOptions.port must be in the range [0, 65535] (received ${n})`);
  return n;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** `fd`: a number (or BigInt) that is an i32; null is not "absent" here. */
function checkFd(fd: unknown): number | undefined {
  if (fd === undefined) return undefined;
  if (typeof fd !== "number" && typeof fd !== "bigint") throw invalidArgType("SocketOptions.fd must be a number");
  const n = Number(fd);
  if (!Number.isInteger(n)) throw outOfRange(`SocketOptions.fd must be an integer (received ${n})`);
  if (n < I32_MIN || n > I32_MAX) throw outOfRange(`SocketOptions.fd must be in the range [${I32_MIN}, ${I32_MAX}] (received ${n})`);
  return n;
}

/**
 * Whether a TLS options object means "use TLS" (spec §5, §6.5): one of Bun's TLS keys
 * with a value; `requestCert`/`lowMemoryMode` only when true, `secureOptions` only when
 * not 0. Other keys (`{foo: 1}`) do not count, on Bun 1.4.5 as observed.
 */
export function hasEffectiveTlsKey(tls: Bag): boolean {
  for (const key of TLS_KEYS) {
    const v = tls[key];
    if (v === undefined || v === null) continue;
    if (key === "requestCert" || key === "lowMemoryMode") {
      if (v === true) return true;
      continue;
    }
    if (key === "secureOptions") {
      if (Number(v) !== 0) return true;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * `tls`: an object is always read (its keys type-checked) where Bun meets the option,
 * and means TLS only with an effective key; a function counts as an object.
 */
function checkTls(tls: unknown): TlsRead | undefined {
  if (isAbsent(tls) || tls === false) return undefined;
  if (tls === true) return readTlsOptions(true);
  if (!isObjectLike(tls) || Array.isArray(tls)) throw invalidArgType("TLSOptions must be an object");
  const read = readTlsOptions(tls);
  return hasEffectiveTlsKey(tls) ? read : undefined;
}

/**
 * `hostname` (else `host`): any falsy value (0, false, NaN, '', null) is no hostname at
 * all; anything else is taken as a string, which must not be empty (`[]`, `{toString}`).
 */
function hostnameOf(opts: Bag): string | undefined {
  let h = opts.hostname;
  if (h === undefined) h = opts.host;
  if (!h) return undefined;
  const name = String(h);
  if (name === "") throw invalidArgType('Expected a non-empty "hostname"');
  return name;
}

/**
 * Validates and normalises `connect()` or `listen()` options in Bun's precedence order.
 * @param what "connect" or "listen": the two differ only in the message for a missing options object.
 */
export function normaliseOptions(options: unknown, what: "connect" | "listen"): NormalisedOptions {
  if (typeof options !== "object" || options === null) {
    throw invalidArgType(what === "connect" ? "Expected options object" : "Expected object");
  }
  const opts = options as Bag;
  if (opts.socket === undefined) throw invalidArgType("SocketOptions.socket is required");
  const socket = checkSocketObject(opts.socket);
  const binaryType = checkBinaryType(socket);
  const allowHalfOpen = checkBoolean(opts, "allowHalfOpen");
  const port = checkPort(opts.port);
  const tls = checkTls(opts.tls);
  const exclusive = checkBoolean(opts, "exclusive");
  const reusePort = checkBoolean(opts, "reusePort");
  const ipv6Only = checkBoolean(opts, "ipv6Only");
  const unixRaw = opts.unix;
  if (!isAbsent(unixRaw) && typeof unixRaw !== "string") throw invalidArgType("SocketOptions.unix must be a string");
  const fd = checkFd(opts.fd);
  const handlers = checkHandlerTable(socket, binaryType);

  let target: Target;
  // A file descriptor wins over a unix path and a hostname, for listen() too (Bun 1.4.5).
  if (fd !== undefined) {
    target = { kind: "fd", fd };
  } else if (typeof unixRaw === "string" && unixRaw !== "") {
    target = { kind: "unix", path: unixRaw };
  } else {
    const hostname = hostnameOf(opts);
    if (hostname === undefined) throw invalidArgType('Expected either "hostname" or "unix"');
    if (port === undefined) throw invalidArgType('Missing "port"');
    target = { kind: "tcp", hostname, port };
  }
  return { handlers, data: opts.data, allowHalfOpen, target, tls, exclusive, reusePort, ipv6Only };
}

/**
 * Validates `reload(options)` arguments. A listener and a socket word these errors
 * differently on Bun (spec §2 vs §4): the listener throws a coded TypeError for a
 * non-object and says `"socket" object`; a socket throws plain Errors throughout.
 */
export function normaliseReload(args: readonly unknown[], owner: "listener" | "socket"): Handlers {
  if (args.length === 0) throw plainError("Expected 1 argument");
  const options = args[0];
  if (!isObjectLike(options)) {
    throw owner === "listener" ? invalidArgType("Expected options object") : plainError("Expected options object");
  }
  const socket = (options as Bag).socket;
  if (socket === undefined) {
    throw plainError(owner === "listener" ? 'Expected "socket" object' : 'Expected "socket" option');
  }
  return validateHandlers(socket);
}
