// Differences from Bun that the hammer (TLS, two processes) found, fixed, each reduced to a
// small reproduction whose expected values were observed on real Bun 1.4.5 (the same file
// runs under `bun test` with Bun's own sockets).
//   node --test test/stress/hammer-regressions.test.mjs
//   node_modules/.bin/bun test ./test/stress/hammer-regressions.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { fdCount, loadApi, sleep, tlsFixtures, waitFor } from './lib.mjs';

const { connect, listen } = await loadApi();
const fx = tlsFixtures();
const guard = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref());

/**
 * A node:net server in another process (a peer on the network) that runs `onAccept` (code
 * with `c`, the accepted socket) on each connection; resolves with its port and a stop().
 */
async function peerServer(onAccept) {
  const src = `const s=require('node:net').createServer((c)=>{${onAccept}}).listen(0,'127.0.0.1',()=>console.log(s.address().port))`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve(Number(String(d))));
  });
  return { port, stop: () => child.kill() };
}

/**
 * Connects and blocks this process for a while right after the connect is under way (the
 * connect call is issued by then on every transport), so the peer's answer (an accept, then
 * whatever it does) is all in the kernel before this side looks. Returns the event trace.
 */
async function connectWhileBusy(port) {
  const ev = [];
  await new Promise((done) => {
    const finish = () => setTimeout(done, 10);
    connect({
      hostname: '127.0.0.1', port,
      socket: {
        open() { ev.push('open'); }, data() {}, end() { ev.push('end'); },
        close(s, e) { ev.push(`close ${e?.code}`); finish(); },
        connectError(s, e) { ev.push(`connectError ${e?.code} ${e?.errno} ${e?.syscall}`); },
      },
    }).then(() => ev.push('resolved'), (e) => { ev.push(`rejected ${e?.code}`); finish(); });
    process.nextTick(() => spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 150)']));
  });
  return ev;
}

test('connect to a peer that accepted, sent FIN and then RST before we looked: rejects with ECONNREFUSED (was EPIPE)', async () => {
  const peer = await peerServer('c.end(() => c.resetAndDestroy())');
  try {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await connectWhileBusy(peer.port), ['connectError ECONNREFUSED -111 connect', 'rejected ECONNREFUSED']);
    }
  } finally {
    peer.stop();
  }
});

test('connect to a peer that accepted and reset before we looked: rejects with ECONNRESET', async () => {
  const peer = await peerServer('c.resetAndDestroy()');
  try {
    assert.deepEqual(await connectWhileBusy(peer.port), ['connectError ECONNRESET -104 connect', 'rejected ECONNRESET']);
  } finally {
    peer.stop();
  }
});

test('connect to a peer that resets after we saw the connection: resolves, then close(ECONNRESET)', async () => {
  const peer = await peerServer('c.on("error", () => {}); setTimeout(() => c.resetAndDestroy(), 300)');
  try {
    const ev = [];
    await new Promise((done) => {
      connect({
        hostname: '127.0.0.1', port: peer.port,
        socket: { open() { ev.push('open'); }, data() {}, close(s, e) { ev.push(`close ${e?.code}`); setTimeout(done, 10); } },
      }).then(() => ev.push('resolved'), (e) => { ev.push(`rejected ${e?.code}`); done(); });
    });
    assert.deepEqual(ev, ['open', 'resolved', 'close ECONNRESET']);
  } finally {
    peer.stop();
  }
});

/** A TLS pair past both handshakes; dispose terminates both and stops the listener. */
async function tlsPair() {
  let server;
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: fx.server,
    socket: { handshake(s) { server = s; }, data() {}, close() {} },
  });
  const client = await connect({
    hostname: '127.0.0.1', port: l.port, tls: fx.client,
    socket: { handshake() {}, data() {}, close() {} },
  });
  await waitFor(() => server !== undefined, 5000);
  await sleep(20);
  return { client, server, [Symbol.dispose]() { client.terminate(); server.terminate(); l.stop(true); } };
}

