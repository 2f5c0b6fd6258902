// Helpers shared by the stress, soak, hostile-peer and fuzz suites: a seeded PRNG, the API
// under test (bunsock on Node/Deno, the native functions on Bun), TLS fixtures, resource
// counts. Plain ESM, no runtime-specific code outside the guarded spots.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const isBun = typeof process.versions.bun === 'string';
export const isDeno = typeof globalThis.Deno !== 'undefined';

/**
 * Seeded PRNG (mulberry32): small, fast, and the same sequence on every runtime, so a
 * seed printed by a failing run replays the same choices (network timing still varies).
 */
export class Rng {
  constructor(seed) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** A float in [0, 1). */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi] (inclusive). */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks a key of `weights` ({name: weight}) with probability proportional to its weight. */
  weighted(weights) {
    let total = 0;
    for (const k in weights) total += weights[k];
    let x = this.next() * total;
    for (const k in weights) {
      x -= weights[k];
      if (x < 0) return k;
    }
    return Object.keys(weights)[0];
  }

  /** A new independent generator derived from this one (for a child process or a sub-task). */
  fork() {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}

/** The seed to use: BUNSOCK_SEED when set (decimal or 0x hex), else a fresh random one. */
export function seedFromEnv() {
  const s = readEnv('BUNSOCK_SEED');
  if (s !== undefined && s !== '') {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`BUNSOCK_SEED must be an integer in [0, 2^32): ${s}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/** process.env[name], or undefined where the runtime refuses to read the environment. */
export function readEnv(name) {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

/** The socket API under test: Bun's own on Bun, bunsock's compiled build elsewhere. */
export async function loadApi() {
  if (isBun) return { connect: Bun.connect, listen: Bun.listen, name: `bun ${Bun.version}` };
  const m = await import(join(root, 'dist/src/index.js'));
  return { connect: m.connect, listen: m.listen, name: `bunsock on ${isDeno ? 'deno' : 'node'} ${process.version}` };
}

const fixtureDir = join(root, 'test/fixtures/tls');
let fixtures;

/** The shared TLS fixtures (test/fixtures/tls), read once: server and client option objects. */
export function tlsFixtures() {
  if (fixtures) return fixtures;
  const read = (f) => readFileSync(join(fixtureDir, f), 'utf8');
  const ca = read('ca.pem');
  fixtures = {
    ca,
    cert: read('server.pem'),
    key: read('server-key.pem'),
    server: { cert: read('server.pem'), key: read('server-key.pem') },
    client: { ca },
  };
  return fixtures;
}

/** Open file descriptors of this process (Linux /proc), or -1 where it cannot be read. */
export function fdCount() {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

/**
 * Active libuv resources by type (Node's process.getActiveResourcesInfo()): TCPSocketWrap,
 * TCPServerWrap, Timeout, ... Empty where the runtime does not have it.
 */
export function activeResources() {
  const out = {};
  const info = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : [];
  for (const name of info) out[name] = (out[name] ?? 0) + 1;
  return out;
}

/** Resolves after one event-loop turn (I/O included). */
export const turn = () => new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every few ms until it is true or `ms` passed; resolves with its last value. */
export async function waitFor(cond, ms) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(5);
  }
  return true;
}

/** Runs a full GC where exposed (--expose-gc) and returns the used heap in bytes. */
export async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await sleep(10);
  }
  return process.memoryUsage().heapUsed;
}

/** Command-line flags `--name value` / `--flag` into an object (numbers parsed). */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else {
      out[key] = /^(0x[0-9a-f]+|\d+(\.\d+)?)$/i.test(next) ? Number(next) : next;
      i++;
    }
  }
  return out;
}
