import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { deferred, withTimeout } from "../helpers/async.js";
import { recordEvents } from "../helpers/events.js";
import { dial, serve } from "../helpers/net.js";

const reloadAny = (target: { reload(o: never): void }, ...args: unknown[]): unknown =>
  (target.reload as (...a: unknown[]) => unknown).apply(target, args);

function plainNoCode(e: unknown): boolean {
  return e instanceof Error && !(e instanceof TypeError) && (e as { code?: unknown }).code === undefined;
}
function coded(e: unknown): boolean {
  return e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE";
}

test("socket.reload() swaps the client's handlers and its binaryType", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const server = await srv.accepted;
  const got = deferred<unknown>();
  assert.equal(socket.reload({ socket: { data: (_s: unknown, d: unknown) => got.resolve(d), binaryType: "arraybuffer" } as never }), undefined);
  server.write("after reload");
  const d = await withTimeout(got.promise, "reloaded data");
  assert.ok(d instanceof ArrayBuffer);
  assert.equal(Buffer.from(d).toString(), "after reload");
  assert.ok(!events.names().includes("data"), "old handler not called");
  socket.close();
});

test("listener.reload() swaps handlers for existing and future sockets", async () => {
  using srv = serve();
  const a = await dial(srv.port);
  await srv.accepted;
  const fresh = recordEvents();
  assert.equal(srv.listener.reload({ socket: fresh.handlers as never }), undefined);
  a.socket.write("to reloaded");
  await fresh.next("data");
  assert.equal(fresh.text(), "to reloaded");
  const b = await dial(srv.port);
  await fresh.next("open");
  a.socket.close();
  await fresh.next("close");
  b.socket.close();
  await fresh.next("close", 2);
  assert.ok(!srv.events.names().includes("data"), "old table no longer used");
});

test("socket.reload() validation: plain Errors without code; handler-table TypeErrors", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    assert.throws(() => reloadAny(socket), plainNoCode);
    assert.throws(() => reloadAny(socket, null), plainNoCode);
    assert.throws(() => reloadAny(socket, 5), plainNoCode);
    assert.throws(() => reloadAny(socket, {}), plainNoCode);
    assert.throws(() => reloadAny(socket, { socket: 5 }), coded);
    assert.throws(() => reloadAny(socket, { socket: { open() {} } }), coded);
    assert.throws(() => reloadAny(socket, { socket: { data: 5 } }), coded);
  } finally {
    socket.close();
  }
});

test("listener.reload() validation: no arg and {} are plain Errors; non-objects are coded TypeErrors", () => {
  using srv = serve();
  assert.throws(() => reloadAny(srv.listener), plainNoCode);
  assert.throws(() => reloadAny(srv.listener, undefined), coded);
  assert.throws(() => reloadAny(srv.listener, null), coded);
  assert.throws(() => reloadAny(srv.listener, 5), coded);
  assert.throws(() => reloadAny(srv.listener, {}), plainNoCode);
  assert.throws(() => reloadAny(srv.listener, { socket: 5 }), coded);
  assert.throws(() => reloadAny(srv.listener, { socket: {} }), coded);
});

test("reload() on a closed socket does not throw", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  socket.close();
  assert.equal(reloadAny(socket, { socket: { data() {} } }), undefined);
});
