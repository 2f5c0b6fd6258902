import { test } from "node:test";
import * as assert from "node:assert/strict";
import { dial, serve } from "../helpers/net.js";

test("socket[Symbol.dispose]() calls end(): returns 0 and closes; again → -1", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const dispose = socket[Symbol.dispose] as unknown as () => number;
  assert.equal(dispose.call(socket), 0);
  assert.equal(socket.readyState, -1);
  assert.equal(events.names().at(-1), "close");
  assert.equal(dispose.call(socket), -1);
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
});

test("`using` a socket closes it at block exit", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  {
    using s = socket;
    assert.equal(s.readyState, 1);
  }
  assert.equal(socket.readyState, -1);
  assert.deepEqual(events.names(), ["open", "close"]);
  await srv.events.next("close");
});
