/**
 * `bunsock connect HOST PORT` / `--unix PATH`: stdin to the socket, the socket to
 * stdout, like nc. Half-closes (shutdown) on stdin EOF and exits when the connection
 * ends: 0 when it ended cleanly, 1 on a network error, 3 when TLS failed.
 */
import { connect, type Socket, type SocketHandler, type TLSOptions } from "../../index.js";
import { expectPositionals, formatHostPort, parseCommand, parsePort, parseSeconds } from "../args.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { describeError } from "../describe-error.js";
import { finish, status, statusBlock } from "../output.js";
import { StdioPump } from "../pump.js";
import { onStopSignals } from "../signals.js";
import {
  CLIENT_TLS_HELP,
  CLIENT_TLS_OPTIONS,
  clientTlsOptions,
  givenClientTlsFlags,
  givenPemFlags,
  isTlsMaterialError,
  tlsMaterialError,
} from "../tls-flags.js";
import { handshakeFailureKind, handshakeFailureText } from "../tls-failure.js";
import { summaryLines, tlsSummary } from "../tls-summary.js";
import type { Command } from "./command.js";

const USAGE = `Usage: bunsock connect [options] HOST PORT
       bunsock connect [options] --unix PATH

Connects, then copies stdin to the connection and the connection to stdout (like nc).
At stdin EOF the write side is shut (FIN) and the peer's reply is still read; the
command ends when the connection does.

Options:
  -u, --unix PATH       connect to a unix socket instead of HOST PORT
  -d, --no-stdin        send nothing; only print what the peer sends
  -w, --timeout SECS    give up if not connected (TLS: handshake done) in SECS
  -v, --verbose         report the connection (and the TLS summary) on stderr
  --tls                 connect with TLS (verifies the peer by default)
${CLIENT_TLS_HELP}
  -h, --help            this help

Exit status: 0 the connection ended cleanly, 1 network error (refused, reset, ...),
2 usage error, 3 TLS handshake or verification failed.

Examples:
  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | bunsock connect example.com 80
  bunsock connect --tls --alpn http/1.1 -v example.com 443
  bunsock connect --tls --ca examples/certs/dev-cert.pem localhost 7001`;

const OPTIONS = {
  unix: { type: "string", short: "u" },
  "no-stdin": { type: "boolean", short: "d" },
  timeout: { type: "string", short: "w" },
  verbose: { type: "boolean", short: "v" },
  tls: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...CLIENT_TLS_OPTIONS,
} as const;

