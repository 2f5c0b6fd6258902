/**
 * Pins every difference from Bun listed in docs/compat.md, so that a change in
 * behaviour (for better or worse) shows up as a failing test and the doc is updated.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Blob } from "node:buffer";
import { MAX_ACCEPT } from "../../src/write-gate.js";
import { connectAny, dial, listenAny, serve } from "../helpers/net.js";
import { withTimeout } from "../helpers/async.js";

function runtimeHasReusePort(): boolean {
  try {
    const binding = (process as unknown as { binding(n: string): { constants: Record<string, number> } }).binding;
    return binding("tcp_wrap").constants.UV_TCP_REUSEPORT !== undefined;
  } catch {
    return false;
  }
}

test("reusePort: shared where the runtime can set SO_REUSEPORT, EADDRINUSE on Node 20 (compat: reusePort)", () => {
  const a = listenAny({ hostname: "127.0.0.1", port: 0, reusePort: true, socket: { data() {} } });
  try {
    const second = () => listenAny({ hostname: "127.0.0.1", port: a.port, reusePort: true, socket: { data() {} } });
    if (runtimeHasReusePort()) {
      const b = second();
      assert.equal(b.port, a.port);
      b.stop();
    } else {
      assert.throws(second, (e: unknown) => (e as { code?: string }).code === "EADDRINUSE");
    }
  } finally {
    a.stop();
  }
});

test("write accepts at most MAX_ACCEPT bytes at a time, and all accepted bytes arrive (compat: write)", async () => {
  using server = serve();
  const { socket, events } = await dial(server.port);
  const peer = await server.accepted;
  const big = new Uint8Array(MAX_ACCEPT * 3).fill(7);
  const first = socket.write(big);
  assert.ok(first > 0 && first <= MAX_ACCEPT, `first write accepted ${first}`);
  let sent = first;
  while (sent < big.byteLength) {
    const n = socket.write(big, sent, big.byteLength - sent);
    assert.ok(n >= 0 && n <= MAX_ACCEPT);
    if (n === 0) await withTimeout(events.next("drain", events.names().filter((e) => e === "drain").length + 1), "drain");
    sent += n;
  }
  assert.equal(socket.bytesWritten, big.byteLength);
  await withTimeout(server.events.nextBytes(big.byteLength), "all bytes at the peer", 10_000);
  assert.equal(server.events.bytes(), big.byteLength);
  socket.end();
  void peer;
});

test("blob write: accepted whole at once, delivered in order before later writes (compat: blob)", async () => {
  using server = serve();
  const { socket, events } = await dial(server.port);
  const blob = new Blob(["blob-part"]);
  assert.equal(socket.write(blob as unknown as Uint8Array), blob.size);
  // While the Blob is read, later writes report back-pressure; drain follows.
  assert.equal(socket.write("after"), 0);
  await withTimeout(events.next("drain"), "drain after the blob");
  assert.equal(socket.write("after"), 5);
  await withTimeout(server.events.nextBytes(blob.size + 5), "blob then later bytes");
  assert.equal(server.events.text(), "blob-partafter");
  socket.end();
});

test("connection errors carry a stack (compat: error objects)", async () => {
  const server = serve();
  const port = server.port;
  server.listener.stop(true);
  await assert.rejects(dial(port), (e: unknown) => {
    const err = e as Error & { code?: string };
    return err.code === "ECONNREFUSED" && typeof err.stack === "string";
  });
});

test("a Blob as TLS material is refused: Node has no BunFile (compat: BunFile)", () => {
  const isBunFileError = (e: unknown) =>
    e instanceof TypeError && (e as { code?: string }).code === "ERR_INVALID_ARG_TYPE" && /not a valid BunFile/.test(e.message);
  const blob = new Blob(["-----BEGIN CERTIFICATE-----"]);
  assert.throws(() => listenAny({ hostname: "127.0.0.1", port: 0, tls: { cert: blob, key: "k" }, socket: { data() {} } }), isBunFileError);
  assert.throws(() => connectAny({ hostname: "127.0.0.1", port: 1, tls: { ca: [blob] }, socket: { data() {} } }), isBunFileError);
});
