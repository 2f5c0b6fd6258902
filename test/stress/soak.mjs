#!/usr/bin/env node
// Soak: many connect/close cycles; afterwards open file descriptors, libuv handles and
// timers must be back to where they started, and the heap within a stated bound.
//
//   node --expose-gc test/stress/soak.mjs [--cycles 100000] [--tls] [--concurrency 8]
//
// Each cycle connects to a listener and ends the connection one of several ways (client
// end/close/terminate/shutdown, server end, an echo round trip, stop(true) of the listener),
// with the shared timeout clock armed on some sockets. Every 2,000 cycles the listener is
// replaced (stop, then a new listen), so listener handles are soaked too. Measured after a
// warm-up (lazy modules, JIT, buffer pools), then at the half and at the end, each time with
// no connection or listener open and after a full GC.
//
// Bounds (the run fails past them):
//   file descriptors: end <= start + FD_SLACK (FD_SLACK = 2)
//   active handles and timers (process.getActiveResourcesInfo, and async_hooks for unref'd
//   ones): end == start, by type
//   heap used: end - start <= HEAP_SLACK (8 MiB), and end - half <= HEAP_SLACK / 2
// A leak of a few dozen bytes per connection shows over 100,000 cycles as several MiB.
import { fileURLToPath } from 'node:url';
import { Rng, seedFromEnv, loadApi, tlsFixtures, parseArgs, fdCount, activeResources, sleep, waitFor, isBun } from './lib.mjs';

export const FD_SLACK = 2;
export const HEAP_SLACK = 8 * 1024 * 1024;
const LISTENER_EVERY = 2000;
const WAYS = ['clientEnd', 'clientClose', 'clientTerminate', 'clientShutdown', 'serverEnd', 'echo', 'serverTerminate'];

const gc = () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  else if (isBun) Bun.gc(true);
};

/**
 * Live async resources by type (Timeout, TCPWRAP, TCPSERVERWRAP, TLSWRAP, ...), counted with
 * async_hooks: unlike getActiveResourcesInfo() this also sees unref'd timers and handles.
 * Empty where async_hooks has no createHook (Bun).
 */
const live = new Map();
const liveTypes = new Map();
try {
  const { createHook } = await import('node:async_hooks');
  const tracked = /^(Timeout|Immediate|TCPWRAP|TCPSERVERWRAP|PIPEWRAP|PIPESERVERWRAP|TLSWRAP|SHUTDOWNWRAP|WRITEWRAP|TCPCONNECTWRAP)$/;
  createHook({
    init(id, type) {
      if (!tracked.test(type)) return;
      live.set(id, type);
      liveTypes.set(type, (liveTypes.get(type) ?? 0) + 1);
    },
    destroy(id) {
      const type = live.get(id);
      if (type === undefined) return;
      live.delete(id);
      liveTypes.set(type, liveTypes.get(type) - 1);
    },
  }).enable();
} catch {
  // No async_hooks here: the other counts still apply.
}

async function settled() {
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  const resources = activeResources();
  for (const [type, n] of liveTypes) if (n !== 0) resources[`live ${type}`] = n;
  return { fds: fdCount(), heap: process.memoryUsage().heapUsed, resources };
}

