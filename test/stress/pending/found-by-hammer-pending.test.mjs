// A difference from Bun the two-process hammer found; fails on bunsock, passes on real Bun 1.4.5.
//   node --test test/stress/pending/found-by-hammer-pending.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { loadApi } from '../lib.mjs';

const { connect } = await loadApi();

test('connect() resolves when the server resets the connection right after accepting it (then close)', async () => {
  // The server lives in another process, as a peer on the network would.
  const src = "const s=require('node:net').createServer((c)=>c.resetAndDestroy()).listen(0,'127.0.0.1',()=>console.log(s.address().port))";
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d)))));
    const seen = {};
    for (let i = 0; i < 50; i++) {
      const r = await connect({ hostname: '127.0.0.1', port, socket: { data() {}, close() {}, connectError() {} } }).then(
        (s) => { s.terminate(); return 'resolved'; }, (e) => `rejected ${e.code}`);
      seen[r] = (seen[r] ?? 0) + 1;
    }
    assert.deepEqual(seen, { resolved: 50 }); // bunsock: some rejected with ECONNRESET (EPIPE seen too)
  } finally {
    child.kill();
  }
});
