/**
 * Helpers for the CLI and examples suites: run `bunsock` (the compiled dist/src/cli/main.js)
 * and the compiled examples as real child processes, wait for what they print, and
 * always kill them (by the pid we spawned) when a test ends.
 */
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = join(root, "dist/src/cli/main.js");
export const FIXTURES = join(root, "test/fixtures/tls");
export const DEV_CERT = join(root, "examples/certs/dev-cert.pem");
export const DEV_KEY = join(root, "examples/certs/dev-key.pem");
/** The real Bun binary (the `bun` dev dependency): on Bun, bunsock hands over to Bun's own sockets. */
export const BUN = join(root, "node_modules/.bin/bun");

/** The library as users import it (compiled). */
export const lib = () => import(join(root, "dist/src/index.js"));

/** Whether a command is on PATH. */
export function have(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Every child spawned by a test, so `cleanup()` can kill the ones still running. */
const spawned = new Set();

/**
 * Starts a process. stdout is kept as bytes, stderr as text; `waitFor` resolves when a
 * stream matches a pattern; `exited` resolves with { code, signal }.
 */
export function start(command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ?? "pipe", "pipe", "pipe"],
  });
  spawned.add(child);
  const out = [];
  let err = "";
  const watchers = [];
  const check = () => {
    for (const w of [...watchers]) {
      const text = w.stream === "stdout" ? Buffer.concat(out).toString("latin1") : err;
      const m = w.pattern.exec(text);
      if (m !== null) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on("data", (c) => {
    out.push(c);
    check();
  });
  child.stderr.on("data", (c) => {
    err += c.toString();
    check();
  });
  // A child that exits early must not leave a waiter hanging: fail it with the output.
  const exited = new Promise((resolve) => {
    child.on("close", (code, signal) => {
      spawned.delete(child);
      for (const w of watchers.splice(0)) {
        w.reject(new Error(`${command} exited (${code ?? signal}) before printing ${w.pattern}; stderr: ${err}`));
      }
      resolve({ code, signal });
    });
  });
  child.stdin?.on("error", () => {}); // EPIPE when the child is gone is not the test's point
  return {
    child,
    pid: child.pid,
    exited,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    /** Waits (bounded) until `stream` matches `pattern`; resolves with the match. */
    waitFor(pattern, stream = "stderr", ms = 10_000) {
      return withTimeout(
        new Promise((resolve, reject) => {
          watchers.push({ pattern, stream, resolve, reject });
          check();
        }),
        ms,
        () => `${command} ${args.join(" ")} to print ${pattern} on ${stream}; stdout: ${Buffer.concat(out).toString().slice(-500)} stderr: ${err}`,
      );
    },
    /** Waits (bounded) for the exit. */
    wait(ms = 15_000) {
      return withTimeout(exited, ms, () => `${command} ${args.join(" ")} to exit; stderr: ${err}`);
    },
    kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, signal);
    },
  };
}

/** Starts `bunsock ARGS...`. */
export function bunsock(args, options = {}) {
  return start(process.execPath, [CLI, ...args], options);
}

/** Runs `bunsock ARGS...` to the end with `input` on stdin (or none). */
export async function runBunsock(args, { input, ms = 15_000, env } = {}) {
  const p = bunsock(args, { env, stdin: input === undefined ? "ignore" : "pipe" });
  if (input !== undefined) p.child.stdin.end(input);
  const { code, signal } = await p.wait(ms);
  return { code, signal, stdout: p.stdout(), stderr: p.stderr() };
}

/** Kills (SIGKILL, by pid) every child still running; call in `finally`/`after`. */
export function cleanup() {
  for (const child of spawned) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

/** The port from a `bunsock listen` status line. */
export async function listeningPort(proc) {
  const m = await proc.waitFor(/listening on .*:(\d+)/);
  return Number(m[1]);
}

export function withTimeout(promise, ms, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === "function" ? what() : what}`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** A temporary directory; call `remove()` in a finally block. */
export function tempDir(prefix = "bunsock-cli-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines of stderr that look like a stack trace (user errors must have none). */
export function stackLines(stderr) {
  return stderr.split("\n").filter((l) => /^\s+at /.test(l));
}

/**
 * nc's flag to send a FIN at stdin EOF: OpenBSD's nc (Debian/Ubuntu's `nc`) needs `-N`,
 * others do it by default or do not know the flag.
 */
export function ncHalfCloseFlags() {
  const help = spawnSync("nc", ["-h"], { encoding: "utf8" });
  return /\s-N\b|\[-[A-Za-z]*N[A-Za-z]*\]/.test(`${help.stdout}${help.stderr}`) ? ["-N"] : [];
}
