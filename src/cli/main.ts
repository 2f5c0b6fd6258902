#!/usr/bin/env node
/**
 * The `bunsock` command: nc- and s_client-style tools built on bunsock's public API.
 * User errors print one line and exit with a documented code; only bugs show a stack.
 */
import { benchCommand } from "./commands/bench.js";
import type { Command } from "./commands/command.js";
import { connectCommand } from "./commands/connect.js";
import { listenCommand } from "./commands/listen.js";
import { probeCommand } from "./commands/probe.js";
import { CliError, EXIT_CODES_HELP, ExitCode, usageError } from "./exit-codes.js";
import { finish } from "./output.js";

const COMMANDS: readonly Command[] = [connectCommand, listenCommand, probeCommand, benchCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: bunsock <command> [options]

Bun's TCP/TLS socket API on Node, as a command-line tool.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`bunsock <command> --help\` for a command's options.

Options:
  -h, --help     this help
  --version      print bunsock's version

${EXIT_CODES_HELP}`;
}

async function version(): Promise<string> {
  const { packageRoot } = await import("./commands/bench.js");
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const root = packageRoot();
  if (root === undefined) return "unknown";
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    const command = COMMANDS.find((c) => c.name === topic);
    // `bunsock` alone is a usage error (as for git): usage on stderr, exit 2.
    if (first === undefined) {
      process.stderr.write(`${usage()}\n`);
      return ExitCode.usage;
    }
    process.stdout.write(`${command?.usage ?? usage()}\n`);
    return ExitCode.ok;
  }
  if (first === "--version" || first === "-V") {
    process.stdout.write(`bunsock ${await version()}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) {
    throw usageError(first.startsWith("-") ? `unknown option '${first}' before the command` : `unknown command '${first}'`);
  }
  return command.run(rest);
}

// A closed stdout (`bunsock connect ... | head -1`) ends the command quietly, as for cat.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(ExitCode.ok);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => finish(code),
  (e: unknown) => {
    if (e instanceof CliError) {
      process.stderr.write(`bunsock: ${e.message}\n`);
      finish(e.exitCode);
      return;
    }
    // Not a user error: a bug. The stack is what a bug report needs.
    process.stderr.write(`bunsock: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    finish(ExitCode.internal);
  },
);
