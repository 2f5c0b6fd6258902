/**
 * STARTTLS: a connection that starts in plain text and switches to TLS in place,
 * with `socket.upgradeTLS()` on both ends, speaking the SMTP subset that
 * `openssl s_client -starttls smtp` understands.
 *
 *   node dist/examples/starttls.js            server and client in one process, transcript printed
 *   node dist/examples/starttls.js --serve [--port 2525]
 *       server only; then: openssl s_client -starttls smtp -connect 127.0.0.1:2525 \
 *                            -CAfile examples/certs/dev-cert.pem -quiet
 *   node dist/examples/starttls.js --smoke    bounded self-check, exits 0
 *
 * upgradeTLS() returns [raw, tls]: the plaintext now flows through `tls` and its new
 * handlers, while the old handlers keep receiving the encrypted bytes on `raw`
 * (spec §5, §6.14), so the plain-text handler must ignore data once it has upgraded.
 */
import { parseArgs } from "node:util";
import { connect, listen, type Socket, type SocketHandler, type TCPSocketListener } from "../src/index.js";
import { devCert } from "./dev-cert.js";
import { LineSplitter } from "./lines.js";
import { check, smoke, smokeDeadline } from "./smoke.js";

const cert = devCert();

/** Per-connection state of the server. */
interface Session {
  lines: LineSplitter;
  /** True once upgradeTLS() was called: bytes on the plain socket are now TLS records. */
  upgraded: boolean;
}

function tlsInfo(socket: Socket<unknown>): string {
  return `${socket.getTLSVersion()} ${socket.getCipher()?.name ?? "?"}`;
}

/** The server's handlers once TLS is up. */
const serverTls: SocketHandler<Session> = {
  data(socket, data) {
    for (const line of socket.data.lines.push(data) ?? []) {
      const verb = line.split(" ")[0]?.toUpperCase();
      if (verb === "EHLO" || verb === "HELO") socket.write(`250 bunsock greets ${line.slice(5)} over ${tlsInfo(socket as Socket<unknown>)}\r\n`);
      else if (verb === "NOOP") socket.write("250 2.0.0 OK\r\n");
      else if (verb === "STARTTLS") socket.write("503 5.5.1 TLS already active\r\n");
      else if (verb === "QUIT") {
        socket.end("221 2.0.0 bye\r\n");
        return;
      } else socket.write("500 5.5.1 command unrecognized\r\n");
    }
  },
};

/** The server's plain-text handlers: greeting, EHLO with the STARTTLS capability, STARTTLS. */
const serverPlain: SocketHandler<Session> = {
  open(socket) {
    socket.data = { lines: new LineSplitter(), upgraded: false };
    socket.write("220 bunsock ESMTP (STARTTLS demo)\r\n");
  },
  data(socket, data) {
    const session = socket.data;
    if (session.upgraded) return; // TLS records, read by the TLS socket
    for (const line of session.lines.push(data) ?? []) {
      const verb = line.split(" ")[0]?.toUpperCase();
      if (verb === "EHLO" || verb === "HELO") socket.write(`250-bunsock greets ${line.slice(5)}\r\n250 STARTTLS\r\n`);
      else if (verb === "NOOP") socket.write("250 2.0.0 OK\r\n");
      else if (verb === "QUIT") {
        socket.end("221 2.0.0 bye\r\n");
        return;
      } else if (verb === "STARTTLS") {
        socket.write("220 2.0.0 Ready to start TLS\r\n");
        session.upgraded = true;
        // The server side of the handshake: our certificate and key; a fresh line buffer,
        // since nothing said in plain text carries over into TLS (RFC 3207).
        socket.upgradeTLS<Session>({
          tls: { cert: cert.cert, key: cert.key },
          data: { lines: new LineSplitter(), upgraded: true },
          socket: serverTls,
        });
        return;
      } else socket.write("500 5.5.1 command unrecognized\r\n");
    }
  },
};

export function starttlsServer(port: number): TCPSocketListener<Session> {
  return listen<Session>({ hostname: "127.0.0.1", port, data: { lines: new LineSplitter(), upgraded: false }, socket: serverPlain });
}

