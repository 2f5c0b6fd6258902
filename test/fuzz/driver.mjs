// Drives fuzz workers (worker.mjs) on bunsock and on real Bun and compares them case by case.
// Used by fuzz.test.mjs (bounded) and by `npm run stress` (long).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { root } from '../stress/lib.mjs';
import { connectOptions, listenOptions, socketCall, listenerCall } from './values.mjs';
import { explain } from './known-differences.mjs';

export const BUN = join(root, 'node_modules/.bin/bun');
const WORKER = join(root, 'test/fuzz/worker.mjs');
const CASE_MS = 15_000;

/** A worker process on `exe`, answering cases in order. */
export class Worker {
  constructor(exe, env = process.env) {
    this.exe = exe;
    this.child = spawn(exe, [WORKER], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.waiting = new Map();
    this.seq = 0;
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then((how) => {
      for (const w of this.waiting.values()) w.reject(new Error(`worker ${exe} exited (${how.code ?? how.signal}) during a case\n${this.stderr}`));
      this.waiting.clear();
    });
    const lines = createInterface({ input: this.child.stdout });
    this.ready = new Promise((resolve) => {
      lines.on('line', (line) => {
        let msg;
        try { msg = JSON.parse(line); } catch { return; }
        if (msg.ready) return resolve(msg.runtime);
        const w = this.waiting.get(msg.id);
        if (w === undefined) return;
        this.waiting.delete(msg.id);
        w.resolve(msg);
      });
    });
  }

  run(kind, desc) {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`worker ${this.exe} did not answer a ${kind} case within ${CASE_MS} ms (hang)`));
      }, CASE_MS);
      this.waiting.set(id, {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.child.stdin.write(`${JSON.stringify({ id, kind, desc })}\n`);
    });
  }

  async close() {
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

/** The case generators, one per API surface. */
export const surfaces = {
  connect: { kind: 'connect', arb: connectOptions },
  listen: { kind: 'listen', arb: listenOptions },
  'socket (plain)': {
    kind: 'socket',
    arb: fc.record({ target: fc.constantFrom('client', 'server'), calls: fc.array(socketCall, { minLength: 1, maxLength: 3 }) }).map((r) => ({ ...r, tls: false })),
  },
  'socket (TLS)': {
    kind: 'socket',
    arb: fc.record({ target: fc.constantFrom('client', 'server'), calls: fc.array(socketCall, { minLength: 1, maxLength: 3 }) }).map((r) => ({ ...r, tls: true })),
  },
  listener: { kind: 'listener', arb: fc.record({ calls: fc.array(listenerCall, { minLength: 1, maxLength: 3 }) }) },
};

/**
 * Checks one bunsock answer on its own: no uncaught exception, nothing left open, every
 * throw/rejection an Error whose class is one of Bun's.
 */
export function checkAlone(a) {
  assert.deepEqual(a.uncaught, [], 'uncaught exceptions in the worker');
  assert.equal(a.fds[1], a.fds[0], `file descriptors ${a.fds[0]} -> ${a.fds[1]}: the case left something open`);
  for (const o of a.outcomes) {
    assert.notEqual(o[0], 'harness error', `harness error: ${o[1]}`);
    if (o[0] === 'throws' || o[0] === 'rejects') {
      assert.ok(o[1].isError, `${o[0]} a non-Error (${o[1].name})`);
      // Bun's classes: TypeError/RangeError for arguments, Error for network, TLS and plain
      // argument errors, TODOError for write(data, encoding, length).
      assert.ok(['TypeError', 'RangeError', 'Error', 'TODOError'].includes(o[1].name), `error class ${o[1].name}`);
    }
  }
}

/**
 * Runs the property for `surface`: each case on bunsock (`mine`) and real Bun (`bun`); the
 * outcomes (what returns, what throws or rejects, with which class and code) must be equal.
 */
export async function fuzzSurface(name, { mine, bun, seed, numRuns }) {
  const { kind, arb } = surfaces[name];
  const stats = { cases: 0, calls: 0, throws: 0, rejects: 0, returns: 0, resolves: 0, pending: 0, known: {} };
  await fc.assert(
    fc.asyncProperty(arb, async (desc) => {
      const [a, b] = await Promise.all([mine.run(kind, desc), bun ? bun.run(kind, desc) : undefined]);
      checkAlone(a);
      if (b === undefined) return;
      assert.deepEqual(b.uncaught, [], 'uncaught exceptions on Bun');
      if (JSON.stringify(a.outcomes) !== JSON.stringify(b.outcomes)) {
        const id = explain(kind, desc, a.outcomes, b.outcomes);
        if (id === undefined) assert.deepEqual(a.outcomes, b.outcomes, 'bunsock (actual) and Bun (expected) differ');
        stats.known[id] = (stats.known[id] ?? 0) + 1;
      }
    }),
    { seed, numRuns, endOnFailure: true, includeErrorInReport: true },
  );
  return stats;
}

export function bunAvailable() {
  return existsSync(BUN);
}
