/**
 * `bunsock probe HOST:PORT`: a TLS connection that reports what was negotiated
 * (protocol, cipher, ALPN, SNI), whether the certificate verifies, whether the server
 * resumes a session (a second connection offers the first one's session with
 * setSession), and the peer's certificates. A table for people, `--json` for scripts.
 */
import { Buffer } from "node:buffer";
import { performance } from "node:perf_hooks";
import { connect, type Socket, type SocketHandler, type TLSOptions } from "../../index.js";
import { expectPositionals, formatHostPort, parseCommand, parseHostPort, parseSeconds } from "../args.js";
import { CliError, ExitCode, usageError } from "../exit-codes.js";
import { describeError, errorCode } from "../describe-error.js";
import { status } from "../output.js";
import { addPemMaterial, alpnNames, alpnWireFormat, givenPemFlags, isTlsMaterialError, tlsMaterialError } from "../tls-flags.js";
import { certRows, table, tlsSummary, verifiedText, type TlsSummary } from "../tls-summary.js";
import type { Command } from "./command.js";

const USAGE = `Usage: bunsock probe [options] HOST:PORT

Connects with TLS and prints what was negotiated (protocol, cipher, ALPN, SNI),
whether the certificate verifies, whether the server resumes a session (a second
connection offers the first one's session), and the server's certificate (subject,
issuer, SANs, validity, SHA-256 fingerprint). Progress goes to stderr.

Options:
  --servername NAME     SNI and the name to verify (default: HOST)
  --alpn LIST           ALPN protocols to offer (default h2,http/1.1; "none" for none)
  --ca FILE             trust this CA (PEM) instead of the system store
  --cert FILE --key FILE
                        present a client certificate (PEM)
  -k, --insecure        exit 0 even if the certificate does not verify
  --no-reuse            skip the session-resumption check (one connection only)
  -w, --timeout SECS    give up on a connection after SECS (default 10)
  --json                print one JSON object instead of the table
  -q, --quiet           no progress on stderr
  -h, --help            this help

Exit status: 0 handshake done and certificate verified (or --insecure), 1 network
error or timeout, 2 usage error, 3 handshake failed or certificate not verified.

Examples:
  bunsock probe example.com:443
  bunsock probe --ca test/fixtures/tls/ca.pem --json localhost:8443`;