/** Lines received, and a way to wait for the next one that starts with a prefix. */
class Transcript {
  readonly lines: string[] = [];
  readonly #splitter = new LineSplitter();
  #waiter: { prefix: string; resolve: (line: string) => void } | null = null;
  #seen = 0;

  constructor(readonly print: boolean) {}

  push(data: Uint8Array, tag: string): void {
    for (const line of this.#splitter.push(data) ?? []) {
      this.lines.push(line);
      if (this.print) console.log(`S${tag}: ${line}`);
    }
    this.#check();
  }

  /** The next unread line starting with `prefix` (earlier lines are skipped). */
  next(prefix: string): Promise<string> {
    return new Promise((resolve) => {
      this.#waiter = { prefix, resolve };
      this.#check();
    });
  }

  #check(): void {
    const w = this.#waiter;
    if (w === null) return;
    while (this.#seen < this.lines.length) {
      const line = this.lines[this.#seen++] as string;
      if (line.startsWith(w.prefix)) {
        this.#waiter = null;
        w.resolve(line);
        return;
      }
    }
  }
}

/** The client: EHLO, STARTTLS, upgrade, EHLO again over TLS, QUIT. Resolves with what it saw. */
async function client(port: number, print: boolean): Promise<{ transcript: string[]; authorized: boolean; protocol: string }> {
  const plain = new Transcript(print);
  const secure = new Transcript(print);
  let upgraded = false;
  let closed!: () => void;
  const allClosed = new Promise<void>((resolve) => (closed = resolve));
  const say = (socket: Socket<undefined>, line: string, tag: string): void => {
    if (print) console.log(`C${tag}: ${line}`);
    socket.write(`${line}\r\n`);
  };
  const socket = await connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, data) {
        if (!upgraded) plain.push(data, " ");
      },
    },
  });
  await plain.next("220 ");
  say(socket, "EHLO client.example", " ");
  await plain.next("250 STARTTLS");
  say(socket, "STARTTLS", " ");
  await plain.next("220 ");
  upgraded = true;
  let handshake!: (ok: { authorized: boolean; protocol: string }) => void;
  const handshakeDone = new Promise<{ authorized: boolean; protocol: string }>((resolve) => (handshake = resolve));
  // Trust the development certificate; its names include localhost.
  const [, tls] = socket.upgradeTLS<undefined>({
    tls: { ca: cert.cert, serverName: "localhost" },
    socket: {
      handshake(s, success) {
        handshake({ authorized: success && s.authorized, protocol: tlsInfo(s as Socket<unknown>) });
      },
      data(_s, data) {
        secure.push(data, "*");
      },
      close: () => closed(),
    },
  });
  const result = await handshakeDone;
  if (print) console.log(`-- TLS is up: ${result.protocol}, certificate verified: ${result.authorized}`);
  say(tls, "EHLO client.example", "*");
  await secure.next("250 ");
  say(tls, "QUIT", "*");
  await secure.next("221 ");
  await allClosed;
  return { transcript: [...plain.lines, ...secure.lines], ...result };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { serve: { type: "boolean" }, port: { type: "string" }, smoke: { type: "boolean" } } });
  if (values.serve === true) {
    const server = starttlsServer(values.port === undefined ? 2525 : Number(values.port));
    console.log(`STARTTLS (SMTP subset) server on 127.0.0.1:${server.port}; try:`);
    console.log(`  openssl s_client -starttls smtp -connect 127.0.0.1:${server.port} -CAfile ${cert.certPath} -quiet`);
    const stop = (): void => server.stop(true);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return;
  }
  if (smoke) smokeDeadline("starttls");
  const server = starttlsServer(0);
  const result = await client(server.port, !smoke);
  server.stop(true);
  if (smoke) {
    check("starttls", result.authorized, "the client verified the server's certificate after the upgrade");
    check("starttls", result.transcript.some((l) => l.includes("over TLS")), `EHLO answered over TLS (${result.transcript.join(" | ")})`);
    check("starttls", result.transcript.at(-1) === "221 2.0.0 bye", "QUIT answered over TLS");
    console.log(`starttls: smoke check passed (plain → ${result.protocol}, verified, EHLO/QUIT over TLS)`);
  }
}

await main();
