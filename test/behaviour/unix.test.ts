import { test } from "node:test";
import * as assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/index.js";
import { recordEvents } from "../helpers/events.js";
import { connectAny, listenAny, tmpUnixPath } from "../helpers/net.js";

test("unix: listen + connect, exchange, addresses undefined, listener.unix", async () => {
  using tmp = tmpUnixPath();
  const srv = recordEvents({ data: (s, d) => void s.write(d as Buffer) });
  const listener = listenAny({ unix: tmp.path, hostname: "127.0.0.1", port: 1234, socket: srv.handlers });
  try {
    assert.equal((listener as unknown as { unix?: string }).unix, tmp.path);
    assert.equal(listener.port, undefined);
    assert.equal(listener.hostname, undefined);
    const out: Record<string, unknown> = {};
    (listener as unknown as { getsockname(o: object): void }).getsockname(out);
    assert.deepEqual(out, {});
    const events = recordEvents();
    const socket = await connect({ unix: tmp.path, socket: events.handlers });
    socket.write("over unix");
    await events.next("data");
    assert.equal(events.text(), "over unix");
    for (const key of ["localAddress", "localPort", "localFamily", "remoteAddress", "remotePort", "remoteFamily"] as const) {
      assert.equal(socket[key], undefined, `client ${key}`);
      assert.equal(srv.log[0]?.socket[key], undefined, `server ${key}`);
    }
    socket.end();
    await srv.next("close");
  } finally {
    listener.stop(true);
  }
});

test("unix: connect to a missing path rejects with ENOENT (errno -2, syscall connect)", async () => {
  using tmp = tmpUnixPath();
  await assert.rejects(connectAny({ unix: tmp.path, socket: { data() {} } }), (e: unknown) => {
    const err = e as { code?: unknown; errno?: unknown; syscall?: unknown };
    return e instanceof Error && err.code === "ENOENT" && err.errno === -2 && err.syscall === "connect";
  });
});

test("unix: listen on an existing regular file → EADDRINUSE (errno 98, address = path, no port)", () => {
  using tmp = tmpUnixPath();
  writeFileSync(tmp.path, "not a socket");
  assert.throws(
    () => listenAny({ unix: tmp.path, socket: { data() {} } }),
    (e: unknown) => {
      const err = e as { code?: unknown; errno?: unknown; address?: unknown };
      assert.equal(err.code, "EADDRINUSE");
      assert.equal(err.errno, 98);
      assert.equal(err.address, tmp.path);
      assert.equal(Object.hasOwn(e as object, "port"), false);
      return true;
    },
  );
  assert.ok(existsSync(tmp.path), "the existing file is left alone");
});

test("unix: listen on a path in use → EADDRINUSE", () => {
  using tmp = tmpUnixPath();
  const l = listenAny({ unix: tmp.path, socket: { data() {} } });
  try {
    assert.throws(() => listenAny({ unix: tmp.path, socket: { data() {} } }), (e: unknown) => (e as { code?: unknown }).code === "EADDRINUSE");
  } finally {
    l.stop();
  }
});

test("unix: listen in a missing directory → ENOENT (errno 2)", () => {
  using tmp = tmpUnixPath();
  assert.throws(
    () => listenAny({ unix: join(tmp.dir, "missing", "s.sock"), socket: { data() {} } }),
    (e: unknown) => (e as { code?: unknown }).code === "ENOENT" && (e as { errno?: unknown }).errno === 2,
  );
});

test("unix: stop() removes the socket file at once, even with a live connection", async () => {
  using tmp = tmpUnixPath();
  const srv = recordEvents();
  const listener = listenAny({ unix: tmp.path, socket: srv.handlers });
  const events = recordEvents();
  const socket = await connect({ unix: tmp.path, socket: events.handlers });
  try {
    await srv.next("open");
    assert.ok(existsSync(tmp.path));
    listener.stop();
    assert.equal(existsSync(tmp.path), false, "socket file removed by stop()");
    assert.equal(socket.readyState, 1, "existing connection stays open");
    srv.log[0]?.socket.write("still");
    await events.next("data");
    assert.equal(events.text(), "still");
  } finally {
    socket.close();
    listener.stop(true);
  }
});
