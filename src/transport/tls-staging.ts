/**
 * Same-turn TLS writes, staged: both TLS routes (node:tls and the handle transport's
 * TLSWrap) finish a write a turn later, so writes made meanwhile are copied into one
 * reused buffer and handed over together instead of queueing one by one.
 */
import { Buffer } from "node:buffer";

/** Staged bytes up to this much are treated as sent (a second write in a turn is accepted, as on Bun). */
export const TLS_SLACK = 256 * 1024;
const MIN_STAGING = 64 * 1024;
/** A staging buffer grown past this (a burst) is let go once flushed. */
export const MAX_KEPT_STAGING = 512 * 1024;

export interface Staging {
  staged: Buffer | null;
  stagedLength: number;
}

/** Appends a copy of `bytes` to what `s` has staged, growing its buffer when needed. */
export function stageCopy(s: Staging, bytes: Uint8Array): void {
  const need = s.stagedLength + bytes.byteLength;
  let buf = s.staged;
  if (buf === null || buf.length < need) {
    const grown = Buffer.allocUnsafeSlow(Math.max(need, 2 * (buf?.length ?? 0), MIN_STAGING));
    if (buf !== null) buf.copy(grown, 0, 0, s.stagedLength);
    buf = s.staged = grown;
  }
  Buffer.prototype.copy.call(bytes, buf, s.stagedLength);
  s.stagedLength = need;
}
