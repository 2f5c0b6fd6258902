/**
 * Pure conversions of received bytes to the `binaryType` a handler table asked for.
 * Node hands each read its own backing store (byteOffset 0, exact length), so the
 * conversions below are zero-copy in the common case, as on Bun (spec §4 binaryType).
 */
import { Buffer } from "node:buffer";
import type { BinaryType } from "./types.js";

/** Converts one received chunk; the chunk is never shared with another event. */
export function toBinaryType(chunk: Buffer, type: BinaryType): Buffer | ArrayBuffer | Uint8Array {
  switch (type) {
    case "buffer":
      return chunk;
    case "uint8array":
      return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    case "arraybuffer":
      if (chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.byteLength && chunk.buffer instanceof ArrayBuffer) {
        return chunk.buffer;
      }
      return chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
  }
}

/** Joins chunks held while paused into one, as Bun coalesces them into a single event. */
export function coalesce(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
