/**
 * A multi-client chat server over plain TCP and TLS on 127.0.0.1: every line a client
 * sends is broadcast to the others with its nick. This is what `npm start` runs.
 *
 *   node dist/examples/chat.js [--host H] [--port 7878] [--tls-port 7879]
 *   node dist/examples/chat.js --smoke      bounded self-check (two clients), exits 0
 *
 * Clients: `npx bunsock connect 127.0.0.1 7878`, `nc 127.0.0.1 7878`, or over TLS
 * `npx bunsock connect --tls --ca examples/certs/dev-cert.pem 127.0.0.1 7879` and
 * `openssl s_client -quiet -connect 127.0.0.1:7879 -CAfile examples/certs/dev-cert.pem`.
 * Commands: /nick NAME, /who, /quit. Ctrl-C (SIGINT) or SIGTERM closes everything.
 *
 * What it shows: one handler table per listener shared by all its sockets, per-client
 * state in `socket.data`, line framing, and Bun's write contract for broadcasts (an
 * Outbox per client keeps what write() did not accept until `drain`).
 */
import { parseArgs } from "node:util";
import { connect, listen, type Socket, type SocketHandler, type TCPSocketListener, type TLSOptions } from "../src/index.js";
import { devCert, type DevCert } from "./dev-cert.js";
import { LineSplitter } from "./lines.js";
import { Outbox } from "./outbox.js";
import { check, smoke, smokeDeadline } from "./smoke.js";

type Transport = "tcp" | "tls";

/** Per-connection state, kept in `socket.data`. */
class Client {
  nick: string;
  readonly transport: Transport;
  readonly address: string;
  readonly lines = new LineSplitter(4096);
  /** What write() did not accept yet; a client more than 1 MiB behind is dropped. */
  readonly outbox = new Outbox(1 << 20);
  /** /quit was asked: end once the outbox is empty. */
  leaving = false;

  constructor(nick: string, transport: Transport, address: string) {
    this.nick = nick;
    this.transport = transport;
    this.address = address;
  }
}

type ChatSocket = Socket<Client | undefined>;

const NICK = /^[A-Za-z0-9_-]{1,24}$/;

export interface ChatOptions {
  hostname: string;
  port: number;
  tlsPort: number;
  cert: DevCert;
  log: (line: string) => void;
}

export class ChatServer {
  readonly #clients = new Set<ChatSocket>();
  readonly #log: (line: string) => void;
  readonly tcp: TCPSocketListener<Client | undefined>;
  readonly tls: TCPSocketListener<Client | undefined>;
  #guests = 0;
  #stopped = false;

  constructor(options: ChatOptions) {
    this.#log = options.log;
    this.tcp = listen<Client | undefined>({
      hostname: options.hostname,
      port: options.port,
      data: undefined,
      socket: this.#handlers("tcp"),
    });
    const tls: TLSOptions = { cert: options.cert.cert, key: options.cert.key };
    try {
      this.tls = listen<Client | undefined>({
        hostname: options.hostname,
        port: options.tlsPort,
        data: undefined,
        tls,
        socket: this.#handlers("tls"),
      });
    } catch (e) {
      this.tcp.stop(true);
      throw e;
    }
  }

