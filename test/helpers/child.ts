/** Runs a tiny ES module in a child process of this runtime (for uncaught-exception, global-install and transport tests). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute file URL of a compiled library module, e.g. libUrl("index.js"). */
export function libUrl(module: string): string {
  return new URL(`../../src/${module}`, import.meta.url).href;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `source` as an ES module, from a temporary .mjs file: `node file.mjs` is what every
 * runtime that runs this suite understands (Deno runs `--input-type=module -e` as a script).
 * Kills the child (by its pid) if it outlives `ms`; `env` replaces the inherited environment.
 */
export function runModule(source: string, ms = 10_000, env?: NodeJS.ProcessEnv): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "bunsock-child-"));
  const file = join(dir, "child.mjs");
  writeFileSync(file, source);
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
      env: env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child did not exit within ${ms} ms; stdout=${stdout} stderr=${stderr}`));
    }, ms);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}
