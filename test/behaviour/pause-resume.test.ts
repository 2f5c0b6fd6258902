import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nextTurn } from "../helpers/async.js";
import type { Socket } from "../../src/index.js";
import { dial, serve, type Served } from "../helpers/net.js";

test("pause() holds data; resume() delivers it coalesced in one event; drain after each", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const server = await srv.accepted;
  socket.pause();
  await events.next("drain", 1);
  server.write("p1");
  server.write("p2");
  // Prove the bytes arrived while paused: a round trip through the server.
  socket.write("ping");
  await srv.events.next("data");
  server.write("p3");
  await nextTurn();
  assert.ok(!events.names().includes("data"), "no data while paused");
  socket.resume();
  await events.next("data");
  await events.next("drain", 2);
  assert.equal(events.text().startsWith("p1p2"), true);
  const chunks = events.log.filter((r) => r.event === "data");
  assert.equal(chunks.length, 1, "held data is coalesced into one event");
  socket.close();
});

test("pause() holds a FIN's end and close; they are delivered after resume()", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const server = await srv.accepted;
  socket.pause();
  server.write("bye");
  server.end();
  // The server closed synchronously, so the FIN is on its way; give the loop a few
  // polls to (wrongly) deliver it. Not a wait for the event: its absence is the point.
  for (let i = 0; i < 5; i++) await nextTurn();
  assert.ok(!events.names().includes("end") && !events.names().includes("close"), `held: ${events.names().join(",")}`);
  assert.equal(socket.readyState, 1);
  socket.resume();
  await events.next("close");
  assert.deepEqual(events.names().filter((n) => n !== "drain"), ["open", "data", "end", "close"]);
  assert.equal(events.text(), "bye");
});

/** A full round trip through the server: any drain already on its way has fired by then. */
async function roundTrip(socket: Socket<unknown>, srv: Served, n: number): Promise<void> {
  socket.write("x");
  await srv.events.next("data", n);
}

test("pause()/resume() fire one drain per poll: pause(); pause(); resume(); resume() fires one (Bun 1.4.5)", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const drains = (): number => events.names().filter((n) => n === "drain").length;
  socket.pause();
  socket.pause();
  socket.resume();
  socket.resume();
  await events.next("drain", 1);
  await roundTrip(socket, srv, 1);
  assert.equal(drains(), 1);
  socket.close();
});

test("pause()/resume() are idempotent: a repeated call fires no drain", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const drains = (): number => events.names().filter((n) => n === "drain").length;
  socket.pause();
  await events.next("drain", 1);
  socket.pause();
  await roundTrip(socket, srv, 1);
  assert.equal(drains(), 1, "a second pause() fires nothing");
  socket.resume();
  await events.next("drain", 2);
  socket.resume();
  await roundTrip(socket, srv, 2);
  assert.equal(drains(), 2, "a second resume() fires nothing");
  socket.close();
});

test("a reset is not held by pause(): close(ECONNRESET) arrives while paused", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  const server = await srv.accepted;
  socket.pause();
  server.terminate();
  const close = await events.next("close");
  assert.equal((close.arg as { code?: unknown }).code, "ECONNRESET");
  assert.equal(socket.readyState, -1);
});
