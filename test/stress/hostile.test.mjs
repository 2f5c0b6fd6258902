// Slow and hostile peers, on loopback, against bunsock (plain and TLS): a peer that never
// reads, one that sends a byte at a time (the TLS handshake included), one that resets in the
// middle of a write, garbage and truncated handshakes sent to a TLS listener, a TLS client that
// stalls in its handshake. node:net / node:tls sockets play the hostile side. Nothing may crash
// or hang, memory stays bounded when write()'s return value is respected, every socket closes.
//   node --test test/stress/hostile.test.mjs          (bunsock)
//   node_modules/.bin/bun test ./test/stress/hostile.test.mjs   (the same on real Bun)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Duplex } from 'node:stream';
import { Rng, loadApi, tlsFixtures, sleep, waitFor, seedFromEnv } from './lib.mjs';

const { connect, listen } = await loadApi();
const fx = tlsFixtures();
const SEED = seedFromEnv();
const MiB = 1024 * 1024;

/** A handler table that counts each socket's events and checks open ≤ 1, close == 1, nothing after close. */
function census() {
  const sockets = new Map();
  const problems = [];
  const get = (s) => {
    let r = sockets.get(s);
    if (r === undefined) sockets.set(s, (r = { opens: 0, closes: 0, handshakes: [], errors: [], closeError: undefined, bytes: 0, ends: 0 }));
    if (r.closes > 0) problems.push('event after close');
    return r;
  };
  const table = {
    open(s) { get(s).opens++; },
    handshake(s, ok, err) { get(s).handshakes.push(ok ? 'ok' : err?.code); },
    data(s, d) { get(s).bytes += d.byteLength; },
    drain(s) { get(s); },
    end(s) { get(s).ends++; },
    error(s, e) { get(s).errors.push(e?.code ?? String(e)); },
    close(s, e) {
      const r = get(s);
      r.closes++;
      r.closeError = e?.code;
    },
  };
  return {
    table,
    sockets,
    problems,
    get all() { return [...sockets.values()]; },
    closedAll() { return this.all.every((r) => r.closes === 1); },
    /** Every socket seen closed exactly once, none opened twice, nothing after close. */
    check() {
      assert.deepEqual(problems, []);
      for (const r of sockets.values()) {
        assert.ok(r.opens <= 1, `open ${r.opens} times`);
        assert.equal(r.closes, 1, `closed ${r.closes} times`);
      }
    },
  };
}

function netServer(onSocket) {
  const sockets = new Set();
  const server = net.createServer({ pauseOnConnect: false }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    sockets,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  })));
}

const rss = () => process.memoryUsage().rss;

