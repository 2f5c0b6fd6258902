import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nextTurn } from "../helpers/async.js";
import { dial, serve } from "../helpers/net.js";

/** `timeout(...)` called with arguments its type does not allow. */
const timeoutAny = (s: { timeout(n: number): void }, ...args: unknown[]): unknown =>
  (s.timeout as (...a: unknown[]) => unknown).apply(s, args);

test("timeout() validation: no argument and -1 throw plain Errors without code; other values are accepted", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    for (const args of [[], [-1]]) {
      assert.throws(
        () => timeoutAny(socket, ...args),
        (e: unknown) => e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError) && (e as { code?: unknown }).code === undefined,
      );
    }
    for (const v of [0, 0.5, "2", Number.NaN, undefined, null, {}, true, -0.5, 10]) {
      assert.equal(timeoutAny(socket, v), undefined, `timeout(${String(v)})`);
    }
    socket.timeout(0);
  } finally {
    socket.close();
  }
  assert.equal(timeoutAny(socket), undefined, "no throw on a closed socket");
  assert.equal(timeoutAny(socket, -1), undefined, "no throw on a closed socket");
});

// REAL WAIT: this test waits for Bun's 4-second tick (at most ~4 s; guard 7 s).
test("[waits ≤ 4 s] timeout(1) fires once at the next tick, does not close the socket; timeout(0) cancels", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const other = await dial(srv.port);
  try {
    socket.timeout(1);
    other.socket.timeout(1);
    other.socket.timeout(0);
    const fired = await events.next("timeout", 1, 7000);
    assert.equal(fired.readyState, 1);
    assert.equal(fired.argc, 1);
    await nextTurn();
    assert.equal(socket.readyState, 1, "timeout does not close the socket");
    assert.equal(socket.write("alive"), 5);
    assert.ok(!other.events.names().includes("timeout"), "cancelled by timeout(0)");
    assert.equal(events.names().filter((n) => n === "timeout").length, 1);
  } finally {
    socket.close();
    other.socket.close();
  }
});
