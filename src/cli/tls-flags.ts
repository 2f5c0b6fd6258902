/**
 * TLS command-line flags turned into Bun's TLSOptions. Pure except for reading the
 * named PEM files, which happens here so an unreadable file is a usage error before
 * any connection is tried.
 */
import { readFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import type { TLSOptions } from "../index.js";
import { type CliError, usageError } from "./exit-codes.js";
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

/** What a flag's PEM file must hold: certificates (--cert, --ca) or a private key (--key). */
export type PemKind = "certificate" | "key";

/** The PEM file flags a command takes. */
type PemFlags = { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };

/** The PEM labels each kind accepts (RFC 7468; OpenSSL's TRUSTED CERTIFICATE and the legacy `RSA`/`EC` key labels). */
const PEM_LABEL: Record<PemKind, RegExp> = {
  certificate: /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/,
  key: /-----BEGIN (?:ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY-----/,
};

/**
 * Reads a PEM file named by a flag. A missing or unreadable file, or one without a PEM
 * block of the kind the flag needs (a key given as --cert, a certificate as --key), is a
 * usage error (exit 2) naming the flag: the TLS library's own words for it
 * (`ERR_OSSL_PEM_NO_START_LINE`, `Invalid CA`) do not say which file is wrong.
 */
export function readPem(path: string, flag: string, command: string, kind: PemKind): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw usageError(`cannot read ${flag} ${path}: ${describeError(e)}`, command);
  }
  if (!PEM_LABEL[kind].test(text)) {
    const want = kind === "key" ? "a PEM private key (-----BEGIN PRIVATE KEY-----)" : "PEM certificates (-----BEGIN CERTIFICATE-----)";
    throw usageError(`${flag} ${path} does not hold ${want}`, command);
  }
  return text;
}

/**
 * Whether an error from connect()/listen() is about the TLS material given (a key that
 * does not match the certificate, an encrypted key, a PEM block that does not parse), as
 * opposed to the network. Those are OpenSSL's codes (Node: ERR_OSSL_*; Bun: ERR_BORINGSSL
 * and the same ERR_OSSL_* names).
 */
export function isTlsMaterialError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^ERR_(?:OSSL_|BORINGSSL)/.test(code);
}

/** Plain words for the refusals people meet most (OpenSSL's reason is the last field of its message). */
const MATERIAL_WORDS: Record<string, string> = {
  KEY_VALUES_MISMATCH: "the --key does not belong to the --cert",
  KEY_TYPE_MISMATCH: "the --key does not belong to the --cert",
  BAD_DECRYPT: "the --key is encrypted (give an unencrypted key)",
};

/** The usage error (exit 2) for TLS material the library refused, naming the flags involved. */
export function tlsMaterialError(error: unknown, flags: string, command: string): CliError {
  const reason = error instanceof Error ? (error.message.split(":").pop() ?? "").trim() : "";
  const words = MATERIAL_WORDS[reason];
  const detail = words === undefined ? describeError(error) : `${words} (${reason})`;
  return usageError(`the TLS material given (${flags}) was refused: ${detail}`, command);
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
  addPemMaterial(tls, flags, command);
  return tls;
}

/** Reads the --ca, --cert and --key files given into `tls` (readPem's usage errors). */
export function addPemMaterial(tls: TLSOptions, flags: PemFlags, command: string): void {
  if (flags.ca !== undefined) tls.ca = readPem(flags.ca, "--ca", command, "certificate");
  if (flags.cert !== undefined) tls.cert = readPem(flags.cert, "--cert", command, "certificate");
  if (flags.key !== undefined) tls.key = readPem(flags.key, "--key", command, "key");
}

/** The PEM flags given, for tlsMaterialError's message (`--ca, --cert, --key`). */
export function givenPemFlags(flags: PemFlags): string {
  return (["ca", "cert", "key"] as const)
    .filter((name) => flags[name] !== undefined)
    .map((name) => `--${name}`)
    .join(", ");
}

/** Names of client TLS flags that were given, to refuse them without `--tls`. */
export function givenClientTlsFlags(flags: ClientTlsFlags): string[] {
  const given: string[] = [];
  for (const name of ["servername", "alpn", "ca", "cert", "key", "insecure"] as const) {
    if (flags[name] !== undefined && flags[name] !== false) given.push(`--${name}`);
  }
  return given;
}
