/**
 * TLS command-line flags turned into Bun's TLSOptions. Pure except for reading the
 * named PEM files, which happens here so an unreadable file is a usage error before
 * any connection is tried.
 */
import { readFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import type { TLSOptions } from "../index.js";
import { usageError } from "./exit-codes.js";
import { describeError } from "./describe-error.js";

/**
 * Bun takes ALPNProtocols in wire format (spec §5, §6.6): each name prefixed by its
 * length in one byte. A plain string such as "h2" would negotiate nothing, so the CLI's
 * comma-separated list (`h2,http/1.1`) is converted here.
 */
export function alpnWireFormat(list: string, command: string): Buffer {
  const names = list.split(",").map((s) => s.trim());
  const parts: Buffer[] = [];
  for (const name of names) {
    const bytes = Buffer.from(name, "utf8");
    if (bytes.length === 0 || bytes.length > 255) {
      throw usageError(`--alpn wants comma-separated protocol names of 1 to 255 bytes, got '${list}'`, command);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  return Buffer.concat(parts);
}

/** The names in a wire-format ALPN list, for display. */
export function alpnNames(wire: Uint8Array): string[] {
  const names: string[] = [];
  for (let i = 0; i < wire.length; ) {
    const n = wire[i] as number;
    names.push(Buffer.from(wire.subarray(i + 1, i + 1 + n)).toString("utf8"));
    i += 1 + n;
  }
  return names;
}

/** Reads a PEM file named by a flag; a missing or unreadable file is a usage error. */
export function readPem(path: string, flag: string, command: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw usageError(`cannot read ${flag} ${path}: ${describeError(e)}`, command);
  }
}

/** The client-side TLS flags shared by `connect --tls` and `probe`. */
export interface ClientTlsFlags {
  servername?: string | undefined;
  alpn?: string | undefined;
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  insecure?: boolean | undefined;
}

/** parseArgs option specs for the client TLS flags. */
export const CLIENT_TLS_OPTIONS = {
  servername: { type: "string" },
  alpn: { type: "string" },
  ca: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  insecure: { type: "boolean", short: "k" },
} as const;

export const CLIENT_TLS_HELP = `  --servername NAME     SNI and the name the certificate must match (default: HOST)
  --alpn LIST           offer ALPN protocols, comma-separated (e.g. h2,http/1.1)
  --ca FILE             trust this CA (PEM) instead of the system store
  --cert FILE --key FILE
                        present a client certificate (PEM)
  -k, --insecure        do not reject an unverified certificate (still reported with -v)`;

/**
 * Builds Bun's client TLSOptions. `rejectUnauthorized` is always set: Bun treats
 * `tls: {}` as plain TCP (spec §5), and an explicit value makes the object effective.
 */
export function clientTlsOptions(flags: ClientTlsFlags, command: string): TLSOptions {
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    throw usageError("--cert and --key go together", command);
  }
  const tls: TLSOptions = { rejectUnauthorized: flags.insecure !== true };
  if (flags.servername !== undefined) {
    if (flags.servername === "") throw usageError("--servername must not be empty", command);
    tls.serverName = flags.servername;
  }
  if (flags.alpn !== undefined) tls.ALPNProtocols = alpnWireFormat(flags.alpn, command);
  if (flags.ca !== undefined) tls.ca = readPem(flags.ca, "--ca", command);
  if (flags.cert !== undefined) tls.cert = readPem(flags.cert, "--cert", command);
  if (flags.key !== undefined) tls.key = readPem(flags.key, "--key", command);
  return tls;
}

/** Names of client TLS flags that were given, to refuse them without `--tls`. */
export function givenClientTlsFlags(flags: ClientTlsFlags): string[] {
  const given: string[] = [];
  for (const name of ["servername", "alpn", "ca", "cert", "key", "insecure"] as const) {
    if (flags[name] !== undefined && flags[name] !== false) given.push(`--${name}`);
  }
  return given;
}
