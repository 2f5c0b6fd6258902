// `bunsock connect` as a real process against real peers: a node:net server, a bunsock
// listener, a unix socket, and nc when it is installed.
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { BUN, bunsock, CLI, cleanup, have, lib, start, tempDir, withTimeout } from "./helpers.mjs";

after(cleanup);
const T = { timeout: 30_000 };
const sha = (b) => createHash("sha256").update(b).digest("hex");

/** A node:net server (allowHalfOpen) running `onConnection`; resolves with it listening. */
async function netServer(onConnection) {
  const server = createServer({ allowHalfOpen: true }, onConnection);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

test("stdin reaches the peer in full, then FIN (half-close); the peer's reply reaches stdout; exit 0", T, async () => {
  const input = randomBytes(3 << 20);
  let received;
  const server = await netServer((c) => {
    const chunks = [];
    c.on("data", (d) => chunks.push(d));
    // The peer sees our FIN only after every stdin byte, and can still answer.
    c.on("end", () => {
      received = Buffer.concat(chunks);
      c.end(`got ${received.length} ${sha(received)}\n`);
    });
  });
  try {
    const p = bunsock(["connect", "127.0.0.1", String(server.address().port)]);
    p.child.stdin.end(input);
    const { code } = await p.wait();
    assert.equal(code, 0, p.stderr());
    assert.equal(received.length, input.length);
    assert.equal(sha(received), sha(input));
    assert.equal(p.stdout().toString(), `got ${input.length} ${sha(input)}\n`);
    assert.equal(p.stderr(), "", "quiet without -v");
  } finally {
    server.close();
  }
});

test("against a bunsock echo listener that pauses: 8 MiB with back-pressure both ways, byte for byte", T, async () => {
  const { listen } = await lib();
  // An echo server that stops reading while its echo is not accepted (Bun's contract).
  const pending = new Map();
  const listener = listen({
    hostname: "127.0.0.1",
    port: 0,
    allowHalfOpen: true,
    socket: {
      data(s, d) {
        const n = s.write(d);
        if (n < d.length) {
          pending.set(s, d.subarray(n));
          s.pause();
        }
      },
      drain(s) {
        const rest = pending.get(s);
        if (rest === undefined) return;
        const n = s.write(rest);
        if (n < 0) return;
        if (n < rest.length) pending.set(s, rest.subarray(n));
        else {
          pending.delete(s);
          s.resume();
          if (s.data === "ended") s.end();
        }
      },
      end(s) {
        if (pending.has(s)) s.data = "ended";
        else s.end();
      },
    },
  });
  try {
    const input = randomBytes(8 << 20);
    const p = bunsock(["connect", "-v", "127.0.0.1", String(listener.port)]);
    p.child.stdin.end(input);
    const { code } = await p.wait(25_000);
    assert.equal(code, 0, p.stderr());
    assert.equal(p.stdout().length, input.length);
    assert.equal(sha(p.stdout()), sha(input));
    assert.match(p.stderr(), /connected to 127\.0\.0\.1:\d+ \(from 127\.0\.0\.1:\d+\)/);
    assert.match(p.stderr(), new RegExp(`closed \\(sent ${input.length} bytes, received ${input.length} bytes\\)`));
  } finally {
    listener.stop(true);
  }
});

test("the peer finishes first: piped stdin is still sent after the peer's FIN, then exit 0", T, async () => {
  let late = "";
  let gotEnd;
  const ended = new Promise((r) => (gotEnd = r));
  const server = await netServer((c) => {
    c.end("banner and goodbye\n"); // FIN at once, still reading (allowHalfOpen)
    c.on("data", (d) => (late += d));
    c.on("end", gotEnd);
  });
  try {
    const p = bunsock(["connect", "127.0.0.1", String(server.address().port)]);
    await p.waitFor(/banner and goodbye/, "stdout");
    p.child.stdin.write("sent after the peer's FIN\n");
    p.child.stdin.end();
    await withTimeout(ended, 10_000, "the server to see our FIN");
    const { code } = await p.wait();
    assert.equal(code, 0, p.stderr());
    assert.equal(late, "sent after the peer's FIN\n");
  } finally {
    server.close();
  }
});

test("a reset by the peer exits 1 with ECONNRESET on one line", T, async () => {
  const server = await netServer((c) => {
    c.once("data", () => c.resetAndDestroy());
  });
  try {
    const p = bunsock(["connect", "127.0.0.1", String(server.address().port)]);
    p.child.stdin.write("trigger\n"); // stdin stays open: only the reset ends the command
    const { code } = await p.wait();
    assert.equal(code, 1);
    assert.match(p.stderr(), /^bunsock: connection to 127\.0\.0\.1:\d+ ended: ECONNRESET \(connection reset by peer\)\n$/);
  } finally {
    server.close();
  }
});

test("-d sends nothing (stdin not read) and exits 0 when the peer closes", T, async () => {
  let got = 0;
  const server = await netServer((c) => {
    c.on("data", (d) => (got += d.length));
    c.end("hello\n");
    c.on("end", () => c.end());
  });
  try {
    const p = bunsock(["connect", "-d", "127.0.0.1", String(server.address().port)]);
    p.child.stdin.write("must not be sent\n"); // open pipe: only the peer's close ends it
    const { code } = await p.wait();
    assert.equal(code, 0, p.stderr());
    assert.equal(p.stdout().toString(), "hello\n");
    assert.equal(got, 0);
  } finally {
    server.close();
  }
});

test("--unix: to a bunsock unix listener, both directions, exit 0", T, async () => {
  const { listen } = await lib();
  const tmp = tempDir();
  const path = join(tmp.dir, "s.sock");
  const listener = listen({
    unix: path,
    allowHalfOpen: true,
    socket: {
      data(s, d) {
        s.write(String(d).toUpperCase());
      },
      end(s) {
        s.end();
      },
    },
  });
  try {
    const p = bunsock(["connect", "--unix", path]);
    p.child.stdin.end("over a unix socket\n");
    const { code } = await p.wait();
    assert.equal(code, 0, p.stderr());
    assert.equal(p.stdout().toString(), "OVER A UNIX SOCKET\n");
  } finally {
    listener.stop(true);
    tmp.remove();
  }
});

test("against nc -l (or, without nc, a node:net peer): both directions, exit 0", T, async (t) => {
  if (!have("nc")) {
    // Not skipped: the same exchange against node:net, and the report says so.
    t.diagnostic("nc is not installed: the peer is a node:net server instead");
    const server = await netServer((c) => {
      let got = "";
      c.on("data", (d) => (got += d));
      c.on("end", () => c.end(`peer got: ${got}`));
    });
    try {
      const p = bunsock(["connect", "127.0.0.1", String(server.address().port)]);
      p.child.stdin.end("ping\n");
      assert.equal((await p.wait()).code, 0, p.stderr());
      assert.equal(p.stdout().toString(), "peer got: ping\n");
    } finally {
      server.close();
    }
    return;
  }
  t.diagnostic("peer: nc from PATH");
  // nc needs a port number: take a free one from the kernel and hand it over (a
  // bind race with another process is possible in principle; nc would then fail loudly).
  const free = createServer();
  await new Promise((r) => free.listen(0, "127.0.0.1", r));
  const port = free.address().port;
  await new Promise((r) => free.close(r));
  // -N: nc shuts its write side at stdin EOF, as bunsock does.
  const nc = start("nc", ["-N", "-l", "127.0.0.1", String(port)]);
  nc.child.stdin.end("from nc\n");
  // nc has no "listening" line: retry the connect until nc is there.
  let p;
  for (let i = 0; i < 50; i++) {
    p = bunsock(["connect", "127.0.0.1", String(port)]);
    p.child.stdin.end("from bunsock\n");
    const r = await p.wait();
    if (r.code === 0) break;
    assert.match(p.stderr(), /ECONNREFUSED/);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(p.stdout().toString(), "from nc\n");
  const ncExit = await nc.wait();
  assert.equal(ncExit.code, 0, nc.stderr());
  assert.equal(nc.stdout().toString(), "from bunsock\n");
});

test("the same command on real Bun (its native sockets) moves the same bytes and exits the same way", T, async () => {
  const input = randomBytes(1 << 20);
  const server = await netServer((c) => {
    const chunks = [];
    c.on("data", (d) => chunks.push(d));
    c.on("end", () => c.end(sha(Buffer.concat(chunks))));
  });
  try {
    const args = [CLI, "connect", "127.0.0.1", String(server.address().port)];
    for (const runtime of [BUN, process.execPath]) {
      const p = start(runtime, args);
      p.child.stdin.end(input);
      const { code } = await p.wait();
      assert.equal(code, 0, `${runtime}: ${p.stderr()}`);
      assert.equal(p.stdout().toString(), sha(input), runtime);
    }
  } finally {
    server.close();
  }
});
