/**
 * TLS writes keep Bun's contract: the caller may reuse its buffer as soon as write()
 * returns (the TLS transport passes a caller's bytes to node:tls uncopied only when
 * node:tls encrypts them within the call), and bytes arrive whole and in order.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect, listen } from "../../src/index.js";
import { deferred } from "../helpers/async.js";

const fixtures = join(process.cwd(), "test/fixtures/tls");
const pem = (name: string): string => readFileSync(join(fixtures, name), "utf8");

test("a TLS write's caller may overwrite its buffer at once, in the same turn and the next", async () => {
  const CHUNK = 64 * 1024;
  const received: Buffer[] = [];
  let total = 0;
  const done = deferred<void>();
  using server = listen({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert: pem("server.pem"), key: pem("server-key.pem") },
    socket: {
      data(_s, d) {
        received.push(Buffer.from(d));
        total += d.byteLength;
        if (total >= 3 * CHUNK) done.resolve();
      },
    },
  });
  const buf = Buffer.alloc(CHUNK);
  const accepted: number[] = [];
  const client = await connect({
    hostname: "localhost",
    port: server.port,
    tls: { ca: pem("ca.pem") },
    socket: {
      handshake(s) {
        // First write of the turn goes to OpenSSL uncopied, the second queues behind it (copied).
        buf.fill("a");
        accepted.push(s.write(buf));
        buf.fill("b");
        accepted.push(s.write(buf));
        buf.fill("x");
        setImmediate(() => {
          buf.fill("c");
          accepted.push(s.write(buf));
          buf.fill("y");
        });
      },
      data() {},
    },
  });
  await done.promise;
  client.end();
  assert.deepEqual(accepted, [CHUNK, CHUNK, CHUNK]);
  const all = Buffer.concat(received);
  assert.equal(all.length, 3 * CHUNK);
  assert.ok(all.subarray(0, CHUNK).every((b) => b === 0x61), "first chunk is all 'a'");
  assert.ok(all.subarray(CHUNK, 2 * CHUNK).every((b) => b === 0x62), "second chunk is all 'b'");
  assert.ok(all.subarray(2 * CHUNK).every((b) => b === 0x63), "third chunk is all 'c'");
});