describe('a peer that never reads', { concurrency: false }, () => {
  for (const useTls of [false, true]) {
    const kind = useTls ? 'TLS' : 'plain';
    test(`${kind}: a writer that respects write()'s return value stays bounded, and nothing is queued past what was accepted`, async () => {
      // The peer accepts the connection and never reads: once the kernel buffers are full,
      // write() returns 0 and drain never comes.
      const peer = useTls ? await tlsStallServer() : await netServer((s) => s.pause());
      const c = census();
      let accepted = 0;
      let attempts = 0;
      let drains = 0;
      const chunk = Buffer.alloc(64 * 1024, 7);
      let stalledSince = Date.now();
      const pump = (s) => {
        for (;;) {
          attempts++;
          const n = s.write(chunk);
          if (n > 0) {
            accepted += n;
            stalledSince = Date.now();
          }
          if (n < chunk.length) return; // back-pressure: wait for drain
        }
      };
      const before = rss();
      const opts = { hostname: '127.0.0.1', port: peer.port, socket: { ...c.table, open: (s) => { c.table.open(s); if (!useTls) pump(s); } } };
      if (useTls) {
        opts.tls = fx.client;
        opts.socket.handshake = (s, ok, e) => { c.table.handshake(s, ok, e); pump(s); };
      }
      opts.socket.drain = (s) => { drains++; pump(s); };
      const sock = await connect(opts);
      // Stalled: nothing accepted for 500 ms.
      assert.ok(await waitFor(() => accepted > 0 && Date.now() - stalledSince > 500, 20_000), 'the writer never stalled');
      const grew = rss() - before;
      // Kernel socket buffers on loopback hold a few MiB; bunsock may hold 1 MiB more (docs/compat.md).
      assert.ok(accepted < 32 * MiB, `accepted ${accepted} bytes from a peer that reads nothing`);
      assert.ok(grew < 96 * MiB, `RSS grew ${(grew / MiB).toFixed(1)} MiB`);
      sock.terminate();
      assert.equal(sock.readyState, -1);
      peer.close();
      await waitFor(() => c.closedAll(), 5000);
      c.check();
      void attempts;
      void drains;
    });

    test(`${kind}: a writer that ignores write()'s return value is refused, not buffered`, async () => {
      const peer = useTls ? await tlsStallServer() : await netServer((s) => s.pause());
      const c = census();
      const opts = { hostname: '127.0.0.1', port: peer.port, socket: c.table };
      if (useTls) opts.tls = fx.client;
      let ready;
      const isReady = new Promise((r) => (ready = r));
      opts.socket = { ...c.table, handshake: (s, ok, e) => { c.table.handshake(s, ok, e); ready(); } };
      const sock = await connect(opts);
      if (!useTls) ready();
      await isReady;
      const big = Buffer.alloc(MiB, 9);
      const before = rss();
      let accepted = 0;
      // 256 MiB offered; each call returns what it accepted now, the rest is the caller's.
      for (let i = 0; i < 256; i++) {
        const n = sock.write(big);
        assert.ok(n >= 0 && n <= big.length, `write returned ${n}`);
        accepted += n;
        if (i % 16 === 15) await sleep(5);
      }
      const grew = rss() - before;
      assert.ok(accepted < 32 * MiB, `accepted ${accepted} of 256 MiB from a peer that reads nothing`);
      assert.ok(grew < 96 * MiB, `RSS grew ${(grew / MiB).toFixed(1)} MiB`);
      sock.end();
      peer.close();
      await waitFor(() => c.closedAll(), 5000);
      c.check();
    });
  }

  test('plain: a listener writing to a client that never reads stays bounded too', async () => {
    const c = census();
    let accepted = 0;
    let stalledSince = Date.now();
    const chunk = Buffer.alloc(256 * 1024, 3);
    const pump = (s) => {
      for (;;) {
        const n = s.write(chunk);
        if (n > 0) { accepted += n; stalledSince = Date.now(); }
        if (n < chunk.length) return;
      }
    };
    const l = listen({ hostname: '127.0.0.1', port: 0, socket: { ...c.table, open: (s) => { c.table.open(s); pump(s); }, drain: pump } });
    const client = net.connect(l.port, '127.0.0.1');
    client.on('error', () => {});
    client.pause();
    try {
      assert.ok(await waitFor(() => accepted > 0 && Date.now() - stalledSince > 500, 20_000), 'never stalled');
      assert.ok(accepted < 32 * MiB, `accepted ${accepted}`);
    } finally {
      client.destroy();
      await waitFor(() => c.all.length > 0 && c.closedAll(), 5000);
      l.stop(true);
    }
    c.check();
  });
});

/** A TLS server (node:tls) that completes handshakes and then never reads. */
function tlsStallServer() {
  const sockets = new Set();
  const server = tls.createServer({ ...fx.server }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.pause();
  });
  server.on('tlsClientError', () => {});
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  })));
}

describe('a peer that sends one byte at a time', { concurrency: false }, () => {
  test('plain: every byte arrives, in order, and the echo comes back whole', async () => {
    const c = census();
    const l = listen({ hostname: '127.0.0.1', port: 0, socket: { ...c.table, data: (s, d) => { c.table.data(s, d); s.write(d); } } });
    const rng = new Rng(SEED);
    const payload = Buffer.from(Array.from({ length: 1500 }, () => rng.int(0, 255)));
    const echoed = [];
    const client = net.connect({ port: l.port, host: '127.0.0.1', noDelay: true });
    client.on('data', (d) => echoed.push(d));
    await new Promise((r) => client.once('connect', r));
    for (let i = 0; i < payload.length; i++) {
      client.write(payload.subarray(i, i + 1));
      if (i % 4 === 0) await new Promise((r) => setImmediate(r));
    }
    assert.ok(await waitFor(() => Buffer.concat(echoed).length >= payload.length, 10_000), 'echo incomplete');
    assert.deepEqual(Buffer.concat(echoed), payload);
    client.end();
    await waitFor(() => c.closedAll(), 5000);
    l.stop(true);
    c.check();
  });

  test('TLS: a client whose every byte (handshake included) goes out on its own is served', async () => {
    const c = census();
    const l = listen({
      hostname: '127.0.0.1', port: 0, tls: fx.server,
      socket: { ...c.table, data: (s, d) => { c.table.data(s, d); s.write(d); } },
    });
    const raw = net.connect({ port: l.port, host: '127.0.0.1', noDelay: true });
    raw.on('error', () => {});
    await new Promise((r) => raw.once('connect', r));
    const t = tls.connect({ socket: dripping(raw), ca: fx.ca, servername: 'localhost' });
    t.on('error', () => {});
    await new Promise((resolve, reject) => { t.once('secureConnect', resolve); t.once('error', reject); });
    const msg = 'one byte at a time, over TLS';
    let got = '';
    t.on('data', (d) => { got += d; });
    for (const ch of msg) t.write(ch); // one TLS record per byte
    assert.ok(await waitFor(() => got.length >= msg.length, 10_000), `echo incomplete: ${got}`);
    assert.equal(got, msg);
    t.end();
    await waitFor(() => c.all.length === 1 && c.closedAll(), 5000);
    raw.destroy();
    l.stop(true);
    c.check();
    assert.deepEqual(c.all[0].handshakes, ['ok']);
  });
});

