/**
 * A client that sends a large stream and respects back-pressure the Bun way.
 *
 *   node dist/examples/backpressure-client.js HOST PORT [--mib 64]
 *       send to a server, e.g. one started with `npx bunsock listen 9000 > /dev/null`
 *   node dist/examples/backpressure-client.js [--mib 64]
 *       send to a deliberately slow sink in this process, which reports a checksum
 *   node dist/examples/backpressure-client.js --smoke     bounded self-check, exits 0
 *
 * Bun's write() does not queue: it returns the bytes the kernel took now (maybe 0)
 * and drops the rest (spec §4). The sender keeps its position, stops when a write is
 * short, and continues from there on `drain`. Memory stays flat whatever the size.
 */
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import { parseArgs } from "node:util";
import { connect, listen, type Socket, type TCPSocketListener } from "../src/index.js";
import { check, smoke, smokeDeadline } from "./smoke.js";

const CHUNK = 256 << 10;

/** Deterministic bytes: the receiver's checksum can be compared without keeping the data. */
function block(index: number): Buffer {
  const b = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i += 4) b.writeUInt32LE((Math.imul(index + 1, 2654435761) ^ i) >>> 0, i);
  return b;
}

interface SendStats {
  bytes: number;
  writes: number;
  shortWrites: number;
  drains: number;
  reply: string;
  sha256: string;
}

/** Sends `total` bytes, then half-closes and collects the peer's reply until it closes. */
function send(hostname: string, port: number, total: number, progress: (sent: number) => void): Promise<SendStats> {
  const hash = createHash("sha256");
  const stats: SendStats = { bytes: 0, writes: 0, shortWrites: 0, drains: 0, reply: "", sha256: "" };
  let index = 0;
  let current = block(0);
  let offset = 0; // how much of `current` was accepted
  let lastReport = 0;

  function pump(socket: Socket<undefined>): void {
    while (stats.bytes < total) {
      const want = Math.min(current.byteLength - offset, total - stats.bytes);
      const n = socket.write(current, offset, want);
      stats.writes++;
      if (n < 0) return; // closed: `close` reports why
      hash.update(current.subarray(offset, offset + n));
      stats.bytes += n;
      offset += n;
      if (stats.bytes - lastReport >= total / 10) {
        lastReport = stats.bytes;
        progress(stats.bytes);
      }
      if (n < want) {
        // Back-pressure: the rest of this chunk waits for `drain`. Nothing was queued.
        stats.shortWrites++;
        return;
      }
      if (offset === current.byteLength) {
        current = block(++index);
        offset = 0;
      }
    }
    // Everything sent: FIN (half-close); the reply still arrives.
    socket.shutdown();
  }

  return new Promise<SendStats>((resolve, reject) => {
    connect({
      hostname,
      port,
      socket: {
        open: pump,
        drain(socket) {
          stats.drains++;
          pump(socket);
        },
        data(_socket, data) {
          stats.reply += data.toString();
        },
        close(_socket, error) {
          stats.sha256 = hash.digest("hex");
          if (error !== undefined) reject(error);
          else resolve(stats);
        },
      },
    }).catch(reject);
  });
}

/**
 * A slow receiver: it pauses after every MiB for a moment, so the sender meets
 * back-pressure. At the sender's FIN it answers "<bytes> <sha256>" and closes.
 */
function slowSink(): TCPSocketListener<undefined> {
  const state = new WeakMap<Socket<undefined>, { hash: ReturnType<typeof createHash>; bytes: number; nextPause: number }>();
  return listen({
    hostname: "127.0.0.1",
    port: 0,
    allowHalfOpen: true,
    socket: {
      open(socket) {
        state.set(socket, { hash: createHash("sha256"), bytes: 0, nextPause: 1 << 20 });
      },
      data(socket, data) {
        const s = state.get(socket);
        if (s === undefined) return;
        s.hash.update(data);
        s.bytes += data.byteLength;
        if (s.bytes >= s.nextPause) {
          s.nextPause += 1 << 20;
          socket.pause();
          setTimeout(() => socket.resume(), 5);
        }
      },
      end(socket) {
        const s = state.get(socket);
        if (s !== undefined) socket.end(`${s.bytes} ${s.hash.digest("hex")}\n`);
      },
    },
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { mib: { type: "string" }, smoke: { type: "boolean" } },
    allowPositionals: true,
  });
  if (smoke) smokeDeadline("backpressure-client", 60_000);
  const mib = smoke ? 16 : values.mib === undefined ? 64 : Number(values.mib);
  const total = mib << 20;
  const sink = positionals.length === 0 ? slowSink() : undefined;
  const hostname = sink === undefined ? (positionals[0] as string) : "127.0.0.1";
  const port = sink === undefined ? Number(positionals[1]) : sink.port;
  const say = (line: string): void => {
    if (!smoke) console.log(line);
  };
  say(`sending ${mib} MiB to ${hostname}:${port}${sink === undefined ? "" : " (a slow sink in this process)"}`);
  const started = performance.now();
  const stats = await send(hostname, port, total, (sent) => say(`  ${Math.round((sent / total) * 100)}% (${sent >> 20} MiB)`));
  const seconds = (performance.now() - started) / 1000;
  sink?.stop(true);
  console.log(
    `sent ${stats.bytes} bytes in ${seconds.toFixed(2)} s with ${stats.writes} writes: ` +
      `${stats.shortWrites} short writes resumed after ${stats.drains} drains`,
  );
  if (stats.reply !== "") say(`peer replied: ${stats.reply.trim()}`);
  if (smoke) {
    check("backpressure-client", stats.bytes === total, `sent ${stats.bytes} of ${total} bytes`);
    check("backpressure-client", stats.reply.trim() === `${total} ${stats.sha256}`, `the sink received every byte in order (${stats.reply.trim()})`);
    console.log("backpressure-client: smoke check passed (16 MiB, checksums equal)");
  }
}

await main();
