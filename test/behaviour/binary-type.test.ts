import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { connect } from "../../src/index.js";
import { deferred, withTimeout } from "../helpers/async.js";
import { serve } from "../helpers/net.js";

for (const binaryType of [undefined, "buffer", "arraybuffer", "uint8array"] as const) {
  test(`binaryType ${binaryType ?? "(omitted)"}: data type on client and server`, async () => {
    const serverGot = deferred<unknown>();
    using srv = serve(binaryType === undefined ? { hooks: { data: (_s, d) => serverGot.resolve(d) } } : { binaryType, hooks: { data: (_s, d) => serverGot.resolve(d) } });
    const clientGot = deferred<unknown>();
    const socket = await connect({
      hostname: "127.0.0.1",
      port: srv.port,
      socket: { data: (_s: unknown, d: unknown) => clientGot.resolve(d), ...(binaryType === undefined ? {} : { binaryType }) } as never,
    });
    try {
      socket.write("abc");
      const server = await srv.accepted;
      server.write("xyz");
      const [c, s] = await withTimeout(Promise.all([clientGot.promise, serverGot.promise]), "data");
      for (const [d, text] of [[c, "xyz"], [s, "abc"]] as const) {
        switch (binaryType) {
          case undefined:
          case "buffer":
            assert.ok(Buffer.isBuffer(d));
            assert.equal(d.byteOffset, 0, "own backing store");
            assert.equal(d.buffer.byteLength, d.byteLength, "own backing store");
            assert.equal(d.toString(), text);
            break;
          case "arraybuffer":
            assert.ok(d instanceof ArrayBuffer);
            assert.equal(Buffer.from(d).toString(), text);
            break;
          case "uint8array":
            assert.ok(d instanceof Uint8Array);
            assert.equal(Buffer.isBuffer(d), false);
            assert.equal(Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString(), text);
            break;
        }
      }
    } finally {
      socket.close();
    }
  });
}

test("each data event gets its own buffer: holding a chunk is safe", async () => {
  const chunks: Buffer[] = [];
  const two = deferred<void>();
  using srv = serve({
    hooks: {
      data: (s, d) => {
        chunks.push(d as Buffer);
        if (chunks.length === 1) s.write("next");
        else two.resolve();
      },
    },
  });
  const socket = await connect({
    hostname: "127.0.0.1",
    port: srv.port,
    socket: { data: (s) => void s.write("second") },
  });
  try {
    socket.write("first");
    await withTimeout(two.promise, "two chunks");
    assert.equal(chunks[0]?.toString(), "first");
    assert.equal(chunks[1]?.toString(), "second");
    assert.notEqual(chunks[0]?.buffer, chunks[1]?.buffer);
  } finally {
    socket.close();
  }
});
