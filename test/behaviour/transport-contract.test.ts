/**
 * The Transport contract (src/transport/transport.ts), checked the same way on every
 * transport this runtime offers: the `handle` transport (Node's libuv handles) and the
 * node:net one. The core relies on exactly these reports, so both must give the same.
 * Real sockets on loopback and unix paths; the owner below is a plain recorder.
 */
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { handleTransport } from "../../src/transport/handle.js";
import { nodeTransport } from "../../src/transport/node.js";
import {
  kOnClose,
  kOnConnectError,
  kOnData,
  kOnEnd,
  kOnOpen,
  kOnWritable,
  type Connection,
  type ConnectionOwner,
  type ServerHandle,
  type Transport,
} from "../../src/transport/transport.js";
import type { Target } from "../../src/options.js";
import { deferred, withTimeout, type Deferred } from "../helpers/async.js";
import { tmpUnixPath } from "../helpers/net.js";

type EventName = "open" | "connectError" | "data" | "end" | "close" | "writable";

/** Records what a transport reports; `next(name, n)` waits for the n-th report of a kind (the first by default). */
class Recorder implements ConnectionOwner {
  readonly log: { name: EventName; arg: unknown }[] = [];
  readonly chunks: Buffer[] = [];
  total = 0;
  conn: Connection | undefined;
  private waiters: { name: EventName; count: number; d: Deferred<unknown> }[] = [];

  private push(name: EventName, arg?: unknown): void {
    this.log.push({ name, arg });
    for (const w of this.waiters.slice()) {
      if (this.count(w.name) >= w.count) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.d.resolve(this.log.filter((e) => e.name === w.name)[w.count - 1]?.arg);
      }
    }
  }

  count(name: EventName): number {
    return this.log.filter((e) => e.name === name).length;
  }

  names(): EventName[] {
    return this.log.map((e) => e.name).filter((n, i, all) => n !== "data" || all[i - 1] !== "data");
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  next(name: EventName, count = 1, ms = 5000): Promise<unknown> {
    if (this.count(name) >= count) return Promise.resolve(this.log.filter((e) => e.name === name)[count - 1]?.arg);
    const d = deferred<unknown>();
    this.waiters.push({ name, count, d });
    return withTimeout(d.promise, `${name} #${count}`, ms);
  }

  /** Waits until at least `n` bytes arrived. */
  async received(n: number, ms = 10_000): Promise<Buffer> {
    while (this.total < n) await this.next("data", this.count("data") + 1, ms);
    return this.bytes();
  }

  [kOnOpen](): void {
    this.push("open");
  }
  [kOnConnectError](error: unknown): void {
    this.push("connectError", error);
  }
  [kOnData](chunk: Buffer): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    this.push("data", chunk);
  }
  [kOnEnd](): void {
    this.push("end");
  }
  [kOnClose](error: unknown): void {
    this.push("close", error);
  }
  [kOnWritable](): void {
    this.push("writable");
  }
}

interface Pair {
  client: Recorder;
  server: Recorder;
  c: Connection;
  s: Connection;
  [Symbol.dispose](): void;
}

const SETTINGS = { exclusive: false, reusePort: false, ipv6Only: false };

function serveOn(t: Transport, target: Target): { server: ServerHandle; accepted: Promise<Recorder> } {
  const accepted = deferred<Recorder>();
  const server = t.listen(target, SETTINGS, (conn) => {
    const r = new Recorder();
    r.conn = conn;
    accepted.resolve(r);
    return r;
  });
  return { server, accepted: accepted.promise };
}

async function pair(t: Transport, target?: Target): Promise<Pair> {
  const { server, accepted } = serveOn(t, target ?? { kind: "tcp", hostname: "127.0.0.1", port: 0 });
  const to: Target = target?.kind === "unix" ? target : { kind: "tcp", hostname: "127.0.0.1", port: server.port as number };
  const client = new Recorder();
  const c = t.connect(to, client);
  client.conn = c;
  await client.next("open");
  const srv = await withTimeout(accepted, "accept");
  const s = srv.conn as Connection;
  return {
    client,
    server: srv,
    c,
    s,
    [Symbol.dispose]: () => {
      c.close();
      s.close();
      server.close();
    },
  };
}

function pattern(size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 131 + (i >> 12)) & 0xff;
  return b;
}

const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

function errCode(e: unknown): unknown {
  return (e as { code?: unknown } | undefined)?.code;
}