  /** Says goodbye to everyone and closes both listeners and every connection. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#broadcast("* server shutting down\n");
    this.tcp.stop(true);
    this.tls.stop(true);
  }

  /**
   * One table per listener, shared by all its sockets. The TLS table has no
   * `handshake` handler, so Bun calls `open` after the handshake (spec §5) and the
   * welcome is not written (and dropped) before TLS is up.
   */
  #handlers(transport: Transport): SocketHandler<Client | undefined> {
    return {
      open: (socket) => {
        const address = socket.remoteAddress === undefined ? "?" : `${socket.remoteAddress}:${socket.remotePort}`;
        const client = new Client(`guest-${++this.#guests}`, transport, address);
        socket.data = client;
        this.#clients.add(socket);
        this.#log(`[join] ${client.nick} (${transport} ${address})`);
        this.#send(
          socket,
          `* welcome to the bunsock chat (${transport}); you are ${client.nick}. ` +
            `${this.#clients.size} online. Commands: /nick NAME, /who, /quit\n`,
        );
        this.#broadcast(`* ${client.nick} joined (${transport})\n`, socket);
      },
      data: (socket, data) => {
        const client = socket.data;
        if (client === undefined) return;
        const lines = client.lines.push(data);
        if (lines === null) {
          this.#send(socket, "* line too long (4096 bytes at most); bye\n");
          socket.end();
          return;
        }
        for (const line of lines) {
          if (socket.readyState !== 1 || client.leaving) break;
          this.#line(socket, client, line);
        }
      },
      drain: (socket) => {
        const client = socket.data;
        if (client === undefined) return;
        client.outbox.flush(socket as Socket<unknown>);
        if (client.leaving && client.outbox.queued === 0) socket.end();
      },
      error: (socket, error) => {
        // Handler bugs and TLS failures (a plain-text client on the TLS port, say).
        this.#log(`[error] ${socket.data?.nick ?? `${transport} connection`}: ${(error as { code?: string }).code ?? error.message}`);
      },
      close: (socket, error) => {
        const client = socket.data;
        if (client === undefined || !this.#clients.delete(socket)) return;
        this.#log(`[leave] ${client.nick}${error === undefined ? "" : ` (${(error as { code?: string }).code ?? error.message})`}`);
        if (!this.#stopped) this.#broadcast(`* ${client.nick} left\n`);
      },
    };
  }

  #line(socket: ChatSocket, client: Client, raw: string): void {
    const line = raw.trim();
    if (line === "") return;
    if (!line.startsWith("/")) {
      this.#broadcast(`<${client.nick}> ${line}\n`, socket);
      return;
    }
    const [command, ...args] = line.split(/\s+/);
    switch (command) {
      case "/nick": {
        const nick = args[0] ?? "";
        if (!NICK.test(nick)) this.#send(socket, "* a nick is 1 to 24 letters, digits, _ or -\n");
        else if ([...this.#clients].some((s) => s.data?.nick === nick)) this.#send(socket, `* ${nick} is taken\n`);
        else {
          const old = client.nick;
          client.nick = nick;
          this.#send(socket, `* you are now ${nick}\n`);
          this.#broadcast(`* ${old} is now ${nick}\n`, socket);
        }
        return;
      }
      case "/who":
        this.#send(socket, `* online: ${[...this.#clients].map((s) => `${s.data?.nick} (${s.data?.transport})`).join(", ")}\n`);
        return;
      case "/quit":
        this.#send(socket, "* bye\n");
        client.leaving = true;
        // Bytes still in the outbox would be lost by end() now: wait for `drain`.
        if (client.outbox.queued === 0) socket.end();
        return;
      default:
        this.#send(socket, `* unknown command ${command}; try /nick NAME, /who, /quit\n`);
    }
  }

  #send(socket: ChatSocket, text: string): void {
    const client = socket.data;
    if (client === undefined) return;
    if (client.outbox.send(socket as Socket<unknown>, text)) return;
    if (socket.readyState === 1) {
      this.#log(`[drop] ${client.nick} is more than 1 MiB behind`);
      socket.terminate();
    }
  }

  #broadcast(text: string, except?: ChatSocket): void {
    for (const socket of this.#clients) if (socket !== except) this.#send(socket, text);
  }
}

/** Listens on `port`, or on a free port when a default port is taken. */
function openServer(options: ChatOptions, defaults: { port: boolean; tlsPort: boolean }): ChatServer {
  try {
    return new ChatServer(options);
  } catch (e) {
    const busy = (e as { code?: string }).code === "EADDRINUSE";
    if (!busy || !(defaults.port || defaults.tlsPort)) throw e;
    options.log(`(port ${options.port} or ${options.tlsPort} is taken; using free ports instead)`);
    return new ChatServer({ ...options, port: defaults.port ? 0 : options.port, tlsPort: defaults.tlsPort ? 0 : options.tlsPort });
  }
}

