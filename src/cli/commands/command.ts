/** The shape of one `bunsock` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `bunsock --help`. */
  readonly summary: string;
  /** The command's `--help` text. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(argv: string[]): Promise<number>;
}
