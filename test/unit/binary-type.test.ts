import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { toBinaryType, coalesce } from "../../src/binary-type.js";

test("buffer: the chunk itself, a Buffer", () => {
  const chunk = Buffer.from("abc");
  const out = toBinaryType(chunk, "buffer");
  assert.ok(Buffer.isBuffer(out));
  assert.equal(out, chunk);
});

test("uint8array: a plain Uint8Array (not a Buffer) over the same bytes", () => {
  const chunk = Buffer.from("abc");
  const out = toBinaryType(chunk, "uint8array");
  assert.ok(out instanceof Uint8Array);
  assert.equal(Buffer.isBuffer(out), false);
  assert.equal(Object.getPrototypeOf(out), Uint8Array.prototype);
  assert.deepEqual([...(out as Uint8Array)], [0x61, 0x62, 0x63]);
});

test("arraybuffer: an ArrayBuffer of exactly the chunk's bytes, own store reused", () => {
  const own = Buffer.from(new Uint8Array([1, 2, 3]).buffer);
  const out = toBinaryType(own, "arraybuffer");
  assert.ok(out instanceof ArrayBuffer);
  assert.equal(out, own.buffer);
});

test("arraybuffer from a chunk inside a larger (pooled) store is copied to the exact bytes", () => {
  const big = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]);
  const chunk = big.subarray(2, 5);
  const out = toBinaryType(chunk, "arraybuffer") as ArrayBuffer;
  assert.ok(out instanceof ArrayBuffer);
  assert.equal(out.byteLength, 3);
  assert.deepEqual([...new Uint8Array(out)], [2, 3, 4]);
  new Uint8Array(out)[0] = 99;
  assert.equal(big[2], 2, "the returned ArrayBuffer must not alias other data");
});

test("coalesce joins chunks in order; one chunk is returned as is", () => {
  const a = Buffer.from("p1");
  assert.equal(coalesce([a]), a);
  assert.equal(coalesce([a, Buffer.from("p2"), Buffer.from("p3")]).toString(), "p1p2p3");
  assert.equal(coalesce([]).byteLength, 0);
});
