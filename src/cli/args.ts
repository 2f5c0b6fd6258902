/**
 * Argument parsing on node:util's parseArgs (no runtime dependency), with every
 * failure turned into a one-line usage error that names the command's --help.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./exit-codes.js";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** Parses `argv` strictly: unknown options, missing values and stray `--x=y` are usage errors. */
export function parseCommand<O extends OptionsConfig>(
  command: string,
  argv: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' messages are already one readable line (e.g. "Unknown option '--x'").
    const message = e instanceof Error ? e.message.split("\n")[0] ?? String(e) : String(e);
    throw usageError(message.replace(/\. To specify a positional argument.*$/, ""), command);
  }
}

/** A TCP port: an integer in 0–65535, written in decimal. */
export function parsePort(text: string, command: string, what = "port"): number {
  if (!/^\d{1,5}$/.test(text)) throw usageError(`${what} must be a number from 0 to 65535, got '${text}'`, command);
  const port = Number(text);
  if (port > 65535) throw usageError(`${what} must be a number from 0 to 65535, got '${text}'`, command);
  return port;
}

/** A non-negative number of seconds (fractions allowed). */
export function parseSeconds(text: string, command: string, what: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw usageError(`${what} must be a positive number of seconds, got '${text}'`, command);
  }
  return n;
}

/**
 * `HOST:PORT`, `[IPv6]:PORT`; a bare IPv6 address needs the brackets because its own
 * colons would be ambiguous. The brackets are removed from the returned host.
 */
export function parseHostPort(text: string, command: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracketed !== null) return { host: bracketed[1] as string, port: parsePort(bracketed[2] as string, command) };
  const i = text.lastIndexOf(":");
  if (i <= 0 || text.indexOf(":") !== i) {
    throw usageError(`expected HOST:PORT (IPv6 as [ADDR]:PORT), got '${text}'`, command);
  }
  return { host: text.slice(0, i), port: parsePort(text.slice(i + 1), command) };
}

/** `host:port`, with brackets around IPv6 addresses, for messages. */
export function formatHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Exactly `n` positionals, or a usage error naming what was expected. */
export function expectPositionals(positionals: string[], names: string[], command: string): string[] {
  if (positionals.length !== names.length) {
    const expected = names.length === 0 ? "no arguments" : names.join(" ");
    const got = positionals.length === 0 ? "none" : positionals.map((p) => `'${p}'`).join(" ");
    throw usageError(`expected ${expected}, got ${got}`, command);
  }
  return positionals;
}
