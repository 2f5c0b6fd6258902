/**
 * Shared plumbing for contender processes (runs on Node and on Bun).
 *
 * A contender process is started by the driver as
 *   <runtime> <contender>.mjs <server|client> <workload> '<json params>'
 * It talks to the driver with JSON lines: it prints events on stdout and reads
 * commands ("baseline", "measure", "go", "stop") on stdin. Every process also has a hard
 * deadline, so a stuck run ends by itself even if the driver is gone.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..");

export function parseArgs() {
  const [role, workload, json] = process.argv.slice(2);
  if (role !== "server" && role !== "client") throw new Error(`role must be server|client, got ${role}`);
  const params = JSON.parse(json ?? "{}");
  return { role, workload, params };
}

/** One JSON line to the driver. Pipes are synchronous on Linux for Node; the callback covers Bun. */
export function emit(obj) {
  return new Promise((resolve) => process.stdout.write(JSON.stringify(obj) + "\n", () => resolve()));
}

/** Emits, then exits: a contender process always ends by itself once it has reported. */
export async function finish(obj, code = 0) {
  await emit(obj);
  process.exit(code);
}

export function fail(error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}${error.code ? ` [${error.code}]` : ""}` : String(error);
  return finish({ error: message }, 1);
}

/** Ends the process after `ms` whatever happens (unref'd: it never keeps the process alive by itself). */
export function hardDeadline(ms) {
  const t = setTimeout(() => {
    process.stderr.write(`contender: hard deadline of ${ms} ms passed, exiting\n`);
    process.exit(3);
  }, ms);
  t.unref?.();
}

// stdin carries the driver's commands, one per line. A single reader queues them, so a
// process can first wait for one line (the port) and hand the rest to a callback later.
const queued = [];
let lineWaiter = null;
let onLine = null;
let onStdinEnd = () => process.exit(0);
let stdinBuf = "";
process.stdin.setEncoding?.("utf8");
process.stdin.on("data", (chunk) => {
  stdinBuf += chunk;
  let i;
  while ((i = stdinBuf.indexOf("\n")) >= 0) {
    const line = stdinBuf.slice(0, i).trim();
    stdinBuf = stdinBuf.slice(i + 1);
    if (!line) continue;
    if (lineWaiter !== null) {
      const w = lineWaiter;
      lineWaiter = null;
      w(line);
    } else if (onLine !== null) onLine(line);
    else queued.push(line);
  }
});
// The stdin pipe is what keeps an idle server alive: the driver closes it to stop one.
process.stdin.on("end", () => onStdinEnd());

/** The next command line from the driver. */
export function nextCommand() {
  if (queued.length > 0) return Promise.resolve(queued.shift());
  return new Promise((resolve) => (lineWaiter = resolve));
}

/** Calls `onCommand(line)` for each further stdin line; `onEnd()` when the driver closes stdin. */
export function commands(onCommand, onEnd) {
  onLine = onCommand;
  onStdinEnd = onEnd;
  while (queued.length > 0) onCommand(queued.shift());
}

/**
 * The client is started while its server is still starting (to overlap start-up costs);
 * the driver then sends it the server's port as "port N".
 */
export async function serverPort(params) {
  if (typeof params.port === "number") return params.port;
  const line = await nextCommand();
  if (line === "stop") process.exit(0); // the server could not start (say, TLS unavailable)
  const m = /^port (\d+)$/.exec(line);
  if (m === null) throw new Error(`expected "port N" from the driver, got ${line}`);
  return Number(m[1]);
}

/** A full collection where the runtime allows one (node --expose-gc, Bun.gc). */
export function fullGc() {
  if (typeof globalThis.Bun !== "undefined") {
    globalThis.Bun.gc(true);
    globalThis.Bun.gc(true);
  } else if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
}

export function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + (m.external ?? 0) };
}

/** CLOCK_MONOTONIC in µs: the clock V8's --cpu-prof timestamps use, so a profile can be cut to the measured window. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** CPU time of this process (user + system), µs. */
export function cpuNow() {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/**
 * The server's view of the measured window, for its CPU time: windowed workloads start
 * it when the client's window would start (warm-up after the connections are up), byte
 * streams from the first connection to the ack. The driver asks for it with "cpu".
 */
export const serverWindow = {
  cpuUs: null,
  /** Byte streams: every byte the server received, reported with the CPU time (checked by the driver). */
  received: 0,
  armed: false,
  /** Windowed workloads: the client starts its window `warmupMs` after this point. */
  startTimed(warmupMs, durationMs) {
    if (this.armed) return;
    this.armed = true;
    setTimeout(() => {
      const c0 = cpuNow();
      setTimeout(() => (this.cpuUs = cpuNow() - c0), durationMs);
    }, warmupMs);
  },
  c0: 0,
  begin() {
    if (this.armed) return;
    this.armed = true;
    this.c0 = cpuNow();
  },
  end() {
    if (this.cpuUs === null) this.cpuUs = cpuNow() - this.c0;
  },
  /** The window's CPU time, waiting (bounded) for a timed window that started a little after the client's. */
  async result() {
    const until = Date.now() + 3000;
    while (this.armed && this.cpuUs === null && Date.now() < until) await sleep(10);
    return this.cpuUs;
  },
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Settles, collects, and reads memory: what an idle process holds now. */
export async function settledMemory(settleMs = 200) {
  await sleep(settleMs);
  fullGc();
  await sleep(settleMs / 2);
  fullGc();
  return memory();
}

/**
 * Idle memory, client side: `params.warm` connections first (one-time costs), a settled
 * baseline, then `params.steps` steps of `params.conns / params.steps` more connections,
 * each opened when the driver says "go" and measured settled. Several points instead of
 * one before/after pair, so a one-off jump (an allocator arena, a heap space growing)
 * shows as one odd step instead of skewing the whole figure.
 */
export async function idleClient(params, openMany, openCount) {
  await openMany(params.warm);
  await emit({ phase: "baseline", mem: await settledMemory(params.settleMs) });
  const per = Math.ceil(params.conns / params.steps);
  for (let step = 1; step <= params.steps; step++) {
    if ((await nextCommand()) !== "go") process.exit(0);
    await openMany(per);
    await emit({ phase: "step", step, mem: await settledMemory(params.settleMs), open: openCount() });
  }
  // Stay connected while the server takes its last measure; the driver's "stop" ends us.
  await nextCommand();
  process.exit(0);
}

/**
 * A measurement window: `warmupMs` of unmeasured work, then `durationMs` measured.
 * `count()` reads the work counter; `done(result)` gets {count, seconds, rate, windowUs, cpuUs}.
 */
export function measureWindow(warmupMs, durationMs, count, done) {
  let c0 = 0;
  let t0 = 0;
  let u0 = 0;
  let cpu0 = 0;
  setTimeout(() => {
    c0 = count();
    t0 = performance.now();
    u0 = nowUs();
    cpu0 = cpuNow();
    setTimeout(() => {
      const c1 = count();
      const seconds = (performance.now() - t0) / 1000;
      done({ count: c1 - c0, seconds, rate: (c1 - c0) / seconds, windowUs: [u0, nowUs()], cpuUs: cpuNow() - cpu0 });
    }, durationMs);
  }, warmupMs);
}

let fixtures;

/** The test CA and server certificate, read once per process. */
export function tlsFixtures() {
  if (fixtures !== undefined) return fixtures;
  const dir = join(repoRoot, "test", "fixtures", "tls");
  return (fixtures = {
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    cert: readFileSync(join(dir, "server.pem"), "utf8"),
    key: readFileSync(join(dir, "server-key.pem"), "utf8"),
  });
}

export const HOST = "127.0.0.1";
