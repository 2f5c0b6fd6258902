// `bunsock listen` as a real process, with node:net, bunsock and nc clients.
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { connect as netConnect } from "node:net";
import { join } from "node:path";
import { bunsock, cleanup, have, listeningPort, ncHalfCloseFlags, start, tempDir, withTimeout } from "./helpers.mjs";

after(cleanup);
const T = { timeout: 30_000 };
const sha = (b) => createHash("sha256").update(b).digest("hex");

/** A node:net client that sends `payload`, half-closes, and collects the reply until close. */
function client(port, payload, { end = true, allowHalfOpen = true } = {}) {
  const socket = netConnect({ host: "127.0.0.1", port, allowHalfOpen });
  const chunks = [];
  socket.on("data", (d) => chunks.push(d));
  const closed = new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
  socket.on("end", () => socket.end());
  if (payload !== undefined) {
    if (end) socket.end(payload);
    else socket.write(payload);
  }
  return { socket, closed: withTimeout(closed, 15_000, "the client to close") };
}

test("one connection: its bytes go to stdout, stdin goes to it (FIN at EOF); exit 0 when it ends", T, async () => {
  const p = bunsock(["listen", "0"]);
  const port = await listeningPort(p);
  const upload = randomBytes(2 << 20);
  const c = client(port, upload);
  p.child.stdin.end("reply from stdin\n");
  const reply = await c.closed;
  const { code } = await p.wait();
  assert.equal(code, 0, p.stderr());
  assert.equal(sha(p.stdout()), sha(upload));
  assert.equal(reply.toString(), "reply from stdin\n");
  assert.match(p.stderr(), /connection #1 from 127\.0\.0\.1:\d+\n/);
  assert.match(p.stderr(), new RegExp(`connection #1 from 127\\.0\\.0\\.1:\\d+ closed \\(received ${upload.length} bytes\\)`));
});

test("without --keep, a second connection is refused while the first is served", T, async () => {
  const p = bunsock(["listen", "0"]);
  const port = await listeningPort(p);
  const first = client(port, "first", { end: false });
  await p.waitFor(/connection #1/);
  const second = netConnect({ host: "127.0.0.1", port });
  const err = await withTimeout(new Promise((resolve) => second.on("error", resolve)), 5000, "ECONNREFUSED");
  assert.equal(err.code, "ECONNREFUSED");
  first.socket.end();
  p.child.stdin.end();
  await first.closed;
  assert.equal((await p.wait()).code, 0);
  assert.equal(p.stdout().toString(), "first");
});

test("--keep serves connections one after another: a waiting one's bytes follow the first's; SIGINT exits 130", T, async () => {
  const p = bunsock(["listen", "--keep", "0"]);
  const port = await listeningPort(p);
  const a = client(port, "A1.", { end: false });
  await p.waitFor(/A1\./, "stdout");
  // B connects and sends while A is still being served: B waits, paused.
  const b = client(port, "B-all.", { end: true });
  await p.waitFor(/connection #2 .* waits for its turn/);
  a.socket.end("A2.");
  await a.closed;
  await b.closed;
  await p.waitFor(/connection #2 .* closed/);
  assert.equal(p.stdout().toString(), "A1.A2.B-all.");
  p.kill("SIGINT");
  const { code } = await p.wait();
  assert.equal(code, 130);
});

test("--keep with real nc clients: the waiting client's bytes follow the first one's on stdout", { ...T, skip: have("nc") ? false : "nc is not installed" }, async () => {
  const p = bunsock(["listen", "--keep", "0"]);
  const port = await listeningPort(p);
  const half = ncHalfCloseFlags(); // FIN at stdin EOF, so each nc ends its connection
  const a = start("nc", [...half, "127.0.0.1", String(port)]);
  a.child.stdin.write("A1.\n");
  await p.waitFor(/A1\.\n/, "stdout");
  const b = start("nc", [...half, "127.0.0.1", String(port)]);
  b.child.stdin.end("B-all.\n");
  await p.waitFor(/connection #2 .* waits for its turn/);
  a.child.stdin.end("A2.\n");
  await p.waitFor(/connection #2 .* closed/);
  // stdout and stderr are separate pipes: the last bytes may arrive after the status line.
  await p.waitFor(/B-all\.\n/, "stdout");
  assert.equal(p.stdout().toString(), "A1.\nA2.\nB-all.\n");
  assert.equal((await a.wait()).code, 0, a.stderr());
  assert.equal((await b.wait()).code, 0, b.stderr());
  p.kill("SIGINT");
  assert.equal((await p.wait()).code, 130);
});

test("--echo --keep: concurrent clients each get their own bytes back (4 MiB with back-pressure); SIGTERM exits 143", T, async () => {
  const p = bunsock(["listen", "--echo", "--keep", "0"]);
  const port = await listeningPort(p);
  const payloads = [randomBytes(4 << 20), Buffer.from("small one"), randomBytes(100_000)];
  const clients = payloads.map((payload) => client(port, payload));
  const replies = await Promise.all(clients.map((c) => c.closed));
  replies.forEach((reply, i) => assert.equal(sha(reply), sha(payloads[i]), `client ${i}`));
  assert.equal(p.stdout().length, 0, "echo mode prints no payload");
  p.kill("SIGTERM");
  assert.equal((await p.wait()).code, 143);
});

test("--unix: bunsock connect --unix to bunsock listen --unix, both ways; the socket file is removed", T, async () => {
  const tmp = tempDir();
  try {
    const path = join(tmp.dir, "cli.sock");
    const server = bunsock(["listen", "--unix", path]);
    await server.waitFor(/listening on .*cli\.sock/);
    server.child.stdin.end("from listen\n");
    const c = bunsock(["connect", "--unix", path]);
    c.child.stdin.end("from connect\n");
    assert.equal((await c.wait()).code, 0, c.stderr());
    assert.equal((await server.wait()).code, 0, server.stderr());
    assert.equal(c.stdout().toString(), "from listen\n");
    assert.equal(server.stdout().toString(), "from connect\n");
    const { existsSync } = await import("node:fs");
    assert.equal(existsSync(path), false);
  } finally {
    tmp.remove();
  }
});

test("nc (or, without nc, a node:net client) as the client of bunsock listen", T, async (t) => {
  const p = bunsock(["listen", "0"]);
  const port = await listeningPort(p);
  p.child.stdin.end("hello nc\n");
  if (have("nc")) {
    t.diagnostic("client: nc from PATH");
    const nc = start("nc", ["-N", "127.0.0.1", String(port)]);
    nc.child.stdin.end("hello bunsock\n");
    assert.equal((await nc.wait()).code, 0, nc.stderr());
    assert.equal(nc.stdout().toString(), "hello nc\n");
  } else {
    t.diagnostic("nc is not installed: the client is node:net instead");
    const c = client(port, "hello bunsock\n");
    assert.equal((await c.closed).toString(), "hello nc\n");
  }
  assert.equal((await p.wait()).code, 0, p.stderr());
  assert.equal(p.stdout().toString(), "hello bunsock\n");
});

test("a client reset ends a single-connection listen with exit 1 and ECONNRESET", T, async () => {
  const p = bunsock(["listen", "-d", "0"]);
  const port = await listeningPort(p);
  const c = client(port, "x", { end: false });
  await p.waitFor(/x/, "stdout");
  c.socket.resetAndDestroy();
  assert.equal((await p.wait()).code, 1);
  assert.match(p.stderr(), /connection #1 from 127\.0\.0\.1:\d+ ended: ECONNRESET/);
});
