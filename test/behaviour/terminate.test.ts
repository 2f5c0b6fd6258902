import { test } from "node:test";
import * as assert from "node:assert/strict";
import { dial, serve } from "../helpers/net.js";

test("terminate(): local close(undefined) inside the call; peer close(ECONNRESET) with no end and no error", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  await srv.accepted;
  assert.equal(socket.terminate(), undefined);
  assert.equal(socket.readyState, -1);
  assert.deepEqual(events.names(), ["open", "close"]);
  assert.equal(events.log[1]?.arg, undefined);
  const close = await srv.events.next("close");
  const err = close.arg as { code?: unknown; errno?: unknown; syscall?: unknown };
  assert.ok(err instanceof Error);
  assert.equal(err.code, "ECONNRESET");
  assert.equal(err.errno, -104);
  assert.equal(err.syscall, "read");
  assert.equal(close.argc, 2);
  assert.deepEqual(srv.events.names(), ["open", "close"]);
});

test("server terminate(): the client gets ECONNRESET", async () => {
  using srv = serve();
  const { events } = await dial(srv.port);
  (await srv.accepted).terminate();
  const close = await events.next("close");
  assert.equal((close.arg as { code?: unknown }).code, "ECONNRESET");
  assert.ok(!events.names().includes("end"));
});

test("terminate() after close is a no-op", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  socket.close();
  socket.terminate();
  assert.equal(events.names().filter((n) => n === "close").length, 1);
});
