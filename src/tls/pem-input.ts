/**
 * TLS material (`key`, `cert`, `ca`) in every form Bun takes on Node: string,
 * ArrayBuffer or view, or an array of these; checked with Bun's messages and
 * turned into what node:tls takes.
 */
import { Buffer } from "node:buffer";
import { invalidArgType } from "../errors.js";

export type PemValue = string | Buffer;

function isBytes(v: unknown): v is ArrayBufferLike | ArrayBufferView {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && v instanceof SharedArrayBuffer);
}

/** Bun reads a BunFile but refuses any other Blob; Node has no BunFile (docs/compat.md). */
function single(name: string, v: unknown): PemValue | undefined {
  if (typeof v === "string") return v;
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (isBytes(v)) return Buffer.from(v as ArrayBuffer);
  if (typeof Blob === "function" && v instanceof Blob) {
    throw invalidArgType(`TLSOptions.${name} is not a valid BunFile (non-BunFile \`Blob\`s are not supported)`);
  }
  return undefined;
}

/** Validates one of `key`/`cert`/`ca`; returns its entries (none when absent). */
export function pemList(name: "key" | "cert" | "ca" | "crl", value: unknown): PemValue[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const out: PemValue[] = [];
    for (const item of value) {
      const v = single(name, item);
      if (v === undefined) throw invalidArgType(`element of TLSOptions.${name} must be of type string, ArrayBuffer, or Blob`);
      out.push(v);
    }
    return out;
  }
  const v = single(name, value);
  if (v === undefined) {
    throw invalidArgType(`TLSOptions.${name} must be of type string, ArrayBuffer, Blob, array of <string, ArrayBuffer, or Blob>, or null`);
  }
  return [v];
}

/** Whether the text has a PEM block at all (BoringSSL's NO_START_LINE otherwise, even for ''). */
export function hasPemBlock(v: PemValue): boolean {
  return (typeof v === "string" ? v : v.toString("latin1")).includes("-----BEGIN ");
}

/** The PEM certificate blocks of a CA entry. */
export function certificateBlocks(v: PemValue): string[] {
  const text = typeof v === "string" ? v : v.toString("latin1");
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}