const OPTIONS = {
  servername: { type: "string" },
  alpn: { type: "string" },
  ca: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  insecure: { type: "boolean", short: "k" },
  "no-reuse": { type: "boolean" },
  timeout: { type: "string", short: "w" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** What one TLS connection showed. */
interface Attempt {
  /** The handshake ran to the end (a cipher was agreed), verified or not. */
  completed: boolean;
  summary: TlsSummary | null;
  handshakeMs: number;
  reused: boolean;
  session: Buffer | undefined;
  /** Why the handshake did not complete. */
  failure: unknown;
}

interface Target {
  host: string;
  port: number;
  label: string;
}

/**
 * The least time to wait after the handshake for the server's session tickets: TLS 1.3
 * sends them after the handshake, and a session taken before they arrive cannot be
 * resumed. Twice the handshake time covers one more round trip on slow links; data
 * from the server ends the wait earlier (tickets precede application data).
 */
const MIN_TICKET_WAIT_MS = 250;

/** After our end(), how long to wait for the server's close_notify before resetting. */
const CLOSE_WAIT_MS = 1000;

/**
 * One TLS connection. `pemFlags` names the PEM flags given, for the usage error when the
 * library refuses that material.
 */
function attempt(target: Target, tls: TLSOptions, pemFlags: string, timeoutMs: number, session: Buffer | undefined): Promise<Attempt> {
  return new Promise<Attempt>((resolve, reject) => {
    const started = performance.now();
    const result: Attempt = { completed: false, summary: null, handshakeMs: 0, reused: false, session: undefined, failure: undefined };
    let lastError: unknown;
    let taken = false;
    let ticketTimer: ReturnType<typeof setTimeout> | undefined;
    let closeTimer: ReturnType<typeof setTimeout> | undefined;
    let live: Socket<unknown> | undefined;
    const guard = setTimeout(() => {
      // Reject before terminate(): the socket closes inside that call, and its close
      // handler would otherwise settle this attempt first as a reset handshake (exit 3).
      reject(new CliError(ExitCode.network, `timed out after ${timeoutMs / 1000} s probing ${target.label}`));
      live?.terminate();
    }, timeoutMs);

    const take = (socket: Socket<unknown>): void => {
      if (taken) return;
      taken = true;
      clearTimeout(ticketTimer);
      const s = socket.getSession() as unknown;
      if (Buffer.isBuffer(s) && s.byteLength > 0) result.session = s;
      socket.end();
      // A TLS end() closes once the peer answers with its close_notify (spec §5).
      closeTimer = setTimeout(() => socket.terminate(), CLOSE_WAIT_MS);
    };

    const handlers: SocketHandler<unknown> = {
      open(socket) {
        live = socket;
        // Resumption works when the session is set in `open` with a handshake handler (spec §5).
        if (session !== undefined) socket.setSession(session);
      },
      handshake(socket, _success, authorizationError) {
        result.handshakeMs = performance.now() - started;
        const summary = tlsSummary(socket);
        result.summary = summary;
        result.completed = summary.cipher?.name !== null && summary.cipher?.name !== undefined;
        result.reused = socket.isSessionReused();
        if (!result.completed) {
          result.failure = authorizationError ?? lastError;
          return;
        }
        if (session !== undefined) {
          taken = true;
          socket.end();
          closeTimer = setTimeout(() => socket.terminate(), CLOSE_WAIT_MS);
          return;
        }
        ticketTimer = setTimeout(() => take(socket), Math.max(MIN_TICKET_WAIT_MS, 2 * result.handshakeMs));
      },
      data(socket) {
        if (result.completed) take(socket);
      },
      error(_socket, error) {
        lastError = error;
      },
      close(_socket, error) {
        clearTimeout(guard);
        clearTimeout(ticketTimer);
        clearTimeout(closeTimer);
        if (!result.completed) result.failure ??= error ?? lastError;
        resolve(result);
      },
    };
    const refused = (e: unknown): void => {
      clearTimeout(guard);
      if (isTlsMaterialError(e)) reject(tlsMaterialError(e, pemFlags, "probe"));
      else reject(new CliError(ExitCode.network, `cannot connect to ${target.label}: ${describeError(e)}`));
    };
    // Bad TLS material throws from connect() itself (validated at the call, as on Bun).
    try {
      connect({ hostname: target.host, port: target.port, tls, socket: handlers }).catch(refused);
    } catch (e) {
      refused(e);
    }
  });
}

interface Report {
  target: string;
  host: string;
  port: number;
  ok: boolean;
  protocol: string | null;
  cipher: { name: string | null; standardName: string | null } | null;
  alpn: string | null;
  alpnOffered: string[];
  sni: string | null;
  verified: boolean;
  verifyError: { code: string | null; message: string } | null;
  sessionReuse: { tested: boolean; reused: boolean | null; note: string };
  handshakeMs: number;
  chain: TlsSummary["chain"];
}

function reportOf(target: Target, offered: string[], first: Attempt, second: Attempt | null, reuseNote: string): Report {
  const s = first.summary as TlsSummary;
  return {
    target: target.label,
    host: target.host,
    port: target.port,
    ok: true,
    protocol: s.protocol,
    cipher: s.cipher,
    alpn: s.alpn,
    alpnOffered: offered,
    sni: s.servername,
    verified: s.authorized,
    verifyError: s.authorizationError,
    sessionReuse: { tested: second !== null, reused: second === null ? null : second.reused, note: reuseNote },
    handshakeMs: Math.round(first.handshakeMs * 10) / 10,
    chain: s.chain,
  };
}

function renderTable(r: Report, summary: TlsSummary): string {
  const lines = [`TLS probe of ${r.target}`];
  lines.push(
    ...table([
      ["protocol", r.protocol ?? "?"],
      ["cipher", r.cipher?.name ?? "?"],
      ["ALPN", `${r.alpn ?? "(none negotiated)"}${r.alpnOffered.length > 0 ? ` (offered: ${r.alpnOffered.join(", ")})` : ""}`],
      ["SNI", r.sni ?? "(none)"],
      ["verified", verifiedText(summary)],
      ["session reuse", r.sessionReuse.note],
      ["handshake", `${r.handshakeMs} ms`],
    ]),
  );
  const n = r.chain.length;
  // Bun's API exposes the peer's own certificate, not the issuers it sent (see tls-summary.ts).
  lines.push(n === 0 ? "Peer certificate" : "Peer certificate (the server's own; Bun's socket API does not expose the issuers it sent)");
  const now = Date.now();
  r.chain.forEach((cert, i) => {
    const rows = table(certRows(cert, now), "      ");
    rows[0] = `  [${i}]${(rows[0] as string).slice(5)}`;
    lines.push(...rows);
  });
  if (n === 0) lines.push("  (the peer sent no certificate)");
  return `${lines.join("\n")}\n`;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand("probe", argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  const [hostPort] = expectPositionals(positionals, ["HOST:PORT"], "probe") as [string];
  const { host, port } = parseHostPort(hostPort, "probe");
  if (port === 0) throw usageError("cannot probe port 0", "probe");
  const target: Target = { host, port, label: formatHostPort(host, port) };
  if ((values.cert === undefined) !== (values.key === undefined)) throw usageError("--cert and --key go together", "probe");
  const timeoutMs = (values.timeout === undefined ? 10 : parseSeconds(values.timeout, "probe", "--timeout")) * 1000;
  const alpnList = values.alpn ?? "h2,http/1.1";
  // Always rejectUnauthorized:false: the probe reports an unverified certificate instead
  // of losing the connection to it; verification is judged from `authorized`.
  const tls: TLSOptions = { rejectUnauthorized: false };
  let offered: string[] = [];
  if (alpnList !== "none") {
    tls.ALPNProtocols = alpnWireFormat(alpnList, "probe");
    offered = alpnNames(tls.ALPNProtocols);
  }
  if (values.servername !== undefined) tls.serverName = values.servername;
  addPemMaterial(tls, values, "probe");
  const pemFlags = givenPemFlags(values);
  const progress = (message: string): void => {
    if (values.quiet !== true) status(message);
  };

  progress(`connecting to ${target.label} (TLS${values.servername === undefined ? "" : `, SNI ${values.servername}`})...`);
  const first = await attempt(target, tls, pemFlags, timeoutMs, undefined);
  if (!first.completed || first.summary === null) {
    const cause = first.failure;
    const message = `TLS handshake with ${target.label} failed${cause === undefined ? "" : `: ${describeError(cause)}`}`;
    if (values.json === true) {
      const error = { code: errorCode(cause) ?? null, message: cause instanceof Error ? cause.message : message };
      process.stdout.write(`${JSON.stringify({ target: target.label, host, port, ok: false, error }, null, 2)}\n`);
    }
    throw new CliError(ExitCode.tls, message);
  }
  progress(`handshake done: ${first.summary.protocol ?? "?"}, ${first.summary.cipher?.name ?? "?"}`);

  let second: Attempt | null = null;
  let reuseNote: string;
  if (values["no-reuse"] === true) reuseNote = "not checked (--no-reuse)";
  else if (first.session === undefined) reuseNote = "not checked (the server gave no session)";
  else {
    progress("second connection, offering the first one's session...");
    second = await attempt(target, tls, pemFlags, timeoutMs, first.session);
    if (!second.completed) reuseNote = `no (the second handshake failed: ${describeError(second.failure)})`;
    else reuseNote = second.reused ? "yes (the second connection resumed the first one's session)" : "no (the server did not resume the session)";
  }

  const report = reportOf(target, offered, first, second, reuseNote);
  if (values.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderTable(report, first.summary));
  if (!report.verified && values.insecure !== true) {
    status(`certificate not verified: ${verifiedText(first.summary).replace(/^no \(|\)$/g, "")} (use --ca FILE to trust a CA, or --insecure)`);
    return ExitCode.tls;
  }
  return ExitCode.ok;
}

export const probeCommand: Command = {
  name: "probe",
  summary: "TLS-connect to HOST:PORT and print protocol, cipher, ALPN, SNI, session reuse, certificates",
  usage: USAGE,
  run,
};
