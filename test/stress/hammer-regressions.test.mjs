// Differences from Bun that the hammer (TLS, two processes) found, fixed, each reduced to a
// small reproduction whose expected values were observed on real Bun 1.4.5 (the same file
// runs under `bun test` with Bun's own sockets).
//   node --test test/stress/hammer-regressions.test.mjs
//   node_modules/.bin/bun test ./test/stress/hammer-regressions.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { loadApi } from './lib.mjs';

const { connect } = await loadApi();

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
