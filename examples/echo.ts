/**
 * An echo server: every byte a client sends comes back to it.
 *
 *   node dist/examples/echo.js [--host 127.0.0.1] [--port 7007]   serve until Ctrl-C
 *   node dist/examples/echo.js --smoke     bounded self-check (echoes 8 MiB), exits 0
 *
 * Try it with `npx bunsock connect 127.0.0.1 7007`. The same code runs on Bun with
 * Bun.listen. What it shows: Bun's write contract on the server side. write() returns
 * the bytes accepted now; when that is less than asked, the socket is paused (so the
 * client feels the back-pressure) and the rest is sent on `drain`.
 */
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { connect, listen, type Socket, type SocketHandler, type TCPSocketListener } from "../src/index.js";
import { check, smoke, smokeDeadline } from "./smoke.js";

/** Per-connection state in `socket.data`. */
interface Echo {
  /** The part of the last chunk that write() has not accepted yet. */
  pending: Uint8Array | null;
  /** The client finished sending (FIN): close once `pending` is out. */
  ended: boolean;
  echoed: number;
}

/** Sends what is pending; true when all of it was accepted. */
function flush(socket: Socket<Echo>): boolean {
  const echo = socket.data;
  const pending = echo.pending;
  if (pending === null) return true;
  const n = socket.write(pending);
  if (n < 0) return false; // closed: `close` follows
  echo.echoed += n;
  echo.pending = n < pending.byteLength ? pending.subarray(n) : null;
  return echo.pending === null;
}

const handlers: SocketHandler<Echo> = {
  open(socket) {
    // The listener's `data` is shared by all its sockets (spec §2): give each its own.
    socket.data = { pending: null, ended: false, echoed: 0 };
  },
  data(socket, data) {
    // Each event gets a fresh buffer (spec §4), so keeping a view of it is safe.
    // A paused socket delivers nothing, so nothing is pending here.
    socket.data.pending = data;
    // Not all accepted: stop reading until `drain`; the client's writes then slow down.
    if (!flush(socket)) socket.pause();
  },
  drain(socket) {
    if (!flush(socket)) return;
    if (socket.data.ended) socket.end();
    else socket.resume();
  },
  end(socket) {
    // allowHalfOpen: the client is done sending but still reading; finish the echo first.
    socket.data.ended = true;
    if (socket.data.pending === null) socket.end();
  },
};

export function echoServer(hostname: string, port: number): TCPSocketListener<Echo> {
  return listen<Echo>({
    hostname,
    port,
    allowHalfOpen: true,
    data: { pending: null, ended: false, echoed: 0 },
    socket: handlers,
  });
}

async function smokeCheck(): Promise<void> {
  smokeDeadline("echo");
  const server = echoServer("127.0.0.1", 0);
  const payload = randomBytes(8 << 20);
  const got = createHash("sha256");
  let received = 0;
  let partialWrites = 0;
  let sent = 0;
  const finished = new Promise<void>((resolve, reject) => {
    void connect({
      hostname: "127.0.0.1",
      port: server.port,
      allowHalfOpen: true,
      socket: {
        open(socket) {
          pump(socket);
        },
        drain(socket) {
          pump(socket);
        },
        data(_socket, data) {
          got.update(data);
          received += data.byteLength;
        },
        close(_socket, error) {
          if (error !== undefined) reject(error);
          else resolve();
        },
      },
    }).catch(reject);
  });
  /** The client side of the contract: send until write() accepts less, then wait for drain. */
  function pump(socket: Socket<undefined>): void {
    while (sent < payload.byteLength) {
      const chunk = payload.subarray(sent, Math.min(sent + (256 << 10), payload.byteLength));
      const n = socket.write(chunk);
      if (n < 0) return;
      sent += n;
      if (n < chunk.byteLength) {
        partialWrites++;
        return;
      }
    }
    socket.shutdown(); // FIN: the server echoes the rest, then closes
  }
  await finished;
  server.stop(true);
  check("echo", received === payload.byteLength, `received ${received} of ${payload.byteLength} bytes`);
  check("echo", got.digest("hex") === createHash("sha256").update(payload).digest("hex"), "echoed bytes equal the sent bytes");
  console.log(`echo: smoke check passed (8 MiB echoed intact; ${partialWrites} partial writes resumed on drain)`);
}

async function serve(): Promise<void> {
  const { values } = parseArgs({ options: { host: { type: "string" }, port: { type: "string" }, smoke: { type: "boolean" } } });
  const server = echoServer(values.host ?? "127.0.0.1", values.port === undefined ? 7007 : Number(values.port));
  console.log(`echo server on ${server.hostname}:${server.port}; try: npx bunsock connect ${server.hostname} ${server.port}`);
  const stop = (): void => {
    console.log("echo server: stopping");
    server.stop(true);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (smoke) await smokeCheck();
else await serve();
