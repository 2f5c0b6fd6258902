// Differences from Bun the fuzz suite found (now fixed), each reduced to a small check whose
// expected value was observed on real Bun 1.4.5 (`bun test` runs the same file with Bun's
// own sockets).
//   node --test test/stress/found-by-fuzz.test.mjs
//   node_modules/.bin/bun test ./test/stress/found-by-fuzz.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadApi, tlsFixtures, sleep, waitFor } from './lib.mjs';

const { connect, listen } = await loadApi();
const fx = tlsFixtures();
const thrown = (fn) => {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', e?.name, e?.code];
  }
};

/** A connected pair (plain or TLS, past both handshakes); dispose closes both and the listener. */
async function pair(tls) {
  let server;
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: tls ? fx.server : undefined,
    socket: { open(s) { if (!tls) server = s; }, handshake(s) { server = s; }, data() {}, close() {} },
  });
  const client = await connect({
    hostname: '127.0.0.1', port: l.port, tls: tls ? fx.client : undefined,
    socket: { handshake() {}, data() {}, close() {} },
  });
  await waitFor(() => server !== undefined, 5000);
  await sleep(20);
  return { client, server, [Symbol.dispose]() { client.terminate(); server.terminate(); l.stop(true); } };
}

/** Runs fn(pair) on a connected pair (plain or TLS, past both handshakes), then closes everything. */
async function withPair(tls, fn) {
  const p = await pair(tls);
  try {
    await fn(p);
  } finally {
    p[Symbol.dispose]();
  }
}

// terminate() after end()/shutdown() asked libuv for an RST close, which it refuses once a
// shutdown was issued; node:net then dropped the handle unclosed, so its fd leaked and, at
// exit, Node's handle cleanup spun at 100% CPU forever (seen for 20 minutes). In a child
// process, so that a regression shows as a process that does not exit rather than a hung suite.
for (const transport of ['handle', 'node']) {
  test(`shutdown()/end() then terminate() closes the handle: the process exits, no fd is left (plain and TLS, ${transport} transport)`, () => {
    const src = `
      import { readdirSync } from 'node:fs';
      const lib = await import(${JSON.stringify(new URL('./lib.mjs', import.meta.url).href)});
      const { connect, listen } = await lib.loadApi();
      const fx = lib.tlsFixtures();
      const fds = () => readdirSync('/proc/self/fd').length;
      let before;
      // The first round only terminates: it loads node:tls and whatever keeps its own fd.
      for (const tls of [false, true, false, true]) {
        for (const how of before === undefined ? ['none'] : ['shutdown', 'end']) {
          let server;
          const l = listen({ hostname: '127.0.0.1', port: 0, tls: tls ? fx.server : undefined,
            socket: { open(s) { if (!tls) server = s; }, handshake(s) { server = s; }, data() {}, close() {} } });
          const client = await connect({ hostname: '127.0.0.1', port: l.port, tls: tls ? fx.client : undefined,
            socket: { handshake() {}, data() {}, close() {} } });
          await lib.waitFor(() => server !== undefined, 5000);
          await lib.sleep(20);
          if (how !== 'none') server[how]();
          client.terminate();
          server.terminate();
          l.stop(true);
          await lib.sleep(50);
        }
        if (tls && before === undefined) before = fds();
      }
      await lib.waitFor(() => fds() <= before, 2000);
      console.log('fds ' + before + ' ' + fds());
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, BUNSOCK_TRANSPORT: transport },
    });
    assert.equal(r.signal, null, `the process did not exit by itself (killed after 30 s): ${r.stdout}${r.stderr}`);
    assert.equal(r.status, 0, r.stderr);
    const [, before, after] = r.stdout.match(/fds (\d+) (\d+)/) ?? [];
    assert.equal(after, before, 'file descriptors left open');
  });
}
