/**
 * `bunsock listen PORT` / `--unix PATH`: accepts connections and writes what they send
 * to stdout (stdin goes back to the connection, half-closed at EOF), or echoes with
 * `--echo`. One connection, then exit; `--keep` serves one after another.
 */
import { Buffer } from "node:buffer";
import { listen, type Socket, type SocketHandler, type SocketListener, type TLSOptions } from "../../index.js";
import { expectPositionals, formatHostPort, parseCommand, parsePort } from "../args.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { describeError } from "../describe-error.js";
import { status, statusBlock } from "../output.js";
import { StdioPump } from "../pump.js";
import { onStopSignals } from "../signals.js";
import { alpnWireFormat, isTlsMaterialError, readPem, tlsMaterialError } from "../tls-flags.js";
import { summaryLines, tlsSummary } from "../tls-summary.js";
import type { Command } from "./command.js";

const USAGE = `Usage: bunsock listen [options] PORT
       bunsock listen [options] --unix PATH

Accepts a connection and writes what it sends to stdout, while stdin is sent to it
(at stdin EOF its write side is shut). Ends when that connection ends. Status lines
("listening on 127.0.0.1:PORT", "connection from ...") go to stderr; PORT 0 picks a
free port.

Options:
  --host HOST           address to listen on (default 127.0.0.1; :: or 0.0.0.0 for all)
  -u, --unix PATH       listen on a unix socket instead of a TCP port
  --keep                keep listening: serve connections one after another (stdin
                        is not read); later ones wait, paused, until their turn
  -e, --echo            echo each connection's bytes back instead of printing them
                        (with --keep, all connections at once)
  -d, --no-stdin        do not send stdin to the connection
  --tls --cert FILE --key FILE
                        accept TLS connections with this certificate and key (PEM)
  --alpn LIST           with --tls, accept these ALPN protocols (comma-separated)
  -v, --verbose         print the TLS summary of each connection on stderr
  -q, --quiet           no status lines on stderr
  -h, --help            this help

Exit status: 0 the connection ended cleanly, 1 network error (address in use, reset,
...), 2 usage error, 3 TLS handshake failed; with --keep it runs until Ctrl-C (130).

Examples:
  bunsock listen 9000 > received.bin
  bunsock listen --keep --echo 7
  bunsock listen --tls --cert examples/certs/dev-cert.pem --key examples/certs/dev-key.pem 8443`;

