/**
 * Where the CLI writes: payload bytes and reports to stdout, everything about the
 * run (status, progress, warnings, errors) to stderr, one line each, prefixed
 * `bunsock:` so it can be told apart from a peer's bytes on a terminal.
 */

/** A status line on stderr. */
export function status(message: string): void {
  process.stderr.write(`bunsock: ${message}\n`);
}

/** Lines on stderr, as they are (a table under a status line). */
export function statusBlock(lines: string[]): void {
  if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
}

let exiting = false;

/**
 * Exits once stdout and stderr have taken everything written so far. process.exit()
 * is needed because a terminal stdin would keep the process alive; waiting for the
 * streams keeps the last received bytes when stdout is a pipe.
 */
export function finish(code: number): void {
  if (exiting) return;
  exiting = true;
  let waiting = 2;
  const done = (): void => {
    if (--waiting === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
