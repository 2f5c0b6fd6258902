import { test } from "node:test";
import * as assert from "node:assert/strict";
import { runModule, libUrl } from "../helpers/child.js";
import { recordEvents } from "../helpers/events.js";
import { connectAny, dial, listenAny, serve } from "../helpers/net.js";

type Loose = Record<string, unknown> & { getsockname(o?: unknown): unknown };
const loose = (l: unknown): Loose => l as Loose;

function isListenError(e: unknown, code: string, errno: number): boolean {
  const err = e as { code?: unknown; errno?: unknown; syscall?: unknown };
  return e instanceof Error && e.name === "Error" && err.code === code && err.errno === errno && err.syscall === "listen";
}

test("listen() is synchronous: port, hostname, unix, data, fd, tag", () => {
  const data = { k: 1 };
  const listener = listenAny({ hostname: "127.0.0.1", port: 0, data, socket: { data() {} } });
  try {
    assert.equal(typeof listener.port, "number");
    assert.ok(listener.port > 0);
    assert.equal(listener.hostname, "127.0.0.1");
    assert.equal(loose(listener).unix, undefined);
    assert.equal(listener.data, data);
    assert.equal(typeof loose(listener).fd, "number");
    assert.ok((loose(listener).fd as number) >= 0);
    assert.equal(Object.prototype.toString.call(listener), "[object Listener]");
  } finally {
    listener.stop();
  }
  assert.equal(loose(listener).fd, -1, "fd is -1 after stop");
  assert.ok(listener.port > 0, "port kept after stop");
  assert.equal(listener.hostname, "127.0.0.1", "hostname kept after stop");
});

test("hostname is kept verbatim ('0.0.0.0', 'localhost', 'LOCALHOST')", () => {
  for (const hostname of ["0.0.0.0", "localhost", "LOCALHOST"]) {
    const l = listenAny({ hostname, port: 0, socket: { data() {} } });
    assert.equal(l.hostname, hostname);
    l.stop();
  }
});

