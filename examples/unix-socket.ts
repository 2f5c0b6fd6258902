/**
 * A JSON-lines service on a unix socket: one JSON request per line, one JSON reply
 * per line. Unix sockets are how local daemons talk (no port, file permissions
 * decide who may connect).
 *
 *   node dist/examples/unix-socket.js [--path /tmp/bunsock-demo.sock]   serve until Ctrl-C
 *     then: npx bunsock connect --unix /tmp/bunsock-demo.sock
 *           {"id":1,"op":"add","args":[1,2,3]}
 *   node dist/examples/unix-socket.js --smoke     bounded self-check, exits 0
 *
 * Ops: add (numbers), upper (a string), stats (requests served). Like Bun, stop()
 * removes the socket file at once (spec §2), and unix sockets have no addresses.
 */
import { Buffer } from "node:buffer";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connect, listen, type SocketHandler, type UnixSocketListener } from "../src/index.js";
import { LineSplitter } from "./lines.js";
import { check, smoke, smokeDeadline } from "./smoke.js";

interface Request {
  id?: unknown;
  op?: unknown;
  args?: unknown;
}

let served = 0;

function answer(request: Request): unknown {
  served++;
  switch (request.op) {
    case "add":
      if (!Array.isArray(request.args) || !request.args.every((a) => typeof a === "number")) throw new Error("add wants args: number[]");
      return request.args.reduce((a: number, b: number) => a + b, 0);
    case "upper":
      if (typeof request.args !== "string") throw new Error("upper wants args: string");
      return request.args.toUpperCase();
    case "stats":
      return { served };
    default:
      throw new Error(`unknown op ${JSON.stringify(request.op)}; ops: add, upper, stats`);
  }
}

/** One reply line for one request line; a bad request gets an error reply, not a hang-up. */
function reply(line: string): string {
  let request: Request;
  try {
    request = JSON.parse(line) as Request;
  } catch {
    return `${JSON.stringify({ id: null, error: "not JSON" })}\n`;
  }
  try {
    return `${JSON.stringify({ id: request.id ?? null, result: answer(request) })}\n`;
  } catch (e) {
    return `${JSON.stringify({ id: request.id ?? null, error: (e as Error).message })}\n`;
  }
}

const handlers: SocketHandler<LineSplitter> = {
  open(socket) {
    // The listener's `data` is shared by every socket (spec §2); each gets its own splitter.
    socket.data = new LineSplitter(64 * 1024);
  },
  data(socket, data) {
    const lines = socket.data.push(data);
    if (lines === null) {
      socket.end(`${JSON.stringify({ id: null, error: "request line too long" })}\n`);
      return;
    }
    // Replies are small and a client reads them as it sends; a short write here would
    // mean a client that does not read, and it is hung up on.
    for (const line of lines) {
      if (line.trim() === "") continue;
      const out = reply(line);
      if (socket.write(out) !== Buffer.byteLength(out)) {
        socket.terminate();
        return;
      }
    }
  },
};

export function serveUnix(path: string): UnixSocketListener<LineSplitter> {
  return listen<LineSplitter>({ unix: path, data: new LineSplitter(), socket: handlers });
}

async function smokeCheck(): Promise<void> {
  smokeDeadline("unix-socket");
  const dir = mkdtempSync(join(tmpdir(), "bunsock-unix-"));
  try {
    const path = join(dir, "rpc.sock");
    const server = serveUnix(path);
    check("unix-socket", server.unix === path && existsSync(path), "the listener reports its path and the socket file exists");
    const replies: unknown[] = [];
    const splitter = new LineSplitter();
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const client = await connect({
      unix: path,
      socket: {
        data(socket, data) {
          for (const line of splitter.push(data) ?? []) replies.push(JSON.parse(line));
          if (replies.length === 4) socket.end();
        },
        close: () => done(),
      },
    });
    check("unix-socket", client.remoteAddress === undefined, "unix sockets have no IP addresses");
    client.write('{"id":1,"op":"add","args":[1,2,3]}\n{"id":2,"op":"upper","args":"bunsock"}\n');
    client.write('not json\n{"id":3,"op":"stats"}\n');
    await finished;
    check(
      "unix-socket",
      JSON.stringify(replies) ===
        JSON.stringify([{ id: 1, result: 6 }, { id: 2, result: "BUNSOCK" }, { id: null, error: "not JSON" }, { id: 3, result: { served: 3 } }]),
      `replies in order (${JSON.stringify(replies)})`,
    );
    server.stop(true);
    check("unix-socket", !existsSync(path), "stop() removed the socket file");
    console.log("unix-socket: smoke check passed (4 requests over a unix socket, socket file removed on stop)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function serve(): Promise<void> {
  const { values } = parseArgs({ options: { path: { type: "string" }, smoke: { type: "boolean" } } });
  const path = values.path ?? join(tmpdir(), "bunsock-demo.sock");
  const server = serveUnix(path);
  console.log(`JSON-lines service on ${server.unix}; try: npx bunsock connect --unix ${server.unix}`);
  console.log('  then type: {"id":1,"op":"add","args":[1,2,3]}');
  const stop = (): void => {
    server.stop(true);
    console.log("stopped; socket file removed");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (smoke) await smokeCheck();
else await serve();
