import { test } from "node:test";
import * as assert from "node:assert/strict";
import { connect, type Socket } from "../../src/index.js";
import { deferred, withTimeout } from "../helpers/async.js";
import { libUrl, runModule } from "../helpers/child.js";
import { recordEvents } from "../helpers/events.js";
import { connectAny, dial, listenAny, serve, tmpUnixPath } from "../helpers/net.js";

/** A port that was just free: listen on 0, read it, stop. */
function freePort(): number {
  const l = listenAny({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop();
  return port;
}

test("a throw in data goes to error(socket, e) with readyState 1; the socket stays open", async () => {
  const boom = new Error("boom");
  using srv = serve({
    hooks: {
      data: () => {
        throw boom;
      },
    },
  });
  const { socket } = await dial(srv.port);
  socket.write("x");
  const err = await srv.events.next("error");
  assert.equal(err.arg, boom);
  assert.equal(err.argc, 2);
  assert.equal(err.readyState, 1);
  socket.write("y");
  await srv.events.next("data", 2);
  assert.equal((await srv.accepted).readyState, 1);
  socket.close();
});

test("a throw in open: error → close(undefined); the connect promise still resolves (readyState -1)", async () => {
  using srv = serve();
  const events = recordEvents({
    open: () => {
      throw new Error("open failed");
    },
  });
  const socket = await withTimeout(connect({ hostname: "127.0.0.1", port: srv.port, socket: events.handlers }), "connect");
  assert.deepEqual(events.names(), ["open", "error", "close"]);
  assert.equal(events.log[1]?.readyState, 1);
  assert.equal(events.log[2]?.arg, undefined);
  assert.equal(socket.readyState, -1);
  await srv.events.next("close");
});

test("a throw in close: error is called after close, with readyState -1", async () => {
  using srv = serve();
  const { socket, events } = await dial(srv.port, {
    hooks: {
      close: () => {
        throw new Error("close failed");
      },
    },
  });
  socket.end();
  const err = await events.next("error");
  assert.equal(err.readyState, -1);
  assert.deepEqual(events.names(), ["open", "close", "error"]);
});

test("a throw in end: error → close", async () => {
  using srv = serve({
    hooks: {
      end: () => {
        throw new Error("end failed");
      },
    },
  });
  const { socket } = await dial(srv.port);
  await srv.accepted;
  socket.end();
  await srv.events.next("close");
  assert.deepEqual(srv.events.names(), ["open", "end", "error", "close"]);
});

test("without an error handler, a handler throw is an uncaught exception: the process exits 1", async () => {
  const r = await runModule(`
    import { listen, connect } from ${JSON.stringify(libUrl("index.js"))};
    const l = listen({ hostname: "127.0.0.1", port: 0, socket: {
      data() { throw new Error("uncaught-from-data-handler"); },
    } });
    const c = await connect({ hostname: "127.0.0.1", port: l.port, socket: { data() {} } });
    c.write("x");
    setTimeout(() => { console.log("still running"); process.exit(3); }, 5000).unref();
    setInterval(() => {}, 1000);
  `);
  assert.equal(r.code, 1, `exit code ${r.code}; stdout=${r.stdout}`);
  assert.match(r.stderr, /uncaught-from-data-handler/);
  assert.doesNotMatch(r.stdout, /still running/);
});

test("with process.on('uncaughtException') the process continues", async () => {
  const r = await runModule(`
    import { listen, connect } from ${JSON.stringify(libUrl("index.js"))};
    process.on("uncaughtException", (e) => {
      console.log("caught:" + e.message);
      c.end(); l.stop(true);
    });
    const l = listen({ hostname: "127.0.0.1", port: 0, socket: {
      data() { throw new Error("handled-elsewhere"); },
    } });
    const c = await connect({ hostname: "127.0.0.1", port: l.port, socket: { data() {} } });
    c.write("x");
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /caught:handled-elsewhere/);
});

test("ECONNREFUSED: connectError(socket, err) first, then the promise rejects with an equal but distinct error", async () => {
  const port = freePort();
  const seen = deferred<{ socket: Socket<unknown>; err: Error; argc: number; rs: number; write: number }>();
  const events = recordEvents({
    connectError: (s, e) => seen.resolve({ socket: s, err: e as Error, argc: 2, rs: s.readyState, write: s.write("x") }),
  });
  const data = { tag: "mine" };
  let rejection: unknown;
  try {
    await connectAny({ hostname: "127.0.0.1", port, data, socket: events.handlers });
    assert.fail("connect resolved");
  } catch (e) {
    rejection = e;
  }
  const ce = await seen.promise;
  assert.equal(ce.rs, -1);
  assert.equal(ce.write, -1);
  assert.equal(ce.socket.data, data);
  assert.equal(ce.socket.remotePort, undefined);
  for (const e of [ce.err, rejection]) {
    const err = e as { code?: unknown; errno?: unknown; syscall?: unknown; name?: unknown };
    assert.ok(e instanceof Error);
    assert.equal(err.name, "Error");
    assert.equal(err.code, "ECONNREFUSED");
    assert.equal(err.errno, -111);
    assert.equal(err.syscall, "connect");
    assert.equal(Object.hasOwn(e as object, "address"), false);
    assert.equal(Object.hasOwn(e as object, "port"), false);
  }
  assert.notEqual(rejection, ce.err);
  assert.deepEqual(events.names(), ["connectError"], "no open/close/end/error on connect failure");
  assert.equal(events.log[0]?.argc, 2);
});

test("connectError that throws: the promise rejects with the thrown value", async () => {
  const thrown = new Error("from connectError");
  await assert.rejects(
    connectAny({
      hostname: "127.0.0.1",
      port: freePort(),
      socket: {
        data() {},
        connectError() {
          throw thrown;
        },
      },
    }),
    (e: unknown) => e === thrown,
  );
});

test("ECONNREFUSED without connectError: the promise rejects", async () => {
  await assert.rejects(connectAny({ hostname: "127.0.0.1", port: freePort(), socket: { data() {} } }), (e: unknown) => {
    return (e as { code?: unknown }).code === "ECONNREFUSED";
  });
});

test("unix ENOENT goes through connectError and the rejection", async () => {
  using tmp = tmpUnixPath();
  const events = recordEvents();
  await assert.rejects(connectAny({ unix: tmp.path, socket: events.handlers }), (e: unknown) => {
    return (e as { code?: unknown }).code === "ENOENT" && (e as { errno?: unknown }).errno === -2;
  });
  assert.deepEqual(events.names(), ["connectError"]);
  assert.equal((events.log[0]?.arg as { code?: unknown }).code, "ENOENT");
});

test("DNS failure (nonexistent.invalid): ENOTFOUND, errno 4, syscall getaddrinfo, hostname", async () => {
  const events = recordEvents();
  await assert.rejects(connectAny({ hostname: "nonexistent.invalid", port: 80, socket: events.handlers }), (e: unknown) => {
    const err = e as { code?: unknown; errno?: unknown; syscall?: unknown; hostname?: unknown };
    assert.equal(err.code, "ENOTFOUND");
    assert.equal(err.errno, 4);
    assert.equal(err.syscall, "getaddrinfo");
    assert.equal(err.hostname, "nonexistent.invalid");
    return true;
  });
  assert.deepEqual(events.names(), ["connectError"]);
});

test("connect() validation errors are thrown synchronously (not a rejection)", () => {
  assert.throws(() => connectAny(), (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE");
  assert.throws(() => connectAny({ hostname: "127.0.0.1", port: 70000, socket: { data() {} } }), (e: unknown) => {
    return e instanceof RangeError && (e as { code?: unknown }).code === "ERR_OUT_OF_RANGE";
  });
  assert.throws(() => connectAny({ hostname: "127.0.0.1", port: 1, socket: { close() {} } }), (e: unknown) => e instanceof TypeError);
});

test("an async handler's rejection is an unhandledRejection, never reaches error; the socket stays open", async () => {
  // In a child: node:test turns an unhandled rejection in its own process into a failure.
  const r = await runModule(`
    import { listen, connect } from ${JSON.stringify(libUrl("index.js"))};
    const seen = [];
    let server;
    process.on("unhandledRejection", (e) => {
      seen.push("unhandledRejection:" + e.message, "server readyState " + server.readyState);
      console.log(seen.join(","));
      c.close(); l.stop(true);
    });
    const l = listen({ hostname: "127.0.0.1", port: 0, socket: {
      open(s) { server = s; },
      async data() { throw new Error("async-boom"); },
      error() { seen.push("error handler"); },
    } });
    const c = await connect({ hostname: "127.0.0.1", port: l.port, socket: { data() {} } });
    c.write("x");
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "unhandledRejection:async-boom,server readyState 1");
});
