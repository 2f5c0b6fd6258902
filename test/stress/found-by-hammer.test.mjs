// Bugs the hammer found (now fixed), each reduced to a small reproduction whose expected
// values were observed on real Bun 1.4.5 (`bun test` runs the same file with Bun's sockets).
//   node --test test/stress/found-by-hammer.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadApi, tlsFixtures } from './lib.mjs';

const { connect, listen } = await loadApi();
const fx = tlsFixtures();
const guard = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref());

test('write() inside the data handler that hands over a paused socket\'s held bytes at a reset returns -1 (it threw a TypeError)', async () => {
  const results = [];
  let done;
  const closed = new Promise((r) => (done = r));
  const l = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { s.pause(); },
      data(s) {
        try { results.push(s.write('reply')); } catch (e) { results.push(`${e.name}: ${e.message}`); }
      },
      close() { done(); },
    },
  });
  try {
    const c = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, close() {} } });
    c.write('held');
    setTimeout(() => c.terminate(), 100);
    await Promise.race([closed, guard(5000, 'server close')]);
    assert.deepEqual(results, [-1]);
  } finally {
    l.stop(true);
  }
});

test('a connection reset before it is accepted, whose open handler writes, closes without an uncaught TypeError', () => {
  // In a child process: the uncaught exception comes from inside the listener's accept callback.
  const src = `
    import { spawnSync } from 'node:child_process';
    const { listen } = await import(${JSON.stringify(new URL('../../dist/src/index.js', import.meta.url).href)});
    process.on('uncaughtException', (e) => { console.log('UNCAUGHT ' + e.message); });
    let closes = 0;
    const l = listen({ hostname: '127.0.0.1', port: 0, socket: {
      open(s) { s.write('hello'); }, data() {}, close() { closes++; },
    } });
    // Blocks this process while a child connects and resets, so the listener accepts a reset connection.
    const child = "const c=require('node:net').connect(" + l.port + ",'127.0.0.1',()=>{c.resetAndDestroy();setTimeout(()=>{},50)})";
    spawnSync(process.execPath, ['-e', child]);
    setTimeout(() => { console.log('closes ' + closes); l.stop(true); }, 300);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /UNCAUGHT/);
  assert.match(r.stdout, /closes 1/);
});

test('TLS server without a handshake handler: shutdown() in open keeps the bytes the client sent right after its handshake', async () => {
  let got = '';
  let done;
  const closed = new Promise((r) => (done = r));
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: fx.server,
    socket: { open(s) { s.shutdown(); }, data(s, d) { got += String(d); }, close() { done(); } },
  });
  try {
    await connect({
      hostname: '127.0.0.1', port: l.port, tls: fx.client,
      socket: {
        handshake(s) { s.write('0123456789'); s.write('abcdefghij'); setTimeout(() => s.end(), 200); },
        data() {}, close() {},
      },
    });
    await Promise.race([closed, guard(5000, 'server close')]);
    assert.equal(got, '0123456789abcdefghij'); // bunsock: 'abcdefghij'
  } finally {
    l.stop(true);
  }
});

test('TLS receiver that calls shutdown() while the peer is still sending gets every byte before end', async () => {
  const N = 160_000;
  let got = 0;
  let done;
  const closed = new Promise((r) => (done = r));
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: fx.server,
    socket: {
      data(s, d) { if (got === 0) s.shutdown(); got += d.length; },
      close() { done(); },
    },
  });
  try {
    let rest = Buffer.alloc(N, 97);
    const pump = (s) => {
      while (rest.length > 0) {
        const n = s.write(rest);
        if (n <= 0) return;
        rest = rest.subarray(n);
      }
      s.end();
    };
    await connect({ hostname: '127.0.0.1', port: l.port, tls: fx.client, socket: { open: pump, drain: pump, data() {}, close() {} } });
    await Promise.race([closed, guard(5000, 'server close')]);
    assert.equal(got, N); // bunsock: 16384, then end
  } finally {
    l.stop(true);
  }
});
