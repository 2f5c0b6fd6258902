/**
 * `bunsock bench`: runs the benchmark package's quick mode. The benchmarks live in
 * bench/ of the repository (their own package, with node:net and real Bun as
 * contenders), not in the published library, so this works from a checkout only.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { parseCommand } from "../args.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { status } from "../output.js";
import type { Command } from "./command.js";

const USAGE = `Usage: bunsock bench [-- ARGS...]

Runs the benchmark package's quick mode (bench/ in the bunsock repository), which
compares bunsock with node:net and real Bun; ARGS after -- are passed to it. The
benchmark prints its own progress and results.

The quick mode is the first of these that bench/package.json defines:
  npm run quick, npm run bench:quick, npm run bench -- --quick

Options:
  -h, --help    this help

Exit status: the benchmark's own; 4 when bench/ is missing (an npm install of bunsock
has no bench/), is not installed (run \`npm ci --prefix bench\`), or has no quick mode.`;

/** The bunsock checkout or package this module runs from: the nearest package.json named "bunsock". */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "bunsock") return dir;
      } catch {
        // An unreadable manifest is not ours; keep looking upwards.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

interface BenchManifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The npm arguments of the quick mode, or why there is none. */
export function quickModeArgs(benchDir: string): string[] {
  const manifestPath = join(benchDir, "package.json");
  if (!existsSync(manifestPath)) {
    throw new CliError(ExitCode.benchUnavailable, `no benchmark package at ${benchDir} (bench/ ships with the bunsock repository, not the npm package)`);
  }
  let manifest: BenchManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BenchManifest;
  } catch (e) {
    throw new CliError(ExitCode.benchUnavailable, `cannot read ${manifestPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const deps = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  if (deps.length > 0 && !existsSync(join(benchDir, "node_modules"))) {
    throw new CliError(ExitCode.benchUnavailable, `the benchmark package is not installed: run \`npm ci --prefix ${benchDir}\``);
  }
  const scripts = manifest.scripts ?? {};
  if (scripts["quick"] !== undefined) return ["run", "quick"];
  if (scripts["bench:quick"] !== undefined) return ["run", "bench:quick"];
  if (scripts["bench"] !== undefined) return ["run", "bench", "--", "--quick"];
  throw new CliError(ExitCode.benchUnavailable, `${manifestPath} defines no quick mode (scripts: quick, bench:quick or bench)`);
}

async function run(argv: string[]): Promise<number> {
  const dashDash = argv.indexOf("--");
  const own = dashDash < 0 ? argv : argv.slice(0, dashDash);
  const passThrough = dashDash < 0 ? [] : argv.slice(dashDash + 1);
  const { values } = parseCommand("bench", own, { help: { type: "boolean", short: "h" } } as const);
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  const root = packageRoot();
  if (root === undefined) throw new CliError(ExitCode.benchUnavailable, "cannot find the bunsock package this command runs from");
  const benchDir = join(root, "bench");
  const npmArgs = quickModeArgs(benchDir);
  if (passThrough.length > 0) npmArgs.push(...(npmArgs.includes("--") ? [] : ["--"]), ...passThrough);
  status(`running the benchmarks' quick mode: npm ${npmArgs.join(" ")} (in ${benchDir})`);
  const child = spawn("npm", npmArgs, { cwd: benchDir, stdio: "inherit" });
  // The child shares our terminal, so Ctrl-C reaches it too; SIGTERM is passed on.
  const forward = (): void => void child.kill("SIGTERM");
  process.once("SIGTERM", forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", (e) => reject(new CliError(ExitCode.benchUnavailable, `cannot run npm: ${e.message}`)));
      child.once("exit", (code, signal) => {
        if (signal === "SIGINT") resolve(ExitCode.sigint);
        else if (signal === "SIGTERM") resolve(ExitCode.sigterm);
        else resolve(code ?? ExitCode.internal);
      });
    });
  } finally {
    process.off("SIGTERM", forward);
  }
}

export const benchCommand: Command = {
  name: "bench",
  summary: "run the benchmark package's quick mode (from a bunsock checkout)",
  usage: USAGE,
  run,
};