/** A Duplex over `sock` that sends everything written to it one byte per event-loop turn. */
function dripping(sock) {
  const d = new Duplex({
    read() {},
    write(chunk, _enc, cb) {
      let i = 0;
      const step = () => {
        if (i >= chunk.length || sock.destroyed) return cb();
        sock.write(chunk.subarray(i, ++i));
        setImmediate(step);
      };
      step();
    },
    final(cb) { sock.end(); cb(); },
  });
  sock.on('data', (b) => d.push(b));
  sock.on('end', () => d.push(null));
  sock.on('close', () => d.destroy());
  return d;
}

describe('a peer that resets in the middle of a write', { concurrency: false }, () => {
  for (const useTls of [false, true]) {
    const kind = useTls ? 'TLS' : 'plain';
    test(`${kind}: the writer gets close(error) once, no error event, and -1 from write() after it`, async () => {
      let received = 0;
      const onSocket = (s, raw = s) => {
        s.on('data', (d) => {
          received += d.length;
          if (received > 200_000 && !raw.destroyed) raw.resetAndDestroy();
        });
      };
      const peer = useTls ? await tlsServer(onSocket) : await netServer(onSocket);
      const c = census();
      const chunk = Buffer.alloc(32 * 1024, 5);
      let refused = false;
      const pump = (s) => {
        for (;;) {
          const n = s.write(chunk);
          if (n === -1) { refused = true; return; }
          if (n < chunk.length) return;
        }
      };
      const opts = { hostname: '127.0.0.1', port: peer.port, socket: { ...c.table, drain: pump, open: (s) => { c.table.open(s); if (!useTls) pump(s); } } };
      if (useTls) {
        opts.tls = fx.client;
        opts.socket.handshake = (s, ok, e) => { c.table.handshake(s, ok, e); pump(s); };
      }
      const sock = await connect(opts);
      assert.ok(await waitFor(() => c.closedAll() && c.all.length === 1, 10_000), 'the writer never closed');
      const r = c.all[0];
      assert.deepEqual(r.errors, [], 'a reset is no error event');
      assert.ok(['ECONNRESET', 'EPIPE', undefined].includes(r.closeError), `close(${r.closeError})`);
      assert.equal(sock.write('x'), -1);
      peer.close();
      c.check();
      void refused;
    });
  }
});

/**
 * A TLS server (node:tls over a net.Socket it owns) calling `onSocket(tlsSocket, raw)` for
 * each connection: `raw.resetAndDestroy()` resets the TCP connection under the TLS session.
 */
function tlsServer(onSocket) {
  const sockets = new Set();
  const ctx = tls.createSecureContext({ ...fx.server });
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on('error', () => {});
    raw.on('close', () => sockets.delete(raw));
    const t = new tls.TLSSocket(raw, { isServer: true, secureContext: ctx });
    t.on('error', () => {});
    onSocket(t, raw);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  })));
}

