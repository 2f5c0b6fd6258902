/**
 * One contender process as seen by the driver: JSON lines in, commands out, bounded waits.
 * The driver only ever kills processes it started, by their own handle.
 */
import { spawn } from "node:child_process";

export class Proc {
  #child;
  #lines = [];
  #waiters = [];
  #stderr = "";
  #exited = false;
  #exitCode = null;
  #exitWaiters = [];

  constructor(contender, role, workload, params, extraArgs = []) {
    const args = [...contender.args, ...extraArgs, contender.script, role, workload, JSON.stringify(params)];
    this.label = `${contender.name} ${role} ${workload}`;
    this.#child = spawn(contender.cmd, args, {
      env: { ...process.env, ...contender.env },
      stdio: ["pipe", "pipe", "pipe"],
      cwd: contender.cwd,
    });
    let buf = "";
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (!line) continue;
        let msg;
        try {
          msg = JSON.parse(line);
        } catch {
          msg = { error: `unparsable output: ${line.slice(0, 200)}` };
        }
        this.#push(msg);
      }
    });
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (chunk) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    this.#child.stdin.on("error", () => {});
    this.#child.on("exit", (code, signal) => {
      this.#exited = true;
      this.#exitCode = code ?? signal;
      for (const w of this.#waiters.splice(0)) w.reject(new Error(`${this.label} exited (${this.#exitCode}) without reporting; stderr: ${this.#stderr.trim().slice(-600)}`));
      for (const w of this.#exitWaiters.splice(0)) w();
    });
  }

  get pid() {
    return this.#child.pid;
  }

  #push(msg) {
    const w = this.#waiters.shift();
    if (w) w.resolve(msg);
    else this.#lines.push(msg);
  }

  /** The next JSON line, or a rejection after `timeoutMs` or when the process exits first. */
  next(timeoutMs) {
    if (this.#lines.length > 0) return Promise.resolve(this.#lines.shift());
    if (this.#exited) return Promise.reject(new Error(`${this.label} exited (${this.#exitCode}); stderr: ${this.#stderr.trim().slice(-600)}`));
    return new Promise((resolve, reject) => {
      const w = {
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      };
      const t = setTimeout(() => {
        const i = this.#waiters.indexOf(w);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new Error(`${this.label}: no report within ${timeoutMs} ms; stderr: ${this.#stderr.trim().slice(-600)}`));
      }, timeoutMs);
      this.#waiters.push(w);
    });
  }

  send(line) {
    if (!this.#exited && this.#child.stdin.writable) this.#child.stdin.write(line + "\n");
  }

  /** Waits for the process to end by itself (stdin closed); kills it (our own child) past `timeoutMs`. */
  async stop(timeoutMs = 5000) {
    this.send("stop");
    if (!this.#exited) this.#child.stdin.end();
    if (this.#exited) return this.#exitCode;
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        if (!this.#exited) this.#child.kill("SIGKILL");
        resolve();
      }, timeoutMs);
      this.#exitWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
    return this.#exitCode;
  }

  get stderr() {
    return this.#stderr;
  }
}
