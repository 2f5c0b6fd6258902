/**
 * Pure normalisation of `write(data, byteOffset?, byteLength?)` / `end(...)` arguments
 * to a byte view, with Bun's rules and errors (spec §4 "write"):
 * offsets apply to strings too (in UTF-8 bytes), a string second argument is an
 * encoding, and the default byteLength is the whole length, not the remainder.
 */
import { Buffer } from "node:buffer";
import { describeReceived, invalidArgType, valueOutOfRange } from "./errors.js";

/** A Blob is accepted but can only be read asynchronously on Node (see socket.ts). */
export type WriteInput = Uint8Array | Blob;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An empty view: what `write()`/`write(undefined)`/`write('')` send (and return 0 for). */
export const EMPTY = new Uint8Array(0);

function toBytes(data: unknown, encoding: unknown): WriteInput {
  if (typeof data === "string" || data instanceof String) {
    const s = String(data);
    const enc = typeof encoding === "string" && Buffer.isEncoding(encoding) ? encoding : "utf8";
    return Buffer.from(s, enc);
  }
  // Bytes already (Buffers included) are used as they are: no view object per write.
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && data instanceof SharedArrayBuffer)) {
    // A detached buffer has byteLength 0 (Node 20 lacks ArrayBuffer.prototype.detached).
    return data.byteLength === 0 ? EMPTY : new Uint8Array(data);
  }
  if (typeof Blob !== "undefined" && data instanceof Blob) return data;
  throw invalidArgType(`The "data" argument must be of type string, buffer, or blob. ${describeReceived(data)}`);
}

function checkInteger(name: "byteOffset" | "byteLength", v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw invalidArgType(`Expected ${name} to be a integer for 'Socket.write'.`);
  }
  if (v < 0) throw valueOutOfRange(name, 0, MAX_SAFE, v);
  return v;
}

/** Bun's own error for a string encoding combined with offsets on binary data. */
function encodingWithOffsetsError(): Error {
  const e = new Error("Support encoding with offset and length altogether. Only either is supported for now.");
  e.name = "TODOError";
  return e;
}

/**
 * The bytes one `write()`/`end()` call asks to send, as a view (no copy) or a Blob.
 * Throws Bun's TypeError/RangeError for bad arguments before anything is sent.
 */
export function writeInput(args: IArguments | readonly unknown[]): WriteInput {
  const data = args[0];
  if (args.length === 0 || data === undefined) return EMPTY;
  const second = args[1];
  const third = args[2];
  const isString = typeof data === "string" || data instanceof String;
  if (typeof second === "string") {
    if (!isString && third !== undefined) throw encodingWithOffsetsError();
    return toBytes(data, second);
  }
  const bytes = toBytes(data, undefined);
  if (second === undefined && third === undefined) return bytes;
  if (!(bytes instanceof Uint8Array)) return bytes;
  const size = bytes.byteLength;
  const offset = second === undefined ? 0 : checkInteger("byteOffset", second);
  if (offset > size) throw valueOutOfRange("byteOffset", 0, size, offset);
  const length = third === undefined ? size : checkInteger("byteLength", third);
  if (offset + length > size) throw valueOutOfRange("byteLength", 0, size - offset, length);
  return bytes.subarray(offset, offset + length);
}
