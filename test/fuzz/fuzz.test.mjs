// Bad-input fuzzing (fast-check): random values for every option of connect/listen/tls and
// every argument of every TCPSocket and SocketListener method. Each case runs in a worker on
// bunsock and in a worker on real Bun (test/fuzz/worker.mjs); each call must return, throw or
// reject exactly as on Bun (error class and code; never messages), must not crash the worker
// or leave a file descriptor behind, and every error must be an Error of one of Bun's classes.
// Differences found and not fixed yet are listed in known-differences.mjs.
//
//   node --test test/fuzz/fuzz.test.mjs                        (fixed seed)
//   BUNSOCK_SEED=123 BUNSOCK_FUZZ_RUNS=1000 node --test test/fuzz/fuzz.test.mjs
// A failure prints fast-check's seed, path and the shrunk counterexample (JSON descriptions
// of the values, see values.mjs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker, fuzzSurface, surfaces, bunAvailable, BUN } from './driver.mjs';
import { seedFromEnv, readEnv } from '../stress/lib.mjs';

// A fixed seed in `npm test` keeps CI repeatable; BUNSOCK_SEED (set by `npm run stress` to a
// fresh random seed) explores further.
const seed = readEnv('BUNSOCK_SEED') ? seedFromEnv() : 20261125;
const scale = Number(readEnv('BUNSOCK_FUZZ_RUNS') ?? 0);
const RUNS = { connect: 800, listen: 800, 'socket (plain)': 700, 'socket (TLS)': 500, listener: 700 };

describe(`fuzz: bunsock against real Bun (seed ${seed})`, { concurrency: false }, () => {
  let mine;
  let bun;
  before(async () => {
    assert.ok(bunAvailable(), `missing ${BUN}`);
    mine = new Worker(process.execPath);
    bun = new Worker(BUN);
    await Promise.all([mine.ready, bun.ready]);
  });
  after(async () => {
    await Promise.all([mine?.close(), bun?.close()]);
  });
  for (const name of Object.keys(surfaces)) {
    test(name, { timeout: 600_000 }, async (t) => {
      const numRuns = scale > 0 ? scale : RUNS[name];
      const stats = await fuzzSurface(name, { mine, bun, seed, numRuns });
      t.diagnostic(`${numRuns} cases; known differences met: ${JSON.stringify(stats.known)}`);
    });
  }
});
