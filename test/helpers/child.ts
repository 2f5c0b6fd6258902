/** Runs a tiny ES module in a child `node` process (for uncaught-exception and global-install tests). */
import { spawn } from "node:child_process";
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

/** Runs `source` as an ES module; kills the child (by its pid) if it outlives `ms`. */
export function runModule(source: string, ms = 10_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
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
  });
}
