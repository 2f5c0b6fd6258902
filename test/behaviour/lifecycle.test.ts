import { test } from "node:test";
import * as assert from "node:assert/strict";
import { connect, type Socket } from "../../src/index.js";
import { deferred, withTimeout } from "../helpers/async.js";
import { recordEvents } from "../helpers/events.js";
import { dial, serve } from "../helpers/net.js";
import { libUrl, runModule } from "../helpers/child.js";

/** `fd` is real on Bun but absent from its types. */
const fdOf = (s: Socket<unknown>): number => (s as unknown as { fd: number }).fd;

test("connect + exchange: server open before client open; readyState 1; argument counts", async () => {
  using srv = serve({ hooks: { data: (s) => void s.write("pong") } });
  const order: string[] = [];
  const events = recordEvents({ open: () => order.push("client open") });
  srv.events.next("open").then(() => order.push("server open"));
  const socket = await connect({ hostname: "127.0.0.1", port: srv.port, socket: events.handlers });
  try {
    await srv.events.next("open");
    assert.equal(socket.write("ping"), 4);
    await events.next("data");
    assert.equal(events.text(), "pong");
    assert.equal(srv.events.text(), "ping");
    const open = events.log[0];
    assert.equal(open?.event, "open");
    assert.equal(open?.readyState, 1);
    assert.equal(open?.argc, 1);
    const data = events.log.find((r) => r.event === "data");
    assert.equal(data?.readyState, 1);
    assert.equal(data?.argc, 2);
    assert.ok(!events.names().includes("drain"), "no drain after connect");
    assert.equal(srv.events.log[0]?.event, "open");
    assert.equal(srv.events.log[0]?.readyState, 1);
  } finally {
    socket.close();
  }
});

test("the connect promise resolves with the open socket, after open returns but before microtasks queued in open", async () => {
  using srv = serve();
  const order: string[] = [];
  let opened: Socket<unknown> | undefined;
  const p = connect({
    hostname: "127.0.0.1",
    port: srv.port,
    socket: {
      open(s) {
        opened = s;
        order.push("open");
        queueMicrotask(() => order.push("microtask from open"));
        order.push("open returns");
      },
      data() {},
    },
  });
  const resolved = await withTimeout(
    p.then((s) => {
      order.push("then");
      return s;
    }),
    "connect",
  );
  try {
    assert.equal(resolved, opened);
    assert.equal(resolved.readyState, 1);
    assert.deepEqual(order, ["open", "open returns", "then", "microtask from open"]);
  } finally {
    resolved.close();
  }
});

test("local end(): close(undefined) fires synchronously inside end(); returns 0; peer sees end → close", async () => {
  using srv = serve();
  const log: string[] = [];
  const { socket, events } = await dial(srv.port, { hooks: { close: () => log.push("close handler") } });
  await srv.events.next("open");
  log.push("before end");
  const r = socket.end();
  log.push("after end");
  assert.equal(r, 0);
  assert.deepEqual(log, ["before end", "close handler", "after end"]);
  assert.equal(socket.readyState, -1);
  const close = await events.next("close");
  assert.equal(close.readyState, -1);
  assert.equal(close.argc, 2);
  assert.equal(close.arg, undefined);
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
  assert.equal(srv.events.log[2]?.arg, undefined);
  assert.equal(srv.events.log[1]?.readyState, 1, "readyState 1 in end");
  assert.equal(srv.events.log[2]?.readyState, -1, "readyState -1 in close");
});

test("local end() with allowHalfOpen still closes fully and synchronously", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port, { allowHalfOpen: true });
  socket.end();
  assert.deepEqual(events.names(), ["open", "close"]);
  assert.equal(socket.readyState, -1);
  await srv.events.next("close");
});

test("server-side end(): the client sees end → close(undefined)", async () => {
  using srv = serve();
  const { events } = await dial(srv.port);
  const server = await srv.accepted;
  assert.equal(server.end("bye"), 3);
  assert.equal(server.readyState, -1);
  await events.next("close");
  assert.deepEqual(events.names(), ["open", "data", "end", "close"]);
  assert.equal(events.text(), "bye");
});

test("close(): returns undefined, close fires inside the call", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port);
  assert.equal(socket.close(), undefined);
  assert.equal(events.names().at(-1), "close");
  assert.equal(socket.readyState, -1);
  socket.close();
  assert.equal(events.names().filter((n) => n === "close").length, 1, "close fires once");
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
});

test("end(data) inside open: peer gets the data (coalesced), then end, then close", async () => {
  using srv = serve();
  const ret = deferred<number>();
  const client = await connect({
    hostname: "127.0.0.1",
    port: srv.port,
    socket: {
      open(s) {
        s.write("hello ");
        ret.resolve(s.end("world"));
      },
      data() {},
    },
  });
  assert.equal(await ret.promise, 5);
  assert.equal(client.readyState, -1);
  await srv.events.next("close");
  assert.equal(srv.events.text(), "hello world");
  assert.deepEqual(srv.events.names().filter((n) => n !== "data"), ["open", "end", "close"]);
  assert.equal(srv.events.names().at(-3), "data");
});