const handle = handleTransport();
const transports: Transport[] = [nodeTransport, ...(handle === null ? [] : [handle])];

test("the handle transport is available on this Node", () => {
  assert.ok(handle !== null, "handleTransport() returned null: Node's tcp_wrap/pipe_wrap/stream_wrap bindings failed the self-test");
  assert.equal(handle.name, "handle");
});

for (const t of transports) {
  describe(`transport ${t.name}`, () => {
    test("bytes both ways; close() sends FIN: the peer sees data, then end; the closer hears nothing more", async () => {
      using p = await pair(t);
      p.c.write(Buffer.from("ping"));
      assert.equal((await p.server.received(4)).toString(), "ping");
      p.s.write(Buffer.from("pong"));
      assert.equal((await p.client.received(4)).toString(), "pong");
      p.c.close();
      await p.server.next("end");
      assert.deepEqual(p.server.names(), ["data", "end"]);
      p.s.close();
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(p.client.names(), ["open", "data"], "nothing is reported after close()");
    });

    test("a write larger than the kernel takes stays queued, arrives whole and in order, then writable once", async () => {
      using p = await pair(t);
      p.s.pause();
      const big = pattern(16 * 1024 * 1024);
      p.c.write(big);
      assert.ok(p.c.queued() > 0, "the kernel cannot take 16 MiB to a peer that does not read");
      assert.ok(p.c.queued() <= big.length);
      p.s.resume();
      const got = await p.server.received(big.length, 20_000);
      assert.equal(got.length, big.length);
      assert.equal(sha(got), sha(big));
      await p.client.next("writable");
      assert.equal(p.c.queued(), 0);
      assert.equal(p.client.count("writable"), 1);
    });

    test("close() with queued bytes flushes them all, then the peer sees end", async () => {
      using p = await pair(t);
      p.s.pause();
      const big = pattern(12 * 1024 * 1024);
      p.c.write(big);
      assert.ok(p.c.queued() > 0);
      p.c.close();
      p.s.resume();
      await p.server.next("end", 1, 20_000);
      assert.equal(sha(p.server.bytes()), sha(big));
      assert.deepEqual(p.client.names(), ["open"], "close() reports nothing");
    });

    test("shutdown() sends FIN and keeps reading; when both sides are done both hear close without error", async () => {
      using p = await pair(t);
      p.c.shutdown();
      await p.server.next("end");
      p.s.write(Buffer.from("after-fin"));
      assert.equal((await p.client.received(9)).toString(), "after-fin");
      p.s.shutdown();
      await p.client.next("end");
      assert.equal(await p.client.next("close"), undefined);
      assert.equal(await p.server.next("close"), undefined);
      assert.deepEqual(p.client.names(), ["open", "data", "end", "close"]);
      assert.deepEqual(p.server.names(), ["end", "close"]);
    });

    test("reset(): the peer hears close with ECONNRESET; the resetter hears nothing", async () => {
      using p = await pair(t);
      p.c.reset();
      const err = await p.server.next("close");
      assert.equal(errCode(err), "ECONNRESET");
      assert.deepEqual(p.client.names(), ["open"]);
    });

    test("a write after the peer closed completely ends in close(EPIPE) without another write", async () => {
      using p = await pair(t);
      p.c.close();
      await p.server.next("end");
      p.s.write(Buffer.from("into the void"));
      const err = await p.server.next("close", 1, 8000);
      assert.equal(errCode(err), "EPIPE");
    });

    test("pause() stops data until resume(); the bytes are then delivered", async () => {
      using p = await pair(t);
      p.s.pause();
      p.c.write(Buffer.from("held"));
      // Let the bytes reach the server's kernel buffer and a few loop turns pass.
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(p.server.count("data"), 0);
      p.s.resume();
      assert.equal((await p.server.received(4)).toString(), "held");
    });

    test("addresses and fd of an open connection; fd -1 after close()", async () => {
      const { server, accepted } = serveOn(t, { kind: "tcp", hostname: "127.0.0.1", port: 0 });
      try {
        const client = new Recorder();
        const c = t.connect({ kind: "tcp", hostname: "127.0.0.1", port: server.port as number }, client);
        await client.next("open");
        const a = c.addresses();
        assert.equal(a?.remotePort, server.port);
        assert.equal(a?.remoteAddress, "127.0.0.1");
        assert.equal(a?.localAddress, "127.0.0.1");
        assert.equal(a?.localFamily, "IPv4");
        assert.equal(a?.remoteFamily, "IPv4");
        assert.ok(typeof a?.localPort === "number" && a.localPort > 0);
        const s = (await accepted).conn as Connection;
        assert.equal(s.addresses()?.remotePort, a.localPort);
        assert.ok(c.fd() > 2);
        c.close();
        s.close();
        assert.equal(c.fd(), -1);
      } finally {
        server.close();
      }
    });

    test("IPv6 loopback: connect to ::1 and [::1], families IPv6", async () => {
      const { server, accepted } = serveOn(t, { kind: "tcp", hostname: "::1", port: 0 });
      try {
        for (const hostname of ["::1", "[::1]"]) {
          const client = new Recorder();
          const c = t.connect({ kind: "tcp", hostname, port: server.port as number }, client);
          await client.next("open");
          assert.equal(c.addresses()?.remoteFamily, "IPv6");
          assert.equal(c.addresses()?.remoteAddress, "::1");
          c.close();
        }
        ((await accepted).conn as Connection).close();
      } finally {
        server.close();
      }
    });

    test("a refused connect reports connectError ECONNREFUSED and nothing else", async () => {
      const { server } = serveOn(t, { kind: "tcp", hostname: "127.0.0.1", port: 0 });
      const port = server.port as number;
      server.close();
      const client = new Recorder();
      t.connect({ kind: "tcp", hostname: "127.0.0.1", port }, client);
      assert.equal(errCode(await client.next("connectError")), "ECONNREFUSED");
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(client.names(), ["connectError"]);
    });

    test("hostnames are looked up: localhost connects, an unknown name fails with ENOTFOUND and its hostname", async () => {
      const { server, accepted } = serveOn(t, { kind: "tcp", hostname: "127.0.0.1", port: 0 });
      try {
        const client = new Recorder();
        const c = t.connect({ kind: "tcp", hostname: "localhost", port: server.port as number }, client);
        await client.next("open");
        c.close();
        ((await accepted).conn as Connection).close();
      } finally {
        server.close();
      }
      const failing = new Recorder();
      t.connect({ kind: "tcp", hostname: "nonexistent.invalid", port: 80 }, failing);
      const err = (await failing.next("connectError", 1, 10_000)) as { code?: string; hostname?: string };
      assert.equal(err.code, "ENOTFOUND");
      assert.equal(err.hostname, "nonexistent.invalid");
    });

    test("unix sockets: exchange, half-close; a missing path is ENOENT, a too long one EINVAL", async () => {
      using tmp = tmpUnixPath();
      {
        using p = await pair(t, { kind: "unix", path: tmp.path });
        p.c.write(Buffer.from("over unix"));
        assert.equal((await p.server.received(9)).toString(), "over unix");
        assert.equal(p.c.addresses()?.remoteAddress, undefined);
        p.c.shutdown();
        await p.server.next("end");
        p.s.write(Buffer.from("reply"));
        assert.equal((await p.client.received(5)).toString(), "reply");
      }
      const missing = new Recorder();
      t.connect({ kind: "unix", path: `${tmp.dir}/absent.sock` }, missing);
      assert.equal(errCode(await missing.next("connectError")), "ENOENT");
      const long = new Recorder();
      t.connect({ kind: "unix", path: `${tmp.dir}/${"x".repeat(120)}` }, long);
      assert.equal(errCode(await long.next("connectError")), "EINVAL");
    });

    test("listen errors are thrown synchronously with Bun's shape (EADDRINUSE)", () => {
      const { server } = serveOn(t, { kind: "tcp", hostname: "127.0.0.1", port: 0 });
      try {
        assert.throws(
          () => t.listen({ kind: "tcp", hostname: "127.0.0.1", port: server.port as number }, SETTINGS, () => new Recorder()),
          (e: Error & { code?: string; syscall?: string; port?: number }) =>
            e.message === "Failed to listen at 127.0.0.1" && e.code === "EADDRINUSE" && e.syscall === "listen" && e.port === server.port,
        );
      } finally {
        server.close();
      }
    });
  });
}