function instructions(server: ChatServer, host: string, certPath: string): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return [
    "bunsock chat demo: every line you type is sent to everyone else (Ctrl-C stops the server)",
    `  plain TCP  ${h}:${server.tcp.port}`,
    `  TLS        ${h}:${server.tls.port}  (development certificate ${certPath}; development only)`,
    "Connect from other terminals with any of:",
    `  npx bunsock connect ${host} ${server.tcp.port}`,
    `  npx bunsock connect --tls --ca ${certPath} ${host} ${server.tls.port}`,
    `  nc ${host} ${server.tcp.port}`,
    `  openssl s_client -quiet -connect ${h}:${server.tls.port} -CAfile ${certPath}`,
    "Commands: /nick NAME, /who, /quit",
  ].join("\n");
}

async function demo(): Promise<void> {
  const { values } = parseArgs({
    options: { host: { type: "string" }, port: { type: "string" }, "tls-port": { type: "string" }, smoke: { type: "boolean" } },
  });
  const host = values.host ?? "127.0.0.1";
  const cert = devCert();
  const server = openServer(
    {
      hostname: host,
      port: values.port === undefined ? 7878 : Number(values.port),
      tlsPort: values["tls-port"] === undefined ? 7879 : Number(values["tls-port"]),
      cert,
      log: (line) => console.log(line),
    },
    { port: values.port === undefined, tlsPort: values["tls-port"] === undefined },
  );
  console.log(instructions(server, host, cert.certPath));
  const stop = (signal: NodeJS.Signals): void => {
    console.log(`(${signal}) stopping the chat server`);
    server.stop();
    // Nothing else holds the event loop: with the listeners and sockets closed the
    // process ends by itself, with exit code 0.
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** A line-reading test client for the smoke check. */
async function lineClient(port: number, tls: TLSOptions | undefined) {
  const lines: string[] = [];
  const splitter = new LineSplitter();
  const waiters: Array<{ test: (l: string) => boolean; resolve: (l: string) => void }> = [];
  let closed!: () => void;
  const closedP = new Promise<void>((r) => (closed = r));
  const socket = await connect({
    hostname: "127.0.0.1",
    port,
    tls,
    socket: {
      data(_s, data) {
        for (const line of splitter.push(data) ?? []) {
          lines.push(line);
          for (const w of waiters.splice(0)) {
            if (w.test(line)) w.resolve(line);
            else waiters.push(w);
          }
        }
      },
      close: () => closed(),
    },
  });
  return {
    socket,
    closed: closedP,
    /** The first line (already received or still to come) that contains `text`. */
    line(text: string): Promise<string> {
      const seen = lines.find((l) => l.includes(text));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test: (l) => l.includes(text), resolve }));
    },
    say(text: string): void {
      socket.write(`${text}\n`);
    },
  };
}

async function smokeCheck(): Promise<void> {
  smokeDeadline("chat");
  const cert = devCert();
  const log: string[] = [];
  const server = new ChatServer({ hostname: "127.0.0.1", port: 0, tlsPort: 0, cert, log: (l) => log.push(l) });
  const alice = await lineClient(server.tcp.port, undefined);
  check("chat", (await alice.line("welcome")).includes("you are guest-1"), "plain client welcomed as guest-1");
  alice.say("/nick alice");
  await alice.line("you are now alice");
  // TLS with the shipped development certificate as the trusted CA.
  const bob = await lineClient(server.tls.port, { ca: cert.cert, serverName: "localhost" });
  check("chat", (await bob.line("welcome")).includes("(tls); you are guest-2"), "TLS client welcomed as guest-2");
  await alice.line("guest-2 joined (tls)");
  bob.say("hello from tls");
  check("chat", (await alice.line("hello from tls")) === "<guest-2> hello from tls", "broadcast carries the nick");
  alice.say("/who");
  const who = await alice.line("online:");
  check("chat", who.includes("alice (tcp)") && who.includes("guest-2 (tls)"), `/who lists both (${who})`);
  alice.say("/quit");
  await alice.line("bye");
  await alice.closed;
  await bob.line("alice left");
  server.stop();
  check("chat", (await bob.line("shutting down")) === "* server shutting down", "clients hear the shutdown");
  await bob.closed;
  check("chat", log.some((l) => l.startsWith("[leave] alice")), "the server logged alice leaving");
  console.log("chat: smoke check passed (plain TCP and TLS clients, nick, broadcast, /who, /quit, shutdown)");
}

if (smoke) await smokeCheck();
else await demo();