for (const how of ['shutdown', 'end']) {
  test(`TLS: ${how}() then terminate() releases the file descriptor`, async () => {
    // node:tls's shutdown was still in flight: uv_tcp_close_reset refused, and node:net dropped the handle unclosed.
    (await tlsPair())[Symbol.dispose](); // warms up
    await sleep(100);
    const before = fdCount();
    for (let i = 0; i < 3; i++) {
      const p = await tlsPair();
      p.server[how]();
      p[Symbol.dispose]();
      await sleep(50);
    }
    await waitFor(() => fdCount() === before, 2000);
    assert.equal(fdCount(), before); // was one more per connection
  });
}

test('TLS: a peer that resets right after its Finished does not leave the server socket (and its fd) open', async () => {
  // node:tls loses the error of its session-ticket write to the reset connection; the
  // server's later write then waited for good, and so did its close.
  let closes = 0;
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: fx.server,
    socket: { drain(s) { s.write('hello'); }, data() {}, close() { closes++; } },
  });
  // Between a node:tls client and the server: passes the client's second flight (its
  // Finished) on and resets the connection in the same turn, so the server reads the
  // Finished with the reset already behind it.
  const proxy = net.createServer((down) => {
    const up = net.connect(l.port, '127.0.0.1');
    let chunks = 0;
    up.on('error', () => {});
    down.on('error', () => {});
    up.on('data', (d) => down.write(d));
    down.on('data', (d) => {
      up.write(d);
      if (++chunks === 2) {
        up.resetAndDestroy();
        down.destroy();
      }
    });
  }).listen(0, '127.0.0.1');
  try {
    await new Promise((r) => proxy.once('listening', r));
    const once = async () => {
      const c = tls.connect({ port: proxy.address().port, host: '127.0.0.1', ca: fx.ca, servername: 'localhost' });
      c.on('error', () => {});
      await Promise.race([new Promise((r) => c.on('close', r)), guard(5000, 'client close')]);
    };
    await once(); // warms up (the first node:tls client may open files of its own)
    await waitFor(() => closes === 1, 3000);
    await sleep(50);
    const before = fdCount();
    for (let i = 0; i < 3; i++) await once();
    await waitFor(() => closes === 4 && fdCount() === before, 3000);
    assert.equal(closes, 4);
    assert.equal(fdCount(), before); // was one more per connection
  } finally {
    l.stop(true);
    proxy.close();
  }
});

/**
 * A TLS client that calls end() right after its handshake, paused before or after it; the
 * server (half-open) answers the close_notify with data, then more data and its own end().
 */
async function endedWhilePaused(pauseFirst) {
  const ev = [];
  let got = 0;
  let done;
  const closed = new Promise((r) => (done = r));
  const l = listen({
    hostname: '127.0.0.1', port: 0, tls: fx.server, allowHalfOpen: true,
    socket: {
      data() {},
      end(s) {
        s.write('x'.repeat(1000));
        setTimeout(() => { s.write('y'.repeat(10)); s.end(); }, 50);
      },
      close() {},
    },
  });
  try {
    await connect({
      hostname: '127.0.0.1', port: l.port, tls: fx.client,
      socket: {
        handshake(s) {
          if (pauseFirst) s.pause();
          s.end();
          if (!pauseFirst) s.pause();
        },
        data(s, d) { got += d.length; if (ev.at(-1) !== 'data') ev.push('data'); },
        drain() { ev.push('drain'); },
        end() { ev.push('end'); },
        close() { ev.push('close'); done(); },
      },
    });
    await Promise.race([closed, guard(5000, 'client close')]);
    return { ev, got };
  } finally {
    l.stop(true);
  }
}

test('TLS: pause() after end() does nothing: the peer\'s last data and its end still arrive', async () => {
  assert.deepEqual(await endedWhilePaused(false), { ev: ['data', 'end', 'close'], got: 1010 }); // was: drain, close (1010 bytes lost)
});

test('TLS: end() lifts an earlier pause(): the peer\'s last data and its end arrive, no drain', async () => {
  assert.deepEqual(await endedWhilePaused(true), { ev: ['data', 'end', 'close'], got: 1010 }); // was: drain, close (1010 bytes lost)
});