test("getsockname(obj) fills family/address/port and returns undefined; no argument throws TypeError", () => {
  using srv = serve();
  const out: Record<string, unknown> = {};
  assert.equal(loose(srv.listener).getsockname(out), undefined);
  assert.deepEqual(out, { family: "IPv4", address: "127.0.0.1", port: srv.port });
  assert.throws(
    () => loose(srv.listener).getsockname(),
    (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE",
  );
});

test("listener.data can be replaced; later sockets get the new object", async () => {
  using srv = serve({ data: { first: true } });
  const a = await dial(srv.port);
  const replacement = { second: true };
  srv.listener.data = replacement;
  const b = await dial(srv.port);
  await srv.events.next("open", 2);
  const opens = srv.events.log.filter((r) => r.event === "open");
  assert.deepEqual(opens[0]?.socket.data, { first: true });
  assert.equal(opens[1]?.socket.data, replacement);
  a.socket.close();
  b.socket.close();
});

test("stop(): no new connections (ECONNREFUSED), existing ones stay open; idempotent; returns undefined", async () => {
  using srv = serve({ hooks: { data: (s, d) => void s.write(d as Buffer) } });
  const { socket, events } = await dial(srv.port);
  await srv.accepted;
  assert.equal(srv.listener.stop(), undefined);
  assert.equal(srv.listener.stop(), undefined);
  await assert.rejects(connectAny({ hostname: "127.0.0.1", port: srv.port, socket: { data() {} } }), (e: unknown) => {
    return (e as { code?: unknown }).code === "ECONNREFUSED";
  });
  assert.equal(socket.write("echo"), 4);
  await events.next("data");
  assert.equal(events.text(), "echo");
  assert.equal(socket.readyState, 1);
  socket.close();
});

test("stop(true) after stop(): closes accepted sockets; server close(undefined), client end → close(undefined)", async () => {
  using srv = serve();
  const { events } = await dial(srv.port);
  await srv.accepted;
  srv.listener.stop();
  srv.listener.stop(true);
  const serverClose = await srv.events.next("close");
  assert.equal(serverClose.arg, undefined);
  const close = await events.next("close");
  assert.equal(close.arg, undefined);
  assert.deepEqual(events.names(), ["open", "end", "close"]);
});

test("[Symbol.dispose]() is stop(true) and returns undefined", async () => {
  const srv = serve();
  const { events } = await dial(srv.port);
  await srv.accepted;
  assert.equal(srv.listener[Symbol.dispose](), undefined);
  await events.next("close");
  assert.deepEqual(events.names(), ["open", "end", "close"]);
  await assert.rejects(connectAny({ hostname: "127.0.0.1", port: srv.port, socket: { data() {} } }));
});

test("`using` a listener stops it at block exit", async () => {
  let port = 0;
  {
    using l = listenAny({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    port = l.port;
  }
  await assert.rejects(connectAny({ hostname: "127.0.0.1", port, socket: { data() {} } }), (e: unknown) => {
    return (e as { code?: unknown }).code === "ECONNREFUSED";
  });
});

test("EADDRINUSE is thrown synchronously, with errno 98, syscall, address and port", () => {
  using srv = serve();
  assert.throws(
    () => listenAny({ hostname: "127.0.0.1", port: srv.port, socket: { data() {} } }),
    (e: unknown) => {
      assert.ok(isListenError(e, "EADDRINUSE", 98), String(e));
      assert.equal((e as { address?: unknown }).address, "127.0.0.1");
      assert.equal((e as { port?: unknown }).port, srv.port);
      return true;
    },
  );
  assert.throws(() => listenAny({ hostname: "127.0.0.1", port: srv.port, exclusive: true, socket: { data() {} } }), (e: unknown) =>
    isListenError(e, "EADDRINUSE", 98),
  );
  assert.throws(() => listenAny({ hostname: "0.0.0.0", port: srv.port, socket: { data() {} } }), (e: unknown) =>
    isListenError(e, "EADDRINUSE", 98),
  );
});

test("reusePort: a non-reusePort holder blocks a reusePort newcomer", () => {
  // Sharing between two reusePort listeners depends on the runtime (docs/compat.md): compat-pins.test.ts.
  using holder = serve();
  assert.throws(() => listenAny({ hostname: "127.0.0.1", port: holder.port, reusePort: true, socket: { data() {} } }), (e: unknown) =>
    isListenError(e, "EADDRINUSE", 98),
  );
});

test("EADDRNOTAVAIL (192.0.2.1) is thrown synchronously", () => {
  assert.throws(
    () => listenAny({ hostname: "192.0.2.1", port: 0, socket: { data() {} } }),
    (e: unknown) => isListenError(e, "EADDRNOTAVAIL", 99),
  );
});

test("an unresolvable hostname throws an Error without a code", () => {
  assert.throws(
    () => listenAny({ hostname: "nonexistent.invalid", port: 0, socket: { data() {} } }),
    (e: unknown) => e instanceof Error && (e as { code?: unknown }).code === undefined,
  );
});

test("validation errors are thrown synchronously by listen()", () => {
  assert.throws(() => listenAny(), (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE");
  assert.throws(() => listenAny({ hostname: "127.0.0.1", port: 70000, socket: { data() {} } }), (e: unknown) => e instanceof RangeError);
  assert.throws(() => listenAny({ hostname: "127.0.0.1", port: 0, socket: { open() {} } }), (e: unknown) => e instanceof TypeError);
});

test("a connectError handler on a listener is accepted", () => {
  const l = listenAny({ hostname: "127.0.0.1", port: 0, socket: { data() {}, connectError() {} } });
  l.stop();
});

test("ref()/unref() return undefined, also after stop()", () => {
  const l = listenAny({ hostname: "127.0.0.1", port: 0, socket: recordEvents().handlers });
  assert.equal(l.unref(), undefined);
  assert.equal(l.ref(), undefined);
  l.stop();
  assert.equal(l.unref(), undefined);
  assert.equal(l.ref(), undefined);
});

test("an unref'd idle listener lets the process exit; unref() then ref() keeps it alive", async () => {
  const exits = await runModule(`
    import { listen } from ${JSON.stringify(libUrl("index.js"))};
    const l = listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    l.unref();
    console.log("listening");
  `);
  assert.equal(exits.code, 0, exits.stderr);
  assert.match(exits.stdout, /listening/);
  const stays = await runModule(`
    import { listen } from ${JSON.stringify(libUrl("index.js"))};
    const l = listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    l.unref();
    l.ref();
    let alive = false;
    setImmediate(() => { alive = true; });
    // If ref() did not keep the loop alive, the process would exit before this timer's check.
    const t = setTimeout(() => { console.log(alive ? "still alive" : "?"); l.stop(); }, 300);
    t.unref();
  `);
  assert.equal(stays.code, 0, stays.stderr);
  assert.match(stays.stdout, /still alive/);
});

test("server socket.listener === the listener; undefined once closed", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  const server = await srv.accepted;
  assert.equal(server.listener, srv.listener);
  server.close();
  assert.equal(server.listener, undefined);
  socket.close();
});
