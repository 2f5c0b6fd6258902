import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nextTurn } from "../helpers/async.js";
import { dial, serve } from "../helpers/net.js";

test("shutdown(): FIN only; an allowHalfOpen server sees end → drain, stays open, can still write; then close without end", async () => {
  using srv = serve({ allowHalfOpen: true });
  const { socket, events } = await dial(srv.port);
  const server = await srv.accepted;
  assert.equal(socket.shutdown(), undefined);
  assert.equal(socket.readyState, 1);
  await srv.events.next("drain");
  assert.deepEqual(srv.events.names(), ["open", "end", "drain"]);
  assert.deepEqual(srv.events.log.map((r) => r.readyState), [1, 1, 1], "readyState 1 in open, end, drain");
  assert.equal(server.readyState, 1);
  assert.equal(server.write("still here"), 10);
  await events.next("data");
  assert.equal(events.text(), "still here");
  server.end();
  const close = await events.next("close");
  assert.equal(close.arg, undefined);
  assert.ok(!events.names().includes("end"), "the shutdown() side gets close without end");
});

test("shutdown() on a client, server without allowHalfOpen: server end → close; client close", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  await srv.accepted;
  socket.shutdown();
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
  await events.next("close");
  assert.deepEqual(events.names(), ["open", "close"]);
});

test("allowHalfOpen on the client: a server shutdown() gives the client end → drain and it stays writable", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port, { allowHalfOpen: true });
  const server = await srv.accepted;
  server.shutdown();
  await events.next("drain");
  assert.deepEqual(events.names(), ["open", "end", "drain"]);
  assert.equal(socket.readyState, 1);
  assert.equal(socket.write("reply"), 5);
  await srv.events.next("data");
  assert.equal(srv.events.text(), "reply");
  socket.end();
  await srv.events.next("close");
});

test("local end() to an allowHalfOpen peer: the peer writes into a closed socket and gets close(EPIPE)", async () => {
  using srv = serve({ allowHalfOpen: true });
  const { socket } = await dial(srv.port);
  const server = await srv.accepted;
  socket.end();
  await srv.events.next("drain");
  assert.equal(server.readyState, 1);
  assert.equal(server.write("into the void"), 13);
  const close = await srv.events.next("close", 1, 3000);
  const err = close.arg as { code?: unknown; syscall?: unknown } | undefined;
  assert.ok(err instanceof Error, "close gets an Error");
  assert.equal(err.code, "EPIPE");
  assert.ok(!srv.events.names().includes("error"), "network errors never go to error");
});

test("shutdown(true) without allowHalfOpen: local end → close(undefined); peer end → close", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  await srv.accepted;
  assert.equal(socket.shutdown(true), undefined);
  const close = await events.next("close");
  assert.equal(close.arg, undefined);
  assert.deepEqual(events.names(), ["open", "end", "close"]);
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
});

test("shutdown(true) with local allowHalfOpen: end → drain, stays open and writable, incoming data dropped, peer sees no end", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port, { allowHalfOpen: true });
  const server = await srv.accepted;
  socket.shutdown(true);
  await events.next("drain");
  assert.deepEqual(events.names(), ["open", "end", "drain"]);
  assert.equal(socket.readyState, 1);
  server.write("dropped");
  assert.equal(socket.write("to server"), 9);
  await srv.events.next("data");
  assert.equal(srv.events.text(), "to server");
  await nextTurn();
  assert.ok(!events.names().includes("data"), "incoming data is dropped after shutdown(true)");
  assert.ok(!srv.events.names().includes("end"), "peer sees no end");
  socket.close();
  await srv.events.next("close");
});