describe("handle transport only", { skip: handle === null }, () => {
  const t = handle as Transport;

  test("writev: several chunks go out in order, also when the kernel queues them; writable once", async () => {
    using p = await pair(t);
    const writev = p.c.writev?.bind(p.c);
    assert.ok(writev !== undefined, "the handle transport offers writev");
    writev([Buffer.from("a"), Buffer.from("bc"), Buffer.from("def")]);
    assert.equal((await p.server.received(6)).toString(), "abcdef");
    p.s.pause();
    const big = [pattern(6 * 1024 * 1024), pattern(5 * 1024 * 1024).reverse(), pattern(7 * 1024 * 1024)];
    writev(big);
    assert.ok(p.c.queued() > 0);
    p.s.resume();
    const all = Buffer.concat([Buffer.from("abcdef"), ...big]);
    const got = await p.server.received(all.length, 20_000);
    assert.equal(sha(got), sha(all));
    await p.client.next("writable");
    assert.equal(p.client.count("writable"), 1);
  });

  test("many synchronous writes, a queued one, then more after writable: every byte in order", async () => {
    using p = await pair(t);
    const parts: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(`<${i}>`);
      parts.push(b);
      p.c.write(b);
    }
    p.s.pause();
    const big = pattern(16 * 1024 * 1024);
    parts.push(big);
    p.c.write(big);
    assert.ok(p.c.queued() > 0);
    p.s.resume();
    await p.client.next("writable", 1, 20_000);
    for (let i = 0; i < 50; i++) {
      const b = Buffer.from(`[${i}]`);
      parts.push(b);
      p.c.write(b);
    }
    const all = Buffer.concat(parts);
    const got = await p.server.received(all.length, 20_000);
    assert.equal(sha(got), sha(all));
  });

  test("close() before a connect completes (address or host name) reports nothing", async () => {
    const { server } = serveOn(t, { kind: "tcp", hostname: "127.0.0.1", port: 0 });
    try {
      const owners = ["127.0.0.1", "localhost"].map((hostname) => {
        const r = new Recorder();
        t.connect({ kind: "tcp", hostname, port: server.port as number }, r).close();
        return r;
      });
      await new Promise((r) => setTimeout(r, 30));
      for (const r of owners) assert.deepEqual(r.names(), []);
    } finally {
      server.close();
    }
  });

  test("after close() the peer's further bytes are not reported", async () => {
    using p = await pair(t);
    p.s.write(Buffer.from("first"));
    await p.client.received(5);
    p.c.close();
    p.s.write(Buffer.from("more"));
    await p.server.next("end");
    assert.deepEqual(p.client.names(), ["open", "data"]);
  });
});

