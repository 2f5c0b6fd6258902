import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { deferred, withTimeout } from "../helpers/async.js";
import { dial, serve } from "../helpers/net.js";

test("write() returns the bytes accepted for every data type; the peer receives them in order", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    const u16 = new Uint16Array([0x4241, 0x4443]); // "ABCD" little-endian
    const sab = new SharedArrayBuffer(2);
    new Uint8Array(sab).set([0x45, 0x46]); // "EF"
    const results = [
      socket.write("a"),
      socket.write(new String("b") as unknown as string),
      socket.write(Buffer.from("c")),
      socket.write(new Uint8Array([0x64])), // d
      socket.write(new Uint8Array([0x78, 0x65, 0x78]).subarray(1, 2)), // e
      socket.write(new Uint8Array([0x66]).buffer), // f
      socket.write(new DataView(new Uint8Array([0x67, 0x68]).buffer, 0, 1)), // g
      socket.write(u16),
      socket.write(sab),
      socket.write("héllo"),
      socket.write("xxhixx", 2, 2),
      socket.write("414243", "hex" as unknown as number),
    ];
    assert.deepEqual(results, [1, 1, 1, 1, 1, 1, 1, 4, 2, 6, 2, 3]);
    const expected = "abcdefgABCDEFhéllohiABC";
    const total = Buffer.byteLength(expected);
    assert.equal(socket.bytesWritten, total);
    while (srv.events.bytes() < total) await srv.events.next("data", srv.events.names().filter((n) => n === "data").length + 1);
    assert.equal(srv.events.text(), expected);
  } finally {
    socket.close();
  }
});

test("write() of nothing returns 0: no argument, undefined, '', (u8, 0, 0)", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    const w = socket.write as (...args: unknown[]) => number;
    assert.equal(w.call(socket), 0);
    assert.equal(w.call(socket, undefined), 0);
    assert.equal(socket.write(""), 0);
    assert.equal(socket.write(new Uint8Array(4), 0, 0), 0);
    assert.equal(socket.bytesWritten, 0);
  } finally {
    socket.close();
  }
});

test("a Blob is accepted (its size) and delivered", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    assert.equal(socket.write(new Blob(["blob!"]) as unknown as string), 5);
    await srv.events.next("data");
    while (srv.events.bytes() < 5) await srv.events.next("data", srv.events.names().filter((n) => n === "data").length + 1);
    assert.equal(srv.events.text(), "blob!");
  } finally {
    socket.close();
  }
});

test("write() with bad data throws TypeError ERR_INVALID_ARG_TYPE and the socket stays open", async () => {
  using srv = serve();
  const { socket } = await dial(srv.port);
  try {
    for (const bad of [42, true, null, {}, [1]]) {
      assert.throws(
        () => socket.write(bad as unknown as string),
        (e: unknown) => e instanceof TypeError && (e as { code?: unknown }).code === "ERR_INVALID_ARG_TYPE",
      );
    }
    assert.throws(
      () => socket.write(new Uint8Array(10), 2),
      (e: unknown) => e instanceof RangeError && (e as { code?: unknown }).code === "ERR_OUT_OF_RANGE",
    );
    assert.throws(() => socket.end(new Uint8Array(10), 20, 0), (e: unknown) => e instanceof RangeError);
    assert.equal(socket.readyState, 1, "end() throws before closing");
    assert.equal(socket.write("ok"), 2);
  } finally {
    socket.close();
  }
});

test("write() returns -1 after end(), close(), terminate(), shutdown(), and after the peer closed", async () => {
  using srv = serve();
  const a = await dial(srv.port);
  a.socket.end();
  assert.equal(a.socket.write("x"), -1);
  const b = await dial(srv.port);
  b.socket.terminate();
  assert.equal(b.socket.write("x"), -1);
  const c = await dial(srv.port);
  c.socket.shutdown();
  assert.equal(c.socket.write("x"), -1);
  assert.equal(c.socket.end("x"), -1);
  assert.equal(c.socket.readyState, 1, "shutdown() leaves readyState 1");
  const d = await dial(srv.port);
  await srv.events.next("open", 4);
  const serverSide = srv.events.log.filter((r) => r.event === "open")[3]?.socket;
  serverSide?.close();
  await d.events.next("close");
  assert.equal(d.socket.write("x"), -1);
  c.socket.close();
});

test("back-pressure: a peer that stops reading → partial writes, drain, and exactly the accepted bytes arrive", async () => {
  const TOTAL = 16 * 1024 * 1024;
  const payload = Buffer.alloc(TOTAL);
  for (let i = 0; i < TOTAL; i++) payload[i] = i % 251;

  const received: Buffer[] = [];
  let receivedBytes = 0;
  const allReceived = deferred<void>();
  using srv = serve({
    hooks: {
      open: (s) => s.pause(),
      data: (_s, d) => {
        received.push(d as Buffer);
        receivedBytes += (d as Buffer).byteLength;
        if (receivedBytes >= TOTAL) allReceived.resolve();
      },
    },
  });

  let sent = 0;
  let drains = 0;
  const allSent = deferred<void>();
  const { socket } = await dial(srv.port, {
    hooks: {
      drain: (s) => {
        drains++;
        pump(s);
      },
    },
  });
  function pump(s: typeof socket): void {
    while (sent < TOTAL) {
      const n = s.write(payload.subarray(sent));
      assert.ok(n >= 0, `write returned ${n}`);
      sent += n;
      if (n === 0 || sent < TOTAL) return;
    }
    allSent.resolve();
  }
  try {
    const server = await srv.accepted;
    // While the peer does not read: the first write is partial, and the next ones
    // accept nothing more than the kernel can hold (no hidden unbounded queue).
    const first = socket.write(payload);
    assert.ok(first > 0 && first < TOTAL, `first write accepted ${first} of ${TOTAL}`);
    sent = first;
    let immediate = first;
    for (let i = 0; i < 4; i++) {
      const n = socket.write(payload.subarray(sent));
      immediate += n;
      sent += n;
    }
    assert.ok(immediate < TOTAL, `writes while the peer is paused accepted ${immediate} bytes: everything was buffered`);
    server.resume();
    await withTimeout(allSent.promise, "all bytes accepted", 15_000);
    assert.ok(drains >= 1, "drain fired");
    assert.equal(socket.bytesWritten, TOTAL);
    await withTimeout(allReceived.promise, "all bytes received", 15_000);
    assert.equal(receivedBytes, TOTAL, "the peer received exactly the accepted bytes");
    assert.ok(Buffer.concat(received).equals(payload), "content and order preserved");
  } finally {
    socket.close();
  }
});

test("drain fires once per back-pressure episode; a write after drain is accepted", async () => {
  using srv = serve({ hooks: { open: (s) => s.pause() } });
  const drained = deferred<void>();
  const { socket, events } = await dial(srv.port, { hooks: { drain: () => drained.resolve() } });
  try {
    const server = await srv.accepted;
    const big = Buffer.alloc(8 * 1024 * 1024, 1);
    const n = socket.write(big);
    assert.ok(n < big.byteLength);
    server.resume();
    await withTimeout(drained.promise, "drain");
    assert.equal(socket.write("after drain"), 11);
    assert.equal(events.names().filter((e) => e === "drain").length, 1);
  } finally {
    socket.close();
  }
});