/** The ClientHello a node:tls client sends to the test server (captured over a raw socket). */
async function clientHello() {
  let resolveHello;
  const got = new Promise((r) => (resolveHello = r));
  const server = net.createServer((s) => {
    s.once('data', (d) => { resolveHello(Buffer.from(d)); s.destroy(); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const t = tls.connect({ port: server.address().port, host: '127.0.0.1', ca: fx.ca, servername: 'localhost' });
  t.on('error', () => {});
  const hello = await got;
  t.destroy();
  server.close();
  return hello;
}

/** Connects with node:tls, echoes one message through a bunsock TLS echo listener, and ends. */
async function realClientRoundTrip(port, msg) {
  const t = tls.connect({ port, host: '127.0.0.1', ca: fx.ca, servername: 'localhost' });
  t.setEncoding('utf8');
  let got = '';
  t.on('data', (d) => { got += d; });
  await new Promise((resolve, reject) => { t.once('secureConnect', resolve); t.once('error', reject); });
  t.write(msg);
  const ok = await waitFor(() => got.length >= msg.length, 10_000);
  t.end();
  return ok ? got : `incomplete: ${got}`;
}

describe('hostile bytes to a TLS listener', { concurrency: false }, () => {
  test('garbage, record-shaped garbage and truncated ClientHellos: every server socket closes; real clients are still served', async () => {
    const c = census();
    const l = listen({
      hostname: '127.0.0.1', port: 0, tls: fx.server,
      socket: { ...c.table, data: (s, d) => { c.table.data(s, d); s.write(d); } },
    });
    const rng = new Rng(SEED ^ 0x51);
    const hello = await clientHello();
    const payloads = [];
    for (let i = 0; i < 12; i++) payloads.push(Buffer.from(Array.from({ length: rng.int(1, 4096) }, () => rng.int(0, 255))));
    for (let i = 0; i < 6; i++) {
      // A TLS record header (handshake, TLS 1.0-1.3 version, random length) over random bytes.
      const body = Buffer.from(Array.from({ length: rng.int(0, 600) }, () => rng.int(0, 255)));
      payloads.push(Buffer.concat([Buffer.from([0x16, 0x03, rng.int(0, 4), rng.int(0, 255), rng.int(0, 255)]), body]));
    }
    for (const cut of [1, 3, 5, 6, 10, hello.length >> 1, hello.length - 1]) payloads.push(hello.subarray(0, cut));
    // A whole ClientHello with one flipped byte past the header.
    const flipped = Buffer.from(hello);
    flipped[rng.int(5, flipped.length - 1)] ^= 0xff;
    payloads.push(flipped);
    let i = 0;
    await Promise.all(payloads.map(async (p) => {
      const how = ['end', 'reset', 'destroy'][i++ % 3];
      const s = net.connect(l.port, '127.0.0.1');
      s.on('error', () => {});
      s.on('data', () => {});
      await new Promise((r) => s.once('connect', r));
      s.write(p);
      await sleep(30);
      if (how === 'end') s.end();
      else if (how === 'reset') s.resetAndDestroy();
      else s.destroy();
    }));
    assert.equal(await realClientRoundTrip(l.port, 'still served'), 'still served');
    assert.ok(await waitFor(() => c.closedAll(), 10_000), `${c.all.filter((r) => r.closes === 0).length} server sockets never closed`);
    l.stop(true);
    c.check();
    // The last socket is the real client's: its handshake succeeded.
    assert.ok(c.all.some((r) => r.handshakes[0] === 'ok' && r.bytes === 'still served'.length));
  });

  test('a client that stalls in the middle of its handshake does not hold up other clients, and closes when it leaves', async () => {
    const c = census();
    const l = listen({
      hostname: '127.0.0.1', port: 0, tls: fx.server,
      socket: { ...c.table, data: (s, d) => { c.table.data(s, d); s.write(d); } },
    });
    const hello = await clientHello();
    const stallers = [];
    for (let k = 0; k < 3; k++) {
      const s = net.connect(l.port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.once('connect', r));
      s.write(hello.subarray(0, hello.length >> 1)); // half a ClientHello, then silence
      stallers.push(s);
    }
    const served = await Promise.all([1, 2, 3, 4, 5].map((n) => realClientRoundTrip(l.port, `client ${n}`)));
    assert.deepEqual(served, ['client 1', 'client 2', 'client 3', 'client 4', 'client 5']);
    assert.ok(await waitFor(() => c.all.filter((r) => r.closes === 1).length >= 5, 5000), 'served clients did not close');
    // The stallers are still waiting; when they leave, their server sockets close.
    for (const s of stallers) s.destroy();
    assert.ok(await waitFor(() => c.closedAll(), 10_000), `${c.all.filter((r) => r.closes === 0).length} server sockets never closed`);
    l.stop(true);
    c.check();
  });

  test('a bunsock TLS client facing a server that answers with garbage, or never answers, closes', async () => {
    const rng = new Rng(SEED ^ 0x77);
    const garbage = await netServer((s) => s.once('data', () => s.write(Buffer.from(Array.from({ length: 300 }, () => rng.int(0, 255))))));
    const silent = await netServer(() => {});
    const c = census();
    const a = await connect({ hostname: '127.0.0.1', port: garbage.port, tls: fx.client, socket: c.table });
    const b = await connect({ hostname: '127.0.0.1', port: silent.port, tls: fx.client, socket: c.table });
    assert.ok(await waitFor(() => c.sockets.get(a)?.closes === 1, 10_000), 'client facing garbage never closed');
    assert.deepEqual(c.sockets.get(a).handshakes.length, 1);
    assert.notEqual(c.sockets.get(a).handshakes[0], 'ok');
    await sleep(200);
    assert.equal(b.readyState, 1, 'a silent server leaves the client waiting (no handshake timeout, as on Bun)');
    b.terminate();
    assert.equal(c.sockets.get(b)?.closes, 1);
    garbage.close();
    silent.close();
    c.check();
  });
});
