import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { writeInput, EMPTY } from "../../src/write-input.js";

/** The bytes writeInput selects, as a Buffer (Blob inputs are rejected here). */
function bytes(...args: unknown[]): Buffer {
  const r = writeInput(args);
  assert.ok(r instanceof Uint8Array, "expected bytes, got a Blob");
  return Buffer.from(r.buffer, r.byteOffset, r.byteLength);
}

function rangeError(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof RangeError && (e as { code?: unknown }).code === "ERR_OUT_OF_RANGE");
}

function typeError(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE");
}

describe("writeInput: data types", () => {
  test("string → UTF-8 bytes", () => {
    assert.deepEqual(bytes("héllo"), Buffer.from([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]));
    assert.equal(bytes("héllo").byteLength, 6);
  });
  test("String object is accepted", () => {
    assert.equal(bytes(new String("abc")).toString(), "abc");
  });
  test("Buffer, Uint8Array and a subarray give the bytes of the view", () => {
    assert.equal(bytes(Buffer.from("abc")).toString(), "abc");
    assert.deepEqual(bytes(new Uint8Array([1, 2, 3])), Buffer.from([1, 2, 3]));
    const sub = new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2, 4);
    assert.deepEqual(bytes(sub), Buffer.from([2, 3]));
  });
  test("ArrayBuffer and SharedArrayBuffer: whole buffer", () => {
    const ab = new Uint8Array([9, 8, 7]).buffer;
    assert.deepEqual(bytes(ab), Buffer.from([9, 8, 7]));
    const sab = new SharedArrayBuffer(4);
    new Uint8Array(sab).set([1, 2, 3, 4]);
    assert.deepEqual(bytes(sab), Buffer.from([1, 2, 3, 4]));
  });
  test("Uint16Array and DataView: raw bytes of the view", () => {
    const u16 = new Uint16Array([0x0102, 0x0304]);
    assert.deepEqual(bytes(u16), Buffer.from(u16.buffer));
    const dv = new DataView(new Uint8Array([1, 2, 3, 4, 5]).buffer, 1, 3);
    assert.deepEqual(bytes(dv), Buffer.from([2, 3, 4]));
  });
  test("Blob is returned as a Blob", () => {
    const blob = new Blob(["abc"]);
    assert.equal(writeInput([blob]), blob);
  });
  test("no argument / undefined / '' / (u8,0,0) → zero bytes", () => {
    assert.equal(writeInput([]), EMPTY);
    assert.equal(bytes(undefined).byteLength, 0);
    assert.equal(bytes("").byteLength, 0);
    assert.equal(bytes(new Uint8Array(4), 0, 0).byteLength, 0);
  });
  test("detached ArrayBuffer → zero bytes, no throw (Node 20 has no ArrayBuffer#detached)", () => {
    const ab = new ArrayBuffer(8);
    structuredClone(ab, { transfer: [ab] });
    assert.equal(bytes(ab).byteLength, 0);
  });
  for (const bad of [42, true, null, {}, [1, 2], Symbol("s"), 1n]) {
    test(`${typeof bad} ${Array.isArray(bad) ? "array" : ""} → TypeError ERR_INVALID_ARG_TYPE`, () => typeError(() => writeInput([bad])));
  }
});

describe("writeInput: byteOffset / byteLength (spec §4)", () => {
  const u8 = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  test("offset and length select bytes", () => {
    assert.deepEqual(bytes(u8, 2, 3), Buffer.from([2, 3, 4]));
    assert.deepEqual(bytes(u8, 10, 0), Buffer.alloc(0));
  });
  test("offsets apply to strings, in UTF-8 bytes", () => {
    assert.equal(bytes("abcdef", 1, 2).toString(), "bc");
    assert.deepEqual(bytes("éabc", 1, 2), Buffer.from([0xa9, 0x61]));
  });
  test("offsets on Uint16Array / DataView / ArrayBuffer are in bytes", () => {
    const u16 = new Uint16Array([0x0102, 0x0304]);
    assert.deepEqual(bytes(u16, 1, 2), Buffer.from(u16.buffer).subarray(1, 3));
    assert.deepEqual(bytes(u8.buffer, 8, 2), Buffer.from([8, 9]));
  });
  test("(data, undefined, n) → first n bytes", () => {
    assert.deepEqual(bytes(u8, undefined, 3), Buffer.from([0, 1, 2]));
  });
  test("offset 0 without length → everything", () => {
    assert.equal(bytes(u8, 0).byteLength, 10);
  });
  test("default byteLength is the full length: (u8, 2), (ab, 2), ('abcdef', 2) throw RangeError", () => {
    rangeError(() => writeInput([u8, 2]));
    rangeError(() => writeInput([u8.buffer, 2]));
    rangeError(() => writeInput(["abcdef", 2]));
  });
  test("offset > size → RangeError", () => rangeError(() => writeInput([u8, 20, 0])));
  test("negative offset or length → RangeError", () => {
    rangeError(() => writeInput([u8, -1, 1]));
    rangeError(() => writeInput([u8, 0, -1]));
  });
  test("offset + length > size → RangeError", () => rangeError(() => writeInput([u8, 5, 6])));
  test("offset NaN / 1.5 → TypeError ERR_INVALID_ARG_TYPE", () => {
    typeError(() => writeInput([u8, Number.NaN, 1]));
    typeError(() => writeInput([u8, 1.5, 1]));
  });
  test("byteLength 1.5 → TypeError", () => typeError(() => writeInput([u8, 0, 1.5])));
  test("offsets past the end of a string throw", () => {
    rangeError(() => writeInput(["abc", 0, 4]));
  });
});

describe("writeInput: encodings (a string 2nd argument)", () => {
  test("hex, base64, latin1", () => {
    assert.equal(bytes("414243", "hex").toString(), "ABC");
    assert.equal(bytes("QUJD", "base64").toString(), "ABC");
    assert.deepEqual(bytes("é", "latin1"), Buffer.from([0xe9]));
  });
  test("unknown encoding does not throw; ASCII delivered as-is", () => {
    assert.equal(bytes("abc", "bogus").toString(), "abc");
  });
  test("encoding is ignored for binary data", () => {
    assert.deepEqual(bytes(new Uint8Array([1, 2]), "hex"), Buffer.from([1, 2]));
  });
  test("encoding together with offsets on binary data → TODOError without code", () => {
    assert.throws(
      () => writeInput([new Uint8Array(4), "2", 2]),
      (e: unknown) => e instanceof Error && e.name === "TODOError" && (e as { code?: unknown }).code === undefined,
    );
  });
});

describe("writeInput: zero-copy", () => {
  test("a Uint8Array input is viewed, not copied", () => {
    const u8 = new Uint8Array([1, 2, 3, 4]);
    const r = writeInput([u8, 1, 2]) as Uint8Array;
    assert.equal(r.buffer, u8.buffer);
    assert.equal(r.byteOffset, 1);
  });
});