describe("handle transport: writeCopy (bytes the caller keeps)", { skip: handle === null }, () => {
  const t = handle as Transport;

  test("the caller may overwrite its buffer at once: sent and queued bytes are the ones given", async () => {
    using p = await pair(t);
    using q = await pair(t);
    const writeCopy = (c: Connection, b: Uint8Array): void => (c.writeCopy as (b: Uint8Array) => void).call(c, b);
    assert.equal(typeof p.c.writeCopy, "function");
    const expectedP: Buffer[] = [];
    const expectedQ: Buffer[] = [];
    const reused = Buffer.alloc(48 * 1024);
    // Small and scratch-sized writes the kernel takes at once, on two connections in turn.
    for (let i = 0; i < 40; i++) {
      reused.fill(i);
      const view = reused.subarray(0, 1000 + i * 1000);
      expectedP.push(Buffer.from(view));
      writeCopy(p.c, view);
      reused.fill(255 - i);
      expectedQ.push(Buffer.from(view));
      writeCopy(q.c, view);
    }
    // Now the kernel is made to queue: the queued part must not change with the caller's buffer.
    p.s.pause();
    const big = pattern(16 * 1024 * 1024);
    expectedP.push(Buffer.from(big));
    writeCopy(p.c, big);
    big.fill(0);
    assert.ok(p.c.queued() > 0, "the kernel queued part of what was written");
    // Scratch-sized writes behind the queue are queued too, each keeping its own copy,
    // while the other connection's writes (taken at once) go through a fresh scratch.
    for (let i = 0; i < 3; i++) {
      reused.fill(100 + i);
      expectedP.push(Buffer.from(reused));
      writeCopy(p.c, reused);
      reused.fill(200 + i);
      expectedQ.push(Buffer.from(reused));
      writeCopy(q.c, reused);
    }
    reused.fill(9);
    p.s.resume();
    const wantP = Buffer.concat(expectedP);
    const wantQ = Buffer.concat(expectedQ);
    assert.equal(sha(await p.server.received(wantP.length, 20_000)), sha(wantP));
    assert.equal(sha(await q.server.received(wantQ.length, 20_000)), sha(wantQ));
  });
});
