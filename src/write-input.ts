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

/** How many bytes a write carries. */
export function writeSize(input: WriteInput): number {
  return input instanceof Uint8Array ? input.byteLength : input.size;
}

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

/** Bun's integers here are safe integers, and -0 is not one (it throws as 1.5 does). */
function checkInteger(name: "byteOffset" | "byteLength", v: unknown, method: WriteMethod): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || Object.is(v, -0)) {
    throw invalidArgType(`Expected ${name} to be a integer for 'Socket.${method}'.`);
  }
  if (v < 0) throw valueOutOfRange(name, 0, MAX_SAFE, v);
  return v;
}

/** Bun's own error for an encoding combined with an offset or a length. */
function encodingWithOffsetsError(): Error {
  const e = new Error(
    "Support encoding with offset and length altogether. Only either encoding or offset, length is supported, but not both combinations yet.",
  );
  e.name = "TODOError";
  return e;
}

const isStringLike = (v: unknown): v is string | String => typeof v === "string" || v instanceof String;

export type WriteMethod = "write" | "end";

/**
 * The bytes one `write()`/`end()` call asks to send, as a view (no copy) or a Blob.
 * Throws Bun's TypeError/RangeError for bad arguments before anything is sent, in
 * Bun's order (observed on Bun 1.4.5):
 *   1. no data (no argument, or undefined) → nothing, whatever follows;
 *   2. a string (or String object) second argument is an encoding, and so is a string
 *      third one after an undefined second; an encoding next to any other offset or
 *      length argument is Bun's TODOError, before the data is even looked at;
 *   3. the data's type;
 *   4. offset: an integer (TypeError), not negative (RangeError); then the length the same
 *      way; then offset ≤ size and offset + length ≤ size (RangeError). The default
 *      length is the whole size, not the remainder. Blobs are sliced like bytes.
 */
export function writeInput(args: IArguments | readonly unknown[], method: WriteMethod = "write"): WriteInput {
  const data = args[0];
  if (args.length === 0 || data === undefined) return EMPTY;
  const second = args[1];
  const third = args[2];
  let encoding: unknown;
  if (isStringLike(second)) {
    if (third !== undefined) throw encodingWithOffsetsError();
    encoding = String(second);
  } else if (isStringLike(third)) {
    if (second !== undefined) throw encodingWithOffsetsError();
    encoding = String(third);
  }
  const bytes = toBytes(data, encoding);
  if (encoding !== undefined || (second === undefined && third === undefined)) return bytes;
  const size = writeSize(bytes);
  const offset = second === undefined ? 0 : checkInteger("byteOffset", second, method);
  const length = third === undefined ? size : checkInteger("byteLength", third, method);
  if (offset > size) throw valueOutOfRange("byteOffset", 0, size, offset);
  if (offset + length > size) throw valueOutOfRange("byteLength", 0, size - offset, length);
  return bytes instanceof Uint8Array ? bytes.subarray(offset, offset + length) : bytes.slice(offset, offset + length);
}