const OPTIONS = {
  host: { type: "string" },
  unix: { type: "string", short: "u" },
  keep: { type: "boolean" },
  echo: { type: "boolean", short: "e" },
  "no-stdin": { type: "boolean", short: "d" },
  tls: { type: "boolean" },
  cert: { type: "string" },
  key: { type: "string" },
  alpn: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** What one accepted connection is doing. */
interface Conn {
  readonly label: string;
  /** Set once the connection can carry data (TCP: open; TLS: after the handshake). */
  ready: boolean;
  /** stdout mode: the active connection's pump. */
  pump: StdioPump | null;
  /** echo mode: the unaccepted tail of an echo, re-sent on drain. */
  pending: Uint8Array | null;
  endAfterFlush: boolean;
  echoed: number;
  tlsFailure: string | null;
  /** Without --keep: a connection that raced in after the first, closed at once. */
  extra: boolean;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("listen", argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  let address: { unix: string } | { hostname: string; port: number };
  if (values.unix !== undefined) {
    expectPositionals(positionals, [], "listen");
    if (values.unix === "") throw usageError("--unix needs a path", "listen");
    if (values.host !== undefined) throw usageError("--host and --unix exclude each other", "listen");
    address = { unix: values.unix };
  } else {
    const [portText] = expectPositionals(positionals, ["PORT"], "listen") as [string];
    address = { hostname: values.host ?? "127.0.0.1", port: parsePort(portText, "listen") };
  }
  let tls: TLSOptions | undefined;
  if (values.tls === true) {
    if (values.cert === undefined || values.key === undefined) {
      throw usageError("--tls needs --cert FILE and --key FILE", "listen");
    }
    tls = { cert: readPem(values.cert, "--cert", "listen", "certificate"), key: readPem(values.key, "--key", "listen", "key") };
    if (values.alpn !== undefined) tls.ALPNProtocols = alpnWireFormat(values.alpn, "listen");
  } else if (values.cert !== undefined || values.key !== undefined || values.alpn !== undefined) {
    throw usageError("--cert, --key and --alpn need --tls", "listen");
  }
  const keep = values.keep === true;
  const echo = values.echo === true;
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  const readStdin = !keep && !echo && values["no-stdin"] !== true;
  const say = (message: string): void => {
    if (!quiet) status(message);
  };

  const conns = new WeakMap<Socket<unknown>, Conn>();
  const waiting: Array<Socket<unknown>> = [];
  let active: Socket<unknown> | null = null;
  let accepted = 0;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const connOf = (socket: Socket<unknown>): Conn => conns.get(socket) as Conn;

  /** stdout mode: the connection whose bytes go to stdout now. */
  const serve = (socket: Socket<unknown>): void => {
    active = socket;
    const conn = connOf(socket);
    conn.pump = new StdioPump({
      output: process.stdout,
      input: readStdin ? process.stdin : null,
      inputIsInteractive: process.stdin.isTTY === true,
    });
    conn.pump.attach(socket);
    // A connection that waited for its turn was paused; for the first one this is a no-op.
    socket.resume();
  };

  /** The connection can carry data now. */
  const ready = (socket: Socket<unknown>): void => {
    const conn = connOf(socket);
    conn.ready = true;
    if (echo) return;
    if (active === null) serve(socket);
    else {
      // One at a time keeps each connection's bytes together on stdout. A paused
      // socket also holds its peer's FIN (spec §4), so nothing is lost while it waits.
      socket.pause();
      waiting.push(socket);
      say(`${conn.label} waits for its turn`);
    }
  };

  /** echo mode: writes what is pending; true when everything was accepted. */
  const flushEcho = (socket: Socket<unknown>, conn: Conn): boolean => {
    const pending = conn.pending;
    if (pending === null) return true;
    const n = socket.write(pending);
    if (n < 0) return false;
    conn.echoed += n;
    if (n < pending.byteLength) {
      conn.pending = pending.subarray(n);
      return false;
    }
    conn.pending = null;
    return true;
  };

  const handlers: SocketHandler<unknown> = {
    open(socket) {
      accepted++;
      const label =
        socket.remoteAddress === undefined ? `connection #${accepted}` : `connection #${accepted} from ${formatHostPort(socket.remoteAddress, socket.remotePort)}`;
      const conn: Conn = { label, ready: false, pump: null, pending: null, endAfterFlush: false, echoed: 0, tlsFailure: null, extra: false };
      conns.set(socket, conn);
      if (!keep) {
        // Serve this one only: refuse later connections, close any that raced in.
        if (accepted > 1) {
          conn.extra = true;
          socket.end();
          return;
        }
        listener.stop();
      }
      say(label);
      if (tls === undefined) ready(socket);
    },
    data(socket, data) {
      const conn = connOf(socket);
      if (!echo) {
        conn.pump?.deliver(socket, data);
        return;
      }
      if (conn.pending !== null) {
        // Should not happen while paused; keep the order if it does.
        conn.pending = Buffer.concat([conn.pending, data]);
        return;
      }
      conn.pending = data;
      // Stop reading until the echo is accepted: the peer then feels our back-pressure.
      if (!flushEcho(socket, conn)) socket.pause();
    },
    drain(socket) {
      const conn = connOf(socket);
      if (!echo) {
        conn.pump?.drained();
        return;
      }
      if (conn.pending === null || !flushEcho(socket, conn)) return;
      if (conn.endAfterFlush) socket.end();
      else socket.resume();
    },
    end(socket) {
      const conn = connOf(socket);
      if (!echo) {
        conn.pump?.peerEnded();
        return;
      }
      // allowHalfOpen: the peer is done sending; close once its last bytes are echoed.
      if (conn.pending === null) socket.end();
      else conn.endAfterFlush = true;
    },
    error(socket, error) {
      const conn = conns.get(socket);
      say(`${conn?.label ?? "connection"}: ${describeError(error)}`);
    },
    close(socket, error) {
      const conn = conns.get(socket);
      if (conn === undefined || conn.extra) return;
      conn.pump?.detach();
      const i = waiting.indexOf(socket);
      if (i >= 0) waiting.splice(i, 1);
      let code: number = ExitCode.ok;
      if (conn.tlsFailure !== null) {
        say(`${conn.label}: TLS handshake failed: ${conn.tlsFailure}`);
        code = ExitCode.tls;
      } else if (tls !== undefined && !conn.ready) {
        say(`${conn.label}: TLS handshake failed${error === undefined ? "" : `: ${describeError(error)}`}`);
        code = ExitCode.tls;
      } else if (error !== undefined) {
        say(`${conn.label} ended: ${describeError(error)}`);
        code = ExitCode.network;
      } else {
        const n = echo ? `echoed ${conn.echoed}` : `received ${conn.pump?.bytesReceived ?? 0}`;
        say(`${conn.label} closed (${n} bytes)`);
      }
      if (!keep) {
        resolveDone(code);
        return;
      }
      if (socket === active) {
        active = null;
        const next = waiting.shift();
        if (next !== undefined) serve(next);
      }
    },
  };
  if (tls !== undefined) {
    handlers.handshake = (socket, success, authorizationError) => {
      const conn = conns.get(socket);
      if (conn === undefined) return;
      if (verbose) {
        // listen never sets requestCert: clients are not asked for a certificate.
        const lines = summaryLines(tlsSummary(socket), { clientCertificate: "not requested" });
        statusBlock([`bunsock: ${conn.label}: TLS handshake ${success ? "done" : "failed"}`, ...lines]);
      }
      // A server that did not ask for a client certificate still gets an authorization
      // error (UNABLE_TO_GET_ISSUER_CERT, spec §5): only `success` matters here.
      if (!success) {
        conn.tlsFailure = authorizationError === null ? "handshake failed" : describeError(authorizationError);
        return;
      }
      ready(socket);
    };
  }

  let listener: SocketListener<unknown>;
  let where: string;
  const common = { tls, allowHalfOpen: true, socket: handlers };
  try {
    if ("unix" in address) {
      where = address.unix;
      listener = listen({ ...common, unix: address.unix });
    } else {
      where = formatHostPort(address.hostname, address.port);
      const tcp = listen({ ...common, ...address });
      listener = tcp;
      where = formatHostPort(address.hostname, tcp.port);
    }
  } catch (e) {
    // A key that does not match the certificate (or does not decrypt) is bad input, not the network.
    if (isTlsMaterialError(e)) throw tlsMaterialError(e, "--cert, --key", "listen");
    throw new CliError(ExitCode.network, `cannot listen on ${where!}: ${describeError(e)}`);
  }
  say(`listening on ${where}${tls === undefined ? "" : " (TLS)"}${echo ? ", echoing" : ""}${keep ? ", until Ctrl-C" : ""}`);
  const removeSignals = onStopSignals(() => listener.stop(true));
  const code = await done;
  removeSignals();
  listener.stop(true);
  return code;
}

export const listenCommand: Command = {
  name: "listen",
  summary: "accept connections on PORT (or a unix socket): print or --echo what they send",
  usage: USAGE,
  run,
};
