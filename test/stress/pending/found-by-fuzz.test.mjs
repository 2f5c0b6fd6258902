// Event-timing differences found while reducing fuzz cases (socket.ts events, not argument
// checks), each with the value observed on real Bun 1.4.5. They fail on bunsock today, so they
// stay out of the suite. (The TLS fd-leak reductions that were here pass now and live in
// test/stress/hammer-regressions.test.mjs.)
//   node --test test/stress/pending/found-by-fuzz.test.mjs
//   node_modules/.bin/bun test ./test/stress/pending/found-by-fuzz.test.mjs   (all pass on Bun)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi, tlsFixtures, sleep, waitFor } from '../lib.mjs';

const { connect, listen } = await loadApi();
const fx = tlsFixtures();
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

test('shutdown(true): `end` and `close` come a loop turn or more later, not in a microtask', async () => {
  const p = await pair(false);
  try {
    const events = [];
    p.client.reload({ socket: { data() {}, end() { events.push('end'); }, close() { events.push('close'); } } });
    p.client.shutdown(true);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([p.client.readyState, events], [1, []]); // bunsock: -1, end, close
    await waitFor(() => events.length === 2, 2000);
    assert.deepEqual(events, ['end', 'close']);
  } finally {
    p[Symbol.dispose]();
  }
});

test('TLS: terminate() during the handshake fires handshake(false, ECONNRESET) before close', async () => {
  const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } }); // plain: the handshake never ends
  const events = [];
  const s = await connect({
    hostname: '127.0.0.1', port: l.port, tls: true,
    socket: { data() {}, handshake(_s, ok, err) { events.push(`handshake ${ok} ${err?.code}`); }, close() { events.push('close'); } },
  });
  await sleep(50);
  s.terminate();
  await waitFor(() => events.includes('close'), 2000);
  await sleep(20);
  l.stop(true);
  assert.deepEqual(events, ['handshake false ECONNRESET', 'close']); // bunsock: close only
});