test("in close: write() and end() return -1; after close too", async () => {
  using srv = serve();
  const got = deferred<[number, number]>();
  const { socket } = await dial(srv.port, { hooks: { close: (s) => got.resolve([s.write("x"), s.end("y")]) } });
  socket.end();
  assert.deepEqual(await got.promise, [-1, -1]);
  assert.equal(socket.write("x"), -1);
  assert.equal(socket.end(), -1);
});

test("peer FIN without allowHalfOpen: end → (a write in end is delivered) → close after end returns", async () => {
  using srv = serve({ hooks: { end: (s) => void s.write("last words") } });
  const { socket, events } = await dial(srv.port);
  await srv.accepted;
  socket.shutdown();
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "close"]);
  await events.next("close");
  assert.equal(events.text(), "last words");
  assert.ok(!events.names().includes("end"), "shutdown() side gets close without end");
});

test("socket members: tag, addresses, listener, data, bytesWritten; values after close", async () => {
  using srv = serve({ data: { shared: true } });
  const { socket, events } = await dial(srv.port, { data: { mine: 1 } });
  const server = await srv.accepted;
  assert.equal(Object.prototype.toString.call(socket), "[object TCPSocket]");
  assert.equal(socket.remoteAddress, "127.0.0.1");
  assert.equal(socket.remotePort, srv.port);
  assert.equal(socket.remoteFamily, "IPv4");
  assert.equal(socket.localAddress, "127.0.0.1");
  assert.equal(socket.localFamily, "IPv4");
  assert.equal(server.remotePort, socket.localPort);
  assert.equal(server.localPort, srv.port);
  assert.equal(socket.listener, undefined);
  assert.equal(server.listener, srv.listener);
  assert.deepEqual(socket.data, { mine: 1 });
  assert.equal(server.data, srv.listener.data);
  assert.equal(typeof fdOf(socket), "number");
  assert.ok(fdOf(socket) >= 0);
  assert.equal(socket.authorized, false);
  assert.equal(socket.alpnProtocol, false);
  assert.equal(socket.setNoDelay(true), true);
  assert.equal(socket.setKeepAlive(true, 1000), true);
  assert.equal(socket.write("héllo"), 6);
  assert.equal(socket.bytesWritten, 6);
  const localPort = socket.localPort;
  socket.close();
  await events.next("close");
  assert.equal(socket.readyState, -1);
  assert.equal(socket.remotePort, undefined, "remotePort is forgotten after close");
  assert.equal(socket.remoteAddress, "127.0.0.1", "remoteAddress kept");
  assert.equal(socket.localPort, localPort, "localPort kept");
  assert.equal(fdOf(socket), -1);
  assert.equal(socket.bytesWritten, 6);
  assert.deepEqual(socket.data, { mine: 1 });
  assert.equal(socket.setNoDelay(true), false);
  assert.equal(socket.setKeepAlive(true), false);
  assert.equal(socket.pause(), undefined);
  assert.equal(socket.resume(), undefined);
  assert.equal(socket.shutdown(), undefined);
  assert.equal(socket.terminate(), undefined);
  assert.equal(socket.flush(), undefined);
});

test("setKeepAlive validates initialDelay", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    assert.throws(() => socket.setKeepAlive(true, -1), (e: unknown) => e instanceof RangeError && (e as { code?: unknown }).code === "ERR_OUT_OF_RANGE");
    assert.throws(
      () => socket.setKeepAlive(true, "5" as unknown as number),
      (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE",
    );
    assert.throws(() => socket.setKeepAlive(true, 1.5), (e: unknown) => e instanceof TypeError);
    assert.equal(socket.setKeepAlive(true, Number.NaN), true);
  } finally {
    socket.close();
  }
});

test("every accepted socket shares listener.data by reference; setting socket.data is per socket", async () => {
  const shared = { n: 0 };
  using srv = serve({ data: shared });
  const a = await dial(srv.port);
  const b = await dial(srv.port);
  await srv.events.next("open", 2);
  const [sa, sb] = srv.events.log.filter((r) => r.event === "open").map((r) => r.socket);
  assert.equal(sa?.data, shared);
  assert.equal(sb?.data, shared);
  if (sa !== undefined) sa.data = { other: true };
  assert.equal(sb?.data, shared);
  assert.equal(srv.listener.data, shared);
  a.socket.close();
  b.socket.close();
});

test("socket unref() lets the process exit; ref() after unref() keeps it alive (child process, peer here)", async () => {
  using srv = serve();
  const script = (refAgain: boolean): string => `
    import { connect } from ${JSON.stringify(libUrl("index.js"))};
    const s = await connect({ hostname: "127.0.0.1", port: ${srv.port}, socket: { data() {}, close() { console.log("closed"); } } });
    s.unref();
    ${refAgain ? "s.ref(); s.write('ping');" : ""}
    console.log("connected");
  `;
  const exits = await runModule(script(false));
  assert.equal(exits.code, 0, exits.stderr);
  assert.equal(exits.stdout.trim(), "connected", "exits without waiting for the peer");
  // With ref() again, the child lives until the peer (this process) closes it.
  const child = runModule(script(true));
  await srv.events.next("data");
  const before = srv.events.log.filter((r) => r.event === "open").at(-1)?.socket;
  before?.end();
  const stays = await child;
  assert.equal(stays.code, 0, stays.stderr);
  assert.equal(stays.stdout.trim(), "connected\nclosed");
});
