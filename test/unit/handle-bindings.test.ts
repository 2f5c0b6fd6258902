/**
 * The handle transport's view of Node's libuv bindings: present with the shape it
 * relies on, and its libuv constants equal to the runtime's own.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { getSystemErrorName } from "node:util";
import {
  handleBindings,
  MAX_UNIX_PATH,
  UV_EACCES,
  UV_ECANCELED,
  UV_EINVAL,
  UV_ENOENT,
  UV_EOF,
  uvError,
} from "../../src/transport/handle-bindings.js";

test("the bindings load on Node with the request classes and the shared stream state", () => {
  const b = handleBindings();
  assert.ok(b !== null);
  for (const ctor of [b.TCP, b.Pipe, b.TCPConnectWrap, b.PipeConnectWrap, b.WriteWrap, b.ShutdownWrap]) {
    assert.equal(typeof ctor, "function");
  }
  assert.ok(b.state instanceof Int32Array);
  const indexes = [b.kReadBytesOrError, b.kArrayBufferOffset, b.kLastWriteWasAsync];
  assert.equal(new Set(indexes).size, 3, "three distinct slots");
  for (const i of indexes) assert.ok(Number.isInteger(i) && i >= 0 && i < b.state.length);
  assert.notEqual(b.tcpSocket, b.tcpServer);
  assert.notEqual(b.pipeSocket, b.pipeServer);
});

test("loaded once: the same object every time", () => {
  assert.equal(handleBindings(), handleBindings());
});

test("libuv constants match the runtime's names for them", () => {
  assert.equal(getSystemErrorName(UV_EOF), "EOF");
  assert.equal(getSystemErrorName(UV_EINVAL), "EINVAL");
  assert.equal(getSystemErrorName(UV_EACCES), "EACCES");
  assert.equal(getSystemErrorName(UV_ENOENT), "ENOENT");
  assert.equal(getSystemErrorName(UV_ECANCELED), "ECANCELED");
  assert.equal(MAX_UNIX_PATH, 107);
});

test("uvError gives the code and the negative errno the core's error shapers take", () => {
  assert.deepEqual(uvError(-111), { code: "ECONNREFUSED", errno: -111 });
  assert.deepEqual(uvError(-104), { code: "ECONNRESET", errno: -104 });
  assert.deepEqual(uvError(-32), { code: "EPIPE", errno: -32 });
});

test("uvError of a status libuv does not know still gives a code and keeps the errno", () => {
  const e = uvError(-987654);
  assert.equal(typeof e.code, "string");
  assert.ok(e.code.length > 0);
  assert.equal(e.errno, -987654);
});