interface Target {
  readonly label: string;
  readonly address: { hostname: string; port: number } | { unix: string };
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("connect", argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  let target: Target;
  if (values.unix !== undefined) {
    expectPositionals(positionals, [], "connect");
    if (values.unix === "") throw usageError("--unix needs a path", "connect");
    target = { label: values.unix, address: { unix: values.unix } };
  } else {
    const [host, portText] = expectPositionals(positionals, ["HOST", "PORT"], "connect") as [string, string];
    const port = parsePort(portText, "connect");
    if (port === 0) throw usageError("cannot connect to port 0", "connect");
    target = { label: formatHostPort(host, port), address: { hostname: host, port } };
  }
  let tls: TLSOptions | undefined;
  if (values.tls === true) tls = clientTlsOptions(values, "connect");
  else {
    const stray = givenClientTlsFlags(values);
    if (stray.length > 0) throw usageError(`${stray.join(", ")} needs --tls`, "connect");
  }
  const timeoutSecs = values.timeout === undefined ? undefined : parseSeconds(values.timeout, "connect", "--timeout");
  const verbose = values.verbose === true;
  const insecure = values.insecure === true;

  const pump = new StdioPump({
    output: process.stdout,
    input: values["no-stdin"] === true ? null : process.stdin,
    inputIsInteractive: process.stdin.isTTY === true,
  });
  let ready = false;
  /** Set by Ctrl-C/SIGTERM: the close that follows is ours, not a failure to report. */
  let stopping = false;
  let tlsFailure: string | undefined;
  let handlerError: unknown;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const becomeReady = (socket: Socket<unknown>): void => {
    ready = true;
    clearTimeout(timer);
    pump.attach(socket);
  };

  const handlers: SocketHandler<unknown> = {
    open(socket) {
      if (verbose) {
        const from = socket.localAddress === undefined ? "" : ` (from ${formatHostPort(socket.localAddress, socket.localPort)})`;
        status(`connected to ${target.label}${from}`);
      }
      // With TLS, bytes written before the handshake are dropped (spec §5): wait for it.
      if (tls === undefined) becomeReady(socket);
    },
    data(socket, data) {
      pump.deliver(socket, data);
    },
    drain() {
      pump.drained();
    },
    end() {
      if (verbose) status("peer finished sending (FIN)");
      pump.peerEnded();
    },
    error(_socket, error) {
      // Handler exceptions and TLS failures (spec §3); `close` follows and decides the exit.
      handlerError = error;
    },
    close(_socket, error) {
      pump.detach();
      clearTimeout(timer);
      if (stopping) {
        resolveDone(ExitCode.ok); // the signal handler has already chosen the exit code
      } else if (tlsFailure !== undefined) {
        resolveDone(fail(ExitCode.tls, tlsFailure));
      } else if (tls !== undefined && !ready) {
        const cause = error ?? handlerError;
        resolveDone(fail(ExitCode.tls, `TLS handshake with ${target.label} failed${cause === undefined ? "" : `: ${describeError(cause)}`}`));
      } else if (error !== undefined) {
        resolveDone(fail(ExitCode.network, `connection to ${target.label} ended: ${describeError(error)}`));
      } else if (handlerError !== undefined) {
        resolveDone(fail(ExitCode.network, `connection to ${target.label} failed: ${describeError(handlerError)}`));
      } else {
        if (verbose) status(`closed (sent ${pump.bytesSent} bytes, received ${pump.bytesReceived} bytes)`);
        resolveDone(ExitCode.ok);
      }
    },
  };
  if (tls !== undefined) {
    handlers.handshake = (socket, success, authorizationError) => {
      const summary = tlsSummary(socket);
      const kind = success ? null : handshakeFailureKind(authorizationError);
      // The table describes a negotiated session: not one interrupted by us or by the peer.
      if (verbose && !stopping && (kind === null || kind === "certificate")) {
        status(`TLS handshake ${success ? "done" : "failed"}`);
        statusBlock(summaryLines(summary));
      }
      // --insecure overlooks a certificate that did not verify, never a handshake that
      // did not happen (a peer that is not TLS, a connection that closed first).
      if (kind !== null && (!insecure || kind !== "certificate")) {
        // Bun closes the socket after a failed handshake (spec §5); `close` reports it.
        if (!stopping) tlsFailure = handshakeFailureText(authorizationError, target.label);
        return;
      }
      if (!success && verbose) status("warning: continuing without a verified certificate (--insecure)");
      becomeReady(socket);
    };
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutSecs !== undefined) {
    timer = setTimeout(() => {
      if (!ready) finish(fail(ExitCode.network, `timed out after ${timeoutSecs} s connecting to ${target.label}`));
    }, timeoutSecs * 1000);
  }

  let socket: Socket<unknown> | undefined;
  const removeSignals = onStopSignals((signal) => {
    stopping = true;
    if (tls !== undefined && !ready && socket !== undefined) status(`stopped (${signal}) during the TLS handshake with ${target.label}`);
    socket?.terminate();
  });
  if (verbose) status(`connecting to ${target.label}${tls === undefined ? "" : " (TLS)"}`);
  try {
    // allowHalfOpen: the peer's FIN ends only its direction; piped stdin is still sent.
    const common = { tls, allowHalfOpen: true, socket: handlers };
    const address = target.address;
    socket = "unix" in address ? await connect({ ...common, unix: address.unix }) : await connect({ ...common, ...address });
  } catch (e) {
    clearTimeout(timer);
    removeSignals();
    // A CA, certificate or key the TLS library refuses is bad input (exit 2), not the network.
    if (isTlsMaterialError(e)) throw tlsMaterialError(e, givenPemFlags(values), "connect");
    throw new CliError(ExitCode.network, `cannot connect to ${target.label}: ${describeError(e)}`);
  }
  const code = await done;
  removeSignals();
  return code;
}

/** Prints a one-line error and returns its exit code. */
function fail(code: number, message: string): number {
  status(message);
  return code;
}

export const connectCommand: Command = {
  name: "connect",
  summary: "connect to HOST PORT (or a unix socket) and pipe stdin/stdout, like nc",
  usage: USAGE,
  run,
};
