// Helpers for the interop tests: OpenSSL's s_server / s_client as independent TLS peers.
// Each spawned process is tracked by its own pid and killed by the caller (see `kill()`);
// nothing here ever signals a process it did not start.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

/** Absolute path of a TLS fixture (test/fixtures/tls/README.md). */
export const fixturePath = (name) => `${FIXTURES}${name}`;

/** A TLS fixture's PEM text. */
export const pem = (name) => readFileSync(fixturePath(name), 'utf8');

/** An ALPN list in wire format (length-prefixed names), as Bun's ALPNProtocols wants it. */
export const alpnWire = (...names) =>
  Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([n.length]), Buffer.from(n)])));

/** The openssl CLI's version line, or undefined when it is not installed. */
export function opensslVersion() {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * A spawned openssl process with its output collected. `waitFor(stream, re, ms)` resolves with
 * the text once it matches and rejects when the process exits first or `ms` passes.
 */
function track(args) {
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const waiters = new Set();
  let exit;
  const check = () => {
    for (const w of waiters) {
      if (w.re.test(out[w.stream])) { waiters.delete(w); clearTimeout(w.timer); w.resolve(out[w.stream]); }
      else if (exit) { waiters.delete(w); clearTimeout(w.timer); w.reject(new Error(`openssl exited (${JSON.stringify(exit)}) before ${w.stream} matched ${w.re}\n${describe()}`)); }
    }
  };
  const describe = () => `openssl ${args.join(' ')}\n--- stdout\n${out.stdout.slice(-3000)}\n--- stderr\n${out.stderr.slice(-3000)}`;
  child.stdout.setEncoding('utf8').on('data', (d) => { out.stdout += d; check(); });
  child.stderr.setEncoding('utf8').on('data', (d) => { out.stderr += d; check(); });
  child.stdin.on('error', () => {}); // the peer may exit before we finish writing
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => { exit = { code, signal }; check(); resolve(exit); });
    child.on('error', (e) => { exit = { error: e.message }; check(); resolve(exit); });
  });
  return {
    get stdout() { return out.stdout; },
    get stderr() { return out.stderr; },
    exited,
    describe,
    waitFor(stream, re, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const w = { stream, re, resolve, reject };
        w.timer = setTimeout(() => { waiters.delete(w); reject(new Error(`timed out after ${ms} ms waiting for ${stream} to match ${re}\n${describe()}`)); }, ms);
        waiters.add(w);
        check();
      });
    },
    write(text) { child.stdin.write(text); },
    endInput() { child.stdin.end(); },
    /** Kills this process (only this pid) if it still runs, and waits for it to be gone. */
    async kill() {
      if (!exit) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A port that was free a moment ago: bind a probe server on 127.0.0.1:0, read it, close it. */
function probePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `openssl s_server` on a free loopback port (s_server cannot take port 0), serving one
 * connection (`-naccept 1`), and resolves once it printed ACCEPT. Another process may grab the
 * probed port meanwhile, so EADDRINUSE is retried on a new port.
 */
export async function startSServer(args, { attempts = 5 } = {}) {
  for (let i = 0; i < attempts; i++) {
    const port = await probePort();
    const proc = track(['s_server', '-accept', `127.0.0.1:${port}`, '-naccept', '1', ...args]);
    try {
      await proc.waitFor('stdout', /^ACCEPT$/m);
      return Object.assign(proc, { port });
    } catch (e) {
      await proc.kill();
      if (!/Address already in use|unable to bind/.test(proc.stderr)) throw e;
    }
  }
  throw new Error(`s_server found no free port in ${attempts} attempts`);
}

/** Starts `openssl s_client` against 127.0.0.1:port; its stdin stays open until endInput(). */
export function startSClient(port, args) {
  return track(['s_client', '-connect', `127.0.0.1:${port}`, ...args]);
}

/** Rejects after `ms` with `what`, so that every test ends by itself. */
export function within(ms, what, promise) {
  let timer;
  const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms); });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