export async function soak({ api, cycles, tls, concurrency, seed }) {
  const rng = new Rng(seed);
  const fx = tls ? tlsFixtures() : undefined;
  const problems = [];
  let serverOpens = 0;
  let serverCloses = 0;
  let listener;
  let listenersMade = 0;

  // Server-initiated endings are asked for by the client's first byte; anything else is echoed.
  const serverTable = {
    open() {
      serverOpens++;
    },
    data(s, d) {
      const cmd = String(d);
      if (cmd === 'E') s.end();
      else if (cmd === 'T') s.terminate();
      else s.write(d);
    },
    close() {
      serverCloses++;
    },
  };

  // Without a handshake handler a TLS server socket opens only after its handshake, so one
  // accepted but not yet handshaken would count neither as opened nor as closed, and a
  // listener stopped then closes it (close without open, as on Bun): with one, every
  // accepted socket opens at once and the counts compare.
  if (tls) serverTable.handshake = () => {};

  function newListener() {
    listener?.stop();
    const opts = { hostname: '127.0.0.1', port: 0, socket: serverTable };
    if (tls) opts.tls = fx.server;
    listener = api.listen(opts);
    listenersMade++;
  }

  function cycle(i) {
    const way = WAYS[rng.int(0, WAYS.length - 1)];
    return new Promise((resolve) => {
      let finished = false;
      const done = (what) => {
        if (finished) return;
        finished = true;
        clearTimeout(guard);
        if (what !== undefined) problems.push(`cycle ${i} (${way}): ${what}`);
        resolve();
      };
      const guard = setTimeout(() => done('did not close within 10 s'), 10_000);
      let closes = 0;
      const table = {
        open(s) {
          if (rng.chance(0.2)) s.timeout(30); // arms the shared 4 s clock; it must let go once the socket closes
          if (tls) return; // TLS: act after the handshake
          act(s);
        },
        handshake(s, ok) {
          if (!ok) {
            done('handshake failed');
            return;
          }
          act(s);
        },
        data(s) {
          if (way === 'echo') s.end();
        },
        close(s, e) {
          closes++;
          if (closes > 1) problems.push(`cycle ${i}: close twice`);
          if (e !== undefined && way !== 'serverTerminate') problems.push(`cycle ${i} (${way}): close(${e?.code})`);
          done();
        },
      };
      if (!tls) delete table.handshake;
      function act(s) {
        switch (way) {
          case 'clientEnd': s.end(); break;
          case 'clientClose': s.close(); break;
          case 'clientTerminate': s.terminate(); break;
          case 'clientShutdown': s.shutdown(); break;
          case 'serverEnd': s.write('E'); break;
          case 'serverTerminate': s.write('T'); break;
          case 'echo': s.write('ping'); break;
        }
      }
      const opts = { hostname: '127.0.0.1', port: listener.port, socket: table, data: { way } };
      if (tls) opts.tls = fx.client;
      api.connect(opts).catch((e) => done(`connect rejected: ${e?.code} ${e?.message}`));
    });
  }

  /** Cycles [from, to), `concurrency` at a time, on a fresh listener every LISTENER_EVERY cycles. */
  async function run(from, to) {
    for (let chunk = from; chunk < to; chunk += LISTENER_EVERY) {
      const end = Math.min(to, chunk + LISTENER_EVERY);
      // The old listener goes once its connections are gone (stop(true) with none left).
      if (!(await waitFor(() => serverCloses === serverOpens, 10_000))) problems.push(`${serverOpens - serverCloses} server sockets never closed`);
      newListener();
      let next = chunk;
      const worker = async () => {
        while (next < end) await cycle(next++);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
  }

  async function quiesce() {
    // Every accepted socket has closed, then the listener goes: nothing of ours is open.
    if (!(await waitFor(() => serverCloses === serverOpens, 10_000))) {
      problems.push(`${serverOpens - serverCloses} server sockets never closed`);
    }
    listener?.stop(true);
    listener = undefined;
    await sleep(50);
    return settled();
  }

  const warm = Math.min(500, Math.max(50, Math.floor(cycles / 20)));
  await run(0, warm);
  const start = await quiesce();
  const t0 = Date.now();
  await run(0, Math.floor(cycles / 2));
  const half = await quiesce();
  await run(Math.floor(cycles / 2), cycles);
  const end = await quiesce();
  const ms = Date.now() - t0;

  if (start.fds >= 0 && end.fds > start.fds + FD_SLACK) problems.push(`file descriptors ${start.fds} -> ${end.fds}`);
  const types = new Set([...Object.keys(start.resources), ...Object.keys(end.resources)]);
  for (const type of types) {
    if ((end.resources[type] ?? 0) !== (start.resources[type] ?? 0)) {
      problems.push(`active ${type}: ${start.resources[type] ?? 0} -> ${end.resources[type] ?? 0}`);
    }
  }
  if (end.heap - start.heap > HEAP_SLACK) problems.push(`heap grew ${mib(end.heap - start.heap)} MiB (bound ${mib(HEAP_SLACK)})`);
  if (end.heap - half.heap > HEAP_SLACK / 2) problems.push(`heap grew ${mib(end.heap - half.heap)} MiB in the second half`);
  return { cycles, tls, ms, listeners: listenersMade, start, half, end, problems };
}

const mib = (n) => (n / 1048576).toFixed(1);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const api = await loadApi();
  const seed = args.seed !== undefined ? Number(args.seed) >>> 0 : seedFromEnv();
  const tls = args.tls === true;
  const cycles = Number(args.cycles ?? (tls ? 10_000 : 100_000));
  const concurrency = Number(args.concurrency ?? 8);
  if (typeof globalThis.gc !== 'function' && !isBun) {
    console.error('soak: run with --expose-gc (heap figures need a full GC)');
    process.exit(2);
  }
  const r = await soak({ api, cycles, tls, concurrency, seed });
  console.log(JSON.stringify({ label: `soak ${tls ? 'TLS' : 'TCP'} on ${api.name}`, seed, ...r }));
  console.log(`soak ${tls ? 'TLS' : 'TCP'} on ${api.name}: ${cycles} connect/close cycles in ${(r.ms / 1000).toFixed(1)} s, ` +
    `fds ${r.start.fds} -> ${r.end.fds} (bound +${FD_SLACK}), heap ${mib(r.start.heap)} -> ${mib(r.half.heap)} -> ${mib(r.end.heap)} MiB ` +
    `(bound +${mib(HEAP_SLACK)}), handles ${JSON.stringify(r.end.resources)}, ${r.listeners} listeners; ${r.problems.length} problems` +
    (r.problems.length ? `\n  ${r.problems.slice(0, 10).join('\n  ')}\n  seed ${seed}` : ''));
  process.exitCode = r.problems.length === 0 ? 0 : 1;
  setTimeout(() => process.exit(), 50).unref();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
