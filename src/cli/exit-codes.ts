/**
 * The CLI's exit codes: one table, printed by `bunsock --help` and listed in the README,
 * so scripts can tell a refused connection from a bad certificate from a typo.
 */

export const ExitCode = {
  /** The command did what was asked; for connect/listen: the peer closed cleanly. */
  ok: 0,
  /** A network error: refused, reset, unreachable, name not found, address in use. */
  network: 1,
  /** A usage error: unknown command or option, bad value, unreadable or invalid file (TLS material the library refuses). */
  usage: 2,
  /** TLS failed: the handshake failed or the peer's certificate was not verified. */
  tls: 3,
  /** `bunsock bench`: the benchmark package is missing or not installed. */
  benchUnavailable: 4,
  /** A bug in bunsock: printed with its stack trace. */
  internal: 70,
  /** Stopped by SIGINT (Ctrl-C), as shells report it (128 + 2). */
  sigint: 130,
  /** Stopped by SIGTERM (128 + 15). */
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code section of the usage text (and of the README). */
export const EXIT_CODES_HELP = `Exit codes:
  0    success; connect/listen: the connection ended cleanly
  1    network error (refused, reset, unreachable, unknown host, address in use)
  2    usage error (unknown command or option, bad value, unreadable or invalid file)
  3    TLS error (handshake failed, certificate not verified)
  4    bench: the benchmark package (bench/) is missing or not installed
  70   internal error (a bug in bunsock; printed with a stack trace)
  130  interrupted (SIGINT); 143 terminated (SIGTERM)`;

/**
 * An error the user can act on: printed as one line (`bunsock: <message>`), no stack,
 * and the process exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(exitCode: ExitCodeValue, message: string) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A usage error (exit code 2), optionally pointing at the command's `--help`. */
export function usageError(message: string, command?: string): CliError {
  const hint = command === undefined ? "bunsock --help" : `bunsock ${command} --help`;
  return new CliError(ExitCode.usage, `${message} (see \`${hint}\`)`);
}
