#!/usr/bin/env node
// Hammer: many connections driven by a seeded random sequence of operations, with Bun's
// socket invariants checked after every event and every call.
//
//   node test/stress/hammer.mjs [--ops 100000] [--tls] [--procs 1|2] [--conns 24] [--time-box 60000]
//   BUNSOCK_SEED=123 node test/stress/hammer.mjs ...       (replays the choices of a failed run)
//   node_modules/.bin/bun test/stress/hammer.mjs ...       (the same invariants on real Bun)
//
// Operations: connect; writes of random sizes and types (string with and without an encoding
// or a byte range, String object, Buffer, Uint8Array views and ranges, ArrayBuffer, Uint16Array,
// DataView, SharedArrayBuffer, all with offsets into larger buffers); end (with or without data),
// flush, pause, resume, timeout, reload, setNoDelay, setKeepAlive, unref/ref, shutdown,
// shutdown(true), terminate, close, getters; listen, listener.stop, stop(true), reload; calls on
// closed sockets; calls (and throws) from inside every handler.
//
// Invariants (each breach is a "violation", printed with the socket's recent history):
// - `open` at most once, `close` exactly once per socket; no event after `close`;
// - readyState only moves forward (0 → 1 → -1), is -1 in `close` and after it;
// - close()/terminate() (and end() on plain TCP) fire `close` inside the call;
// - write()/end() return an integer in [-1, n]; -1 only once the socket is closed or shut down;
// - every byte received is the next byte of the sender's stream (no loss, reorder, duplicate);
// - a receiver that saw the peer's FIN (`end`) has received exactly the bytes the sender's
//   write()/end() accepted; connections that were terminated or reset are checked only for
//   receiving a prefix;
// - `data`/`end` are not delivered while paused (except data flushed before a reset);
// - every exception thrown by a handler reaches `error`; no uncaught exception or rejection.
//
// Prints "<N> operations, <V> violations" and exits 1 on any violation.
// With --procs 2 the listeners and their sockets live in a second process (this script with
// --role server, over IPC); the two halves' records are merged for the byte checks.
import { fork } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { Rng, seedFromEnv, loadApi, tlsFixtures, parseArgs, sleep, turn, waitFor, activeResources } from './lib.mjs';

const PATTERN = 65521; // a prime: a lost or duplicated run of bytes shows unless it is a multiple of this
const MAX_WRITE = 1 << 20;
const SALT = { client: 0, server: 23456 }; // the two directions carry different streams
const SRC = buildSource();

/** The byte stream every sender writes: printable ASCII (so strings carry it 1:1), repeated. */
function buildSource() {
  const r = new Rng(0x5eed);
  const pattern = Buffer.allocUnsafe(PATTERN);
  for (let i = 0; i < PATTERN; i++) pattern[i] = 0x21 + r.int(0, 93);
  const src = Buffer.allocUnsafe(PATTERN + MAX_WRITE + 64);
  for (let o = 0; o < src.length; o += PATTERN) pattern.copy(src, o);
  return src;
}

/** `n` bytes of `side`'s stream from position `pos`. */
function streamSlice(side, pos, n) {
  const o = (pos + SALT[side]) % PATTERN;
  return SRC.subarray(o, o + n);
}

/** Padding that is never part of a stream (control bytes), so a wrong offset shows. */
function garbage(rng, n) {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(0, 0x1f);
  return b;
}

/** An ArrayBuffer holding `bytes` at offset `pre`, with garbage before and `post` bytes after. */
function embedded(rng, bytes, pre, post) {
  const ab = new ArrayBuffer(pre + bytes.length + post);
  const u8 = new Uint8Array(ab);
  u8.set(garbage(rng, pre), 0);
  u8.set(bytes, pre);
  u8.set(garbage(rng, post), pre + bytes.length);
  return ab;
}

const WRITE_KINDS = [
  'string', 'string-enc', 'string-range', 'string-object', 'buffer', 'buffer-pooled', 'u8-view', 'u8-range',
  'arraybuffer', 'arraybuffer-range', 'u16-range', 'u16-view', 'dataview', 'dataview-range', 'shared',
];

/**
 * Arguments for write()/end() that ask to send exactly `bytes`, in a random representation.
 * Returns [args, kind].
 */
function writeArgs(rng, bytes) {
  const n = bytes.length;
  const kind = rng.pick(WRITE_KINDS);
  const pre = rng.int(0, 16);
  const post = rng.int(0, 16);
  switch (kind) {
    case 'string':
      return [[bytes.toString('latin1')], kind];
    case 'string-enc': {
      const enc = rng.pick(['hex', 'base64', 'latin1', 'utf8', 'utf-8', 'ascii']);
      return [[bytes.toString(enc), enc], `${kind}:${enc}`];
    }
    case 'string-range': {
      // Offsets and lengths apply to a string's UTF-8 bytes (spec §4); the padding is ASCII too.
      const s = 'P'.repeat(pre) + bytes.toString('latin1') + 'Q'.repeat(post);
      return [[s, pre, n], kind];
    }
    case 'string-object':
      return [[new String(bytes.toString('latin1'))], kind];
    case 'buffer':
      return [[Buffer.from(bytes)], kind];
    case 'buffer-pooled': {
      // A small Buffer from Node's pool: its bytes sit at a non-zero offset of a shared ArrayBuffer.
      const b = Buffer.from(bytes.toString('latin1'), 'latin1');
      return [[b], kind];
    }
    case 'u8-view':
      return [[new Uint8Array(embedded(rng, bytes, pre, post), pre, n)], kind];
    case 'u8-range':
      return [[new Uint8Array(embedded(rng, bytes, pre, post)), pre, n], kind];
    case 'arraybuffer': {
      const ab = new ArrayBuffer(n);
      new Uint8Array(ab).set(bytes);
      return [[ab], kind];
    }
    case 'arraybuffer-range':
      return [[embedded(rng, bytes, pre, post), pre, n], kind];
    case 'u16-range': {
      // offset/length are in bytes even for a wider element type (spec §4).
      const total = pre + n + post;
      const ab = embedded(rng, bytes, pre, post + (total % 2));
      return [[new Uint16Array(ab), pre, n], kind];
    }
    case 'u16-view': {
      if (n % 2 !== 0) return [[Buffer.from(bytes)], 'buffer'];
      const p = pre & ~1;
      return [[new Uint16Array(embedded(rng, bytes, p, post), p, n / 2)], kind];
    }
    case 'dataview':
      return [[new DataView(embedded(rng, bytes, pre, post), pre, n)], kind];
    case 'dataview-range':
      return [[new DataView(embedded(rng, bytes, pre, post)), pre, n], kind];
    case 'shared': {
      if (typeof SharedArrayBuffer !== 'function') return [[Buffer.from(bytes)], 'buffer'];
      const sab = new SharedArrayBuffer(n);
      new Uint8Array(sab).set(bytes);
      return [[sab], kind];
    }
  }
  throw new Error(`unknown write kind ${kind}`);
}

function writeSize(rng) {
  const r = rng.next();
  if (r < 0.03) return 0;
  if (r < 0.45) return rng.int(1, 64);
  if (r < 0.75) return rng.int(65, 4096);
  if (r < 0.995) return rng.int(4097, 65536);
  return rng.int(65537, MAX_WRITE);
}

/** Socket operations and their weights (per call on a live socket). */
const SOCKET_OPS = {
  write: 44, flush: 4, pause: 3, resume: 5, timeout: 2, reload: 2, setNoDelay: 2, setKeepAlive: 2,
  getters: 4, unrefRef: 1, end: 1.6, close: 0.8, terminate: 0.6, shutdown: 0.9, shutdownRead: 0.4, dispose: 0.3,
};
const LISTENER_OPS = { reload: 5, stop: 1.2, stopForce: 0.6, unrefRef: 1, getters: 2 };
const DEBUG = process.env.BUNSOCK_HAMMER_DEBUG === '1';
const THROWING = new Set(['data', 'drain', 'timeout']);
const RS_RANK = new Map([[0, 0], [1, 1], [-1, 2]]);

class HammerThrow extends Error {
  constructor() {
    super('thrown by the hammer from a handler');
    this.hammer = true;
  }
}

export class Hammer {
  /**
   * @param {object} o api, seed, tls, role ('both'|'client'|'server'), conns, ops (budget),
   *   deadline (ms epoch), send (IPC to the other process), log (diagnostics sink)
   */
  constructor(o) {
    this.api = o.api;
    this.rng = new Rng(o.seed);
    this.tls = o.tls;
    this.role = o.role;
    this.conns = o.conns;
    this.budget = o.ops;
    this.deadline = o.deadline;
    this.send = o.send ?? (() => {});
    /** Whether to keep going past this half's budget (the client, while the server's half has ops left). */
    this.more = o.more ?? (() => false);
    this.fixtures = o.tls ? tlsFixtures() : undefined;
    this.ops = 0;
    this.events = 0;
    this.violationCount = 0;
    this.violations = [];
    this.trackers = new Map();
    this.closedSockets = new WeakSet();
    this.recentClosed = [];
    this.live = [];
    this.records = [];
    this.listeners = [];
    this.stoppedListeners = new WeakMap();
    this.remotePorts = [];
    this.pendingConnects = 0;
    this.seq = 0;
    this.finishing = false;
    this.opCounts = {};
    this.eventCounts = {};
    this.stats = { connects: 0, connectErrors: 0, rejected: 0, listens: 0, throws: 0, eventsBeforeOpen: 0, writeKinds: {} };
  }

  violation(what, t) {
    this.violationCount++;
    if (this.violations.length < 40) {
      this.violations.push({ what, socket: t ? `${t.side}#${t.id} key=${t.key}` : undefined, history: t ? [...t.history] : undefined });
    }
  }

  note(t, entry) {
    t.history.push(entry);
    if (t.history.length > 24) t.history.shift();
  }

  // ---- tracking -------------------------------------------------------------------------

  track(socket, side) {
    const t = {
      id: ++this.seq, side, socket, key: undefined, listenerId: undefined,
      opens: 0, closes: 0, closed: false, rsRank: -1, sent: 0, received: 0, gotEnd: false, endWhilePaused: false,
      paused: false, dataWhilePaused: false, shutdownRead: false, shutdownWrite: false, ended: false, terminated: false,
      pendingThrows: 0, handshakes: 0, corrupt: false, closeCode: undefined, liveIdx: -1, history: [], lastBytesWritten: 0,
      closeNotifyEarly: false,
    };
    // The record outlives the tracker; write()/end() may still add to `sent` after close fired inside them.
    t.rec = {
      key: undefined, seq: t.id, side, sent: 0, received: 0, gotEnd: false, shutdownRead: false, terminated: false, closeCode: undefined, corrupt: false,
      closeNotifyEarly: false, opened: Date.now(), closedAt: undefined,
    };
    if (DEBUG) t.rec.history = t.history;
    this.records.push(t.rec);
    this.trackers.set(socket, t);
    t.liveIdx = this.live.length;
    this.live.push(t);
    return t;
  }

  untrackLive(t) {
    const i = t.liveIdx;
    if (i < 0) return;
    const last = this.live.pop();
    if (last !== t) {
      this.live[i] = last;
      last.liveIdx = i;
    }
    t.liveIdx = -1;
  }

  /** Once closed for a while, a socket is kept only in a WeakSet (events on it still count). */
  retire(t) {
    this.recentClosed.push(t);
    if (this.recentClosed.length > 64) {
      const old = this.recentClosed.shift();
      this.trackers.delete(old.socket);
      this.closedSockets.add(old.socket);
      old.socket = undefined;
    }
  }

  sideOf(socket) {
    if (this.role === 'client') return 'client';
    if (this.role === 'server') return 'server';
    const d = socket.data;
    return d !== null && typeof d === 'object' && 'hammerClient' in d ? 'client' : 'server';
  }

  checkRS(t, where) {
    const rs = t.socket.readyState;
    const rank = RS_RANK.get(rs);
    if (rank === undefined) {
      this.violation(`readyState ${rs} ${where}`, t);
      return;
    }
    if (rank < t.rsRank) {
      // A TLS socket waiting for its peer's close_notify (after end(), or an end() made before
      // the handshake that takes effect after it) reads -1, then 1 again while the peer's last
      // data arrives: Bun 1.4.5 does this. On TLS only the values and -1 at close are held.
      if (this.tls && !t.closed) this.stats.tlsReadyStateBack = (this.stats.tlsReadyStateBack ?? 0) + 1;
      else this.violation(`readyState moved back to ${rs} ${where}`, t);
    }
    if (t.closed && rs !== -1) this.violation(`readyState ${rs} after close (${where})`, t);
    if (rank > t.rsRank) t.rsRank = rank;
  }

  // ---- events ---------------------------------------------------------------------------

  /**
   * A handler table. On TLS, `handshake` says whether it has a handshake handler: Bun fires
   * `open` at connect with one and after the handshake without one, so swapping between the
   * two mid-handshake (reload) makes Bun itself fire `open` twice; a socket keeps its kind.
   */
  table(handshake = this.rng.chance(0.5)) {
    const h = this;
    const table = {
      open(s) { return h.onEvent('open', s); },
      data(s, d) { return h.onEvent('data', s, d); },
      drain(s) { return h.onEvent('drain', s); },
      end(s) { return h.onEvent('end', s); },
      close(s, e) { return h.onEvent('close', s, e); },
      error(s, e) { return h.onEvent('error', s, e); },
      timeout(s) { return h.onEvent('timeout', s); },
      connectError(s, e) { return h.onConnectError(s, e); },
    };
    if (this.tls && handshake) table.handshake = (s, ok, err) => h.onEvent('handshake', s, ok, err);
    const bt = this.rng.pick(['buffer', 'arraybuffer', 'uint8array', undefined]);
    if (bt !== undefined) table.binaryType = bt;
    return table;
  }

  onEvent(name, s, a, b) {
    this.events++;
    this.eventCounts[name] = (this.eventCounts[name] ?? 0) + 1;
    let t = this.trackers.get(s);
    if (t === undefined) {
      if (this.closedSockets.has(s)) {
        this.violation(`${name} on a socket closed long ago`);
        return;
      }
      t = this.track(s, this.sideOf(s));
      if (name !== 'open') {
        this.stats.eventsBeforeOpen++;
        t.eventBeforeOpen = name;
      }
    }
    this.note(t, `ev:${name}:${s.readyState}${DEBUG && name === 'data' ? `:${a?.byteLength}@${t.received}` : ''}`);
    // A socket that met no open (or whose addresses were not known yet) still names its connection.
    if (t.key === undefined && name !== 'close') this.keyOf(t);
    if (t.closed) this.violation(`${name} after close`, t);
    this.checkRS(t, `in ${name}`);
    switch (name) {
      case 'open':
        t.opens++;
        if (t.opens > 1) this.violation('open twice', t);
        if (t.key === undefined) this.keyOf(t);
        break;
      case 'data':
        this.onData(t, a);
        break;
      case 'end':
        if (t.gotEnd) this.violation('end twice', t);
        t.gotEnd = true;
        if (t.paused && !t.shutdownRead) t.endWhilePaused = true;
        break;
      case 'close':
        this.onClose(t, a);
        break;
      case 'error':
        if (a !== null && typeof a === 'object' && a.hammer === true) {
          t.pendingThrows--;
          if (t.pendingThrows < 0) this.violation('error for a throw twice', t);
        } else if (!this.tls) {
          this.violation(`error event on plain TCP: ${a?.code ?? a}`, t);
        }
        break;
      case 'handshake':
        t.handshakes++;
        if (t.handshakes > 1) this.violation('handshake twice', t);
        if (a !== true) {
          const k = `handshakeFailed:${b?.code}`;
          this.stats[k] = (this.stats[k] ?? 0) + 1;
        }
        break;
      default:
        break;
    }
    if (this.finishing) {
      // Closing down: a half-open socket whose peer ended must close too.
      if (name === 'end' && !t.closed) this.closeGracefully(t);
      return;
    }
    if (this.rng.chance(0.3)) this.randomOps(t, this.rng.int(1, 2));
    if (THROWING.has(name) && !t.closed && this.rng.chance(0.003)) {
      t.pendingThrows++;
      this.stats.throws++;
      throw new HammerThrow();
    }
  }

  /** Whether the socket's handler tables have a `handshake` handler (see table()). */
  handshakeKind(t) {
    if (t.side === 'client') return t.socket.data?.handshake === true;
    const l = this.listeners.find((x) => x.listener === t.socket.listener) ?? this.stoppedListeners.get(t.socket.listener);
    return l?.handshake === true;
  }

  keyOf(t) {
    const s = t.socket;
    const [cp, sp] = t.side === 'client' ? [s.localPort, s.remotePort] : [s.remotePort, s.localPort];
    if (typeof cp === 'number' && typeof sp === 'number') t.key = `${cp}-${sp}`;
    if (t.side === 'server') t.listenerId = this.listeners.find((l) => l.listener === s.listener)?.id;
  }

  onData(t, d) {
    let bytes;
    if (Buffer.isBuffer(d) || d instanceof Uint8Array) bytes = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    else if (d instanceof ArrayBuffer) bytes = Buffer.from(d);
    else {
      this.violation(`data of type ${Object.prototype.toString.call(d)}`, t);
      return;
    }
    if (bytes.length === 0) this.violation('empty data event', t);
    if (t.gotEnd) this.violation('data after end', t);
    if (t.paused) t.dataWhilePaused = true;
    if (!t.corrupt) {
      const from = t.side === 'client' ? 'server' : 'client';
      for (let off = 0; off < bytes.length; off += MAX_WRITE) {
        const part = bytes.subarray(off, Math.min(bytes.length, off + MAX_WRITE));
        const want = streamSlice(from, t.received + off, part.length);
        if (!part.equals(want)) {
          let i = 0;
          while (i < part.length && part[i] === want[i]) i++;
          this.violation(`received byte ${t.received + off + i} differs from the sender's stream` +
            (DEBUG ? ` (got ${part.subarray(i, i + 24).toString('hex')} want ${want.subarray(i, i + 24).toString('hex')}, chunk ${part.length}` +
              `, got is the sender's byte ${(SRC.indexOf(part.subarray(i, i + 24)) - SALT[from] + PATTERN) % PATTERN} mod ${PATTERN})` : ''), t);
          t.corrupt = true;
          break;
        }
      }
    }
    t.received += bytes.length;
  }

  onClose(t, e) {
    t.closes++;
    if (t.closes > 1) this.violation('close twice', t);
    t.closed = true;
    t.rec.closedAt ??= Date.now();
    t.closeCode = e === undefined ? undefined : (e?.code ?? String(e));
    if (t.socket.readyState !== -1) this.violation(`readyState ${t.socket.readyState} in close`, t);
    if (t.pendingThrows > 0) this.violation(`${t.pendingThrows} handler throw(s) never reached error`, t);
    // Bun itself delivers a FIN (and the data before it) to a socket paused just before it arrived:
    // counted, not a violation.
    if (t.dataWhilePaused && e === undefined) this.stats.dataWhilePaused = (this.stats.dataWhilePaused ?? 0) + 1;
    if (t.endWhilePaused) this.stats.endWhilePaused = (this.stats.endWhilePaused ?? 0) + 1;
    this.untrackLive(t);
    this.sync(t);
    // A timer keeps the retirement off the close path (handlers may still hold the socket).
    queueMicrotask(() => this.retire(t));
  }

  /** Copies the counters the byte checks need into the socket's record. */
  sync(t) {
    const r = t.rec;
    r.key = t.key;
    r.sent = t.sent;
    r.received = t.received;
    r.gotEnd = t.gotEnd;
    r.shutdownRead = t.shutdownRead;
    r.terminated = t.terminated;
    r.closeCode = t.closeCode;
    r.corrupt = t.corrupt;
    r.endWhilePaused = t.endWhilePaused;
    r.pausedEver = t.pausedEver === true;
    r.closeNotifyEarly = t.closeNotifyEarly;
  }

  onConnectError(s, e) {
    this.events++;
    this.stats.connectErrors++;
    if (this.trackers.has(s)) this.violation('connectError on a socket that had events', this.trackers.get(s));
    if (s.readyState !== -1) this.violation(`readyState ${s.readyState} in connectError`);
    if (typeof e?.code !== 'string') this.violation(`connectError without a code: ${e}`);
    this.closedSockets.add(s);
  }

  /**
   * TLS: end(), shutdown() and [Symbol.dispose]() send close_notify, which is data to TCP. If
   * it reaches a peer that has already closed its socket, the peer's kernel answers with a
   * reset and drops what it had not sent yet (Linux: TCPAbortOnData), so a receiver that
   * sent close_notify before the sender's end arrived may see its stream cut short (Bun the
   * same: it is the kernel's doing). Noted here for the byte checks (checkPairs).
   */
  closeNotify(t) {
    if (this.tls && !t.gotEnd && !t.closed) t.closeNotifyEarly = true;
  }

  // ---- operations -----------------------------------------------------------------------

  randomOps(t, count) {
    for (let i = 0; i < count; i++) {
      const r = this.rng.next();
      if (r < 0.08 && this.live.length > 0) this.socketOp(this.rng.pick(this.live));
      else if (r < 0.1 && this.role !== 'client' && this.listeners.length > 0) this.listenerOp();
      else if (r < 0.11 && this.role !== 'server') this.connect();
      else if (t.socket !== undefined) this.socketOp(t);
    }
  }

  count(op) {
    this.ops++;
    this.opCounts[op] = (this.opCounts[op] ?? 0) + 1;
  }

  socketOp(t) {
    const s = t.socket;
    if (s === undefined) return;
    const op = this.rng.weighted(SOCKET_OPS);
    this.count(op);
    this.note(t, `op:${op}:${s.readyState}`);
    try {
      this.doSocketOp(t, s, op);
    } catch (e) {
      this.violation(`${op}() threw ${e?.name} ${e?.code ?? ''}: ${e?.message} ${DEBUG ? e?.stack : ''}`, t);
    }
    if (t.socket !== undefined) this.checkRS(t, `after ${op}()`);
  }

  doSocketOp(t, s, op) {
    const rng = this.rng;
    switch (op) {
      case 'write': {
        const n = writeSize(rng);
        const [args, kind] = writeArgs(rng, streamSlice(t.side, t.sent, n));
        this.stats.writeKinds[kind] = (this.stats.writeKinds[kind] ?? 0) + 1;
        const wasClosed = t.closed;
        const r = s.write(...args);
        if (DEBUG) this.note(t, `w${n}=${r}@${t.sent}`);
        this.accepted(t, r, n, `write(${kind}, ${n})`, wasClosed);
        break;
      }
      case 'end': {
        this.closeNotify(t);
        const withData = rng.chance(0.5);
        const wasClosed = t.closed;
        let r;
        let n = 0;
        if (withData) {
          n = rng.int(0, 2048);
          const [args, kind] = writeArgs(rng, streamSlice(t.side, t.sent, n));
          r = s.end(...args);
          this.note(t, `end(${kind}, ${n}) = ${r}`);
        } else r = s.end();
        this.accepted(t, r, n, 'end', wasClosed);
        // On TLS an end() before the handshake finished changes nothing (Bun: the socket stays open).
        if (t.closed || s.readyState === -1) t.ended = true;
        // Plain TCP: end() closes inside the call unless its final chunk met back-pressure (spec §3, §4),
        // or a shutdown() came first: then Bun refuses any final chunk, even an empty one (-1, stays open).
        const refusedAfterShutdown = t.shutdownWrite && withData && r === -1;
        if (!this.tls && !wasClosed && !t.closed && !refusedAfterShutdown && (n === 0 || r > 0)) this.violation(`end() returned ${r} without closing`, t);
        break;
      }
      case 'close': {
        // A TLS socket that reads -1 is waiting for its peer's close_notify (Bun too): close()
        // and terminate() leave it waiting.
        const waiting = this.tls && (t.ended || s.readyState === -1);
        s.close();
        if (!t.closed && !waiting) this.violation('close() did not fire close synchronously', t);
        break;
      }
      case 'terminate': {
        const waiting = this.tls && (t.ended || s.readyState === -1);
        if (!t.closed) t.terminated = true;
        s.terminate();
        if (!t.closed && !waiting) this.violation('terminate() did not fire close synchronously', t);
        break;
      }
      case 'dispose': {
        this.closeNotify(t);
        const wasClosed = t.closed;
        const r = s[Symbol.dispose]();
        if (wasClosed && r !== -1) this.violation(`[Symbol.dispose]() on a closed socket returned ${r}`, t);
        if (t.closed || s.readyState === -1) t.ended = true;
        if (!this.tls && !wasClosed && !t.closed) this.violation('[Symbol.dispose]() did not close', t);
        break;
      }
      case 'shutdown':
        this.closeNotify(t);
        s.shutdown();
        if (!t.closed) t.shutdownWrite = true;
        break;
      case 'shutdownRead':
        if (!t.closed) t.shutdownRead = true;
        s.shutdown(true);
        break;
      case 'flush':
        expectUndefined(this, t, 'flush', s.flush());
        break;
      case 'pause':
        expectUndefined(this, t, 'pause', s.pause());
        if (!t.closed) t.paused = t.pausedEver = true;
        break;
      case 'resume':
        expectUndefined(this, t, 'resume', s.resume());
        t.paused = false;
        break;
      case 'timeout':
        expectUndefined(this, t, 'timeout', s.timeout(rng.pick([0, 0, 1, 2, 3])));
        break;
      case 'reload':
        expectUndefined(this, t, 'reload', s.reload({ socket: this.table(this.handshakeKind(t)) }));
        break;
      case 'setNoDelay': {
        const r = s.setNoDelay(rng.chance(0.5));
        if (typeof r !== 'boolean' || (t.closed && r !== false)) this.violation(`setNoDelay returned ${r}`, t);
        break;
      }
      case 'setKeepAlive': {
        const r = s.setKeepAlive(rng.chance(0.5), rng.int(0, 10_000));
        if (typeof r !== 'boolean' || (t.closed && r !== false)) this.violation(`setKeepAlive returned ${r}`, t);
        break;
      }
      case 'unrefRef':
        s.unref();
        s.ref();
        break;
      case 'getters': {
        const bw = s.bytesWritten;
        if (typeof bw !== 'number' || bw < t.lastBytesWritten) this.violation(`bytesWritten ${bw} after ${t.lastBytesWritten}`, t);
        t.lastBytesWritten = bw;
        const fd = s.fd;
        if (t.closed && fd !== -1) this.violation(`fd ${fd} after close`, t);
        if (t.closed && s.remotePort !== undefined) this.violation(`remotePort ${s.remotePort} after close`, t);
        void s.localPort;
        void s.remoteAddress;
        void s.data;
        void s.listener;
        void s.authorized;
        void s.alpnProtocol;
        break;
      }
      default:
        throw new Error(`unknown op ${op}`);
    }
  }

  /** Books what write()/end() accepted (`r` of `n` asked) and checks the value. */
  accepted(t, r, n, what, wasClosed) {
    if (!Number.isInteger(r) || r < -1 || r > n) {
      this.violation(`${what} returned ${r}`, t);
      return;
    }
    // -1 means closed or shut down; a socket whose peer has gone may also refuse before its close.
    // A connection the peer reset refuses writes before its close arrives (so does Bun's): counted.
    if (r === -1 && !wasClosed && !t.shutdownWrite && !t.ended) this.stats.refusedBeforeClose = (this.stats.refusedBeforeClose ?? 0) + 1;
    if (wasClosed && r !== -1) this.violation(`${what} returned ${r} on a closed socket`, t);
    if (r > 0) t.sent += r;
    if (r > 0 && t.ended && what.startsWith('write')) this.violation(`${what} accepted bytes after end()`, t);
    if (t.closed) this.sync(t);
  }

  // ---- listeners and connections ----------------------------------------------------------

  listen() {
    this.count('listen');
    const id = ++this.seq;
    const handshake = this.rng.chance(0.5);
    const opts = {
      hostname: '127.0.0.1', port: 0, socket: this.table(handshake), data: { listenerId: id }, allowHalfOpen: this.rng.chance(0.3),
    };
    if (this.tls) opts.tls = { ...this.fixtures.server };
    try {
      const listener = this.api.listen(opts);
      this.listeners.push({ id, listener, port: listener.port, active: true, handshake });
      this.stats.listens++;
    } catch (e) {
      this.violation(`listen threw ${e?.code}: ${e?.message}`);
    }
    this.announcePorts();
  }

  announcePorts() {
    if (this.role === 'server') this.send({ type: 'ports', ports: this.activePorts() });
  }

  activePorts() {
    return this.listeners.filter((l) => l.active).map((l) => l.port);
  }

  listenerOp() {
    const l = this.rng.pick(this.listeners);
    const op = this.rng.weighted(LISTENER_OPS);
    this.count(`listener.${op}`);
    try {
      switch (op) {
        case 'reload':
          l.listener.reload({ socket: this.table(l.handshake) });
          break;
        case 'stop':
          l.listener.stop();
          l.active = false;
          break;
        case 'stopForce': {
          l.listener.stop(true);
          l.active = false;
          for (const t of this.live) {
            if (t.side === 'server' && t.listenerId === l.id && !t.closed) this.violation('stop(true) left a server socket open', t);
          }
          break;
        }
        case 'unrefRef':
          l.listener.unref();
          l.listener.ref();
          break;
        case 'getters':
          if (l.listener.port !== l.port) this.violation(`listener.port ${l.listener.port} != ${l.port}`);
          void l.listener.hostname;
          void l.listener.data;
          break;
        default:
          throw new Error(`unknown listener op ${op}`);
      }
    } catch (e) {
      this.violation(`listener.${op} threw ${e?.code}: ${e?.message}`);
    }
    // Stopped listeners drop out of the pool (their sockets live on); keep 1 to 3 listening.
    if (!l.active) {
      this.listeners = this.listeners.filter((x) => x !== l);
      this.stoppedListeners.set(l.listener, l);
    }
    while (this.activePorts().length < 1) this.listen();
    this.announcePorts();
  }

  connect() {
    const ports = this.role === 'client' ? this.remotePorts : this.activePorts();
    if (ports.length === 0) return;
    this.count('connect');
    this.stats.connects++;
    const cid = ++this.seq;
    const handshake = this.rng.chance(0.5);
    const opts = {
      hostname: '127.0.0.1', port: this.rng.pick(ports), socket: this.table(handshake), data: { hammerClient: cid, handshake },
      allowHalfOpen: this.rng.chance(0.3),
    };
    if (this.tls) opts.tls = { ...this.fixtures.client };
    let p;
    try {
      p = this.api.connect(opts);
    } catch (e) {
      this.violation(`connect threw ${e?.code}: ${e?.message}`);
      return;
    }
    this.pendingConnects++;
    p.then(
      (s) => {
        this.pendingConnects--;
        let t = this.trackers.get(s);
        if (t === undefined && !this.closedSockets.has(s)) t = this.track(s, 'client');
        if (t !== undefined && t.key === undefined && !t.closed) this.keyOf(t);
        if (t !== undefined && this.finishing && !t.closed) this.closeGracefully(t);
      },
      (e) => {
        this.pendingConnects--;
        this.stats.rejected++;
        // A listener stopped while we connected refuses; nothing else is expected on loopback.
        if (e?.code !== 'ECONNREFUSED' && e?.code !== 'ECONNRESET') this.violation(`connect rejected with ${e?.code}: ${e?.message}`);
      },
    );
  }

  // ---- the driver -------------------------------------------------------------------------

  /** Runs random operations until the budget or the deadline, yielding to I/O often. */
  async drive() {
    if (this.role !== 'client') {
      const n = this.rng.int(1, 3);
      for (let i = 0; i < n; i++) this.listen();
    }
    let reported = 0;
    while ((this.ops < this.budget || this.more()) && Date.now() < this.deadline) {
      const batch = this.rng.int(1, 24);
      let did = false;
      for (let i = 0; i < batch; i++) did = this.step() || did;
      if (this.role === 'server' && this.ops - reported >= 200) {
        reported = this.ops;
        this.send({ type: 'progress', ops: this.ops });
      }
      // Nothing to act on (a server process waiting for clients): wait instead of spinning.
      if (did) await turn();
      else await sleep(2);
    }
    this.timedOut = this.ops < this.budget || this.more();
  }

  /** One random operation; false when there was nothing to act on. */
  step() {
    const rng = this.rng;
    if (this.role !== 'server' && this.live.length + this.pendingConnects < this.conns && rng.chance(0.5)) {
      this.connect();
      return true;
    }
    const r = rng.next();
    if (r < 0.015 && this.role !== 'client') this.listenerOp();
    else if (r < 0.02 && this.recentClosed.length > 0) {
      const t = rng.pick(this.recentClosed);
      if (t.socket !== undefined) this.socketOp(t);
    } else if (this.live.length > 0) {
      this.socketOp(this.pickLive());
    } else return false;
    return true;
  }

  /**
   * A live socket, mostly one that is ready (open, and past the TLS handshake): across two
   * processes the driver would otherwise spend its budget on sockets still connecting.
   */
  pickLive() {
    let t = this.rng.pick(this.live);
    for (let i = 0; i < 3 && !this.isReady(t) && this.rng.chance(0.8); i++) t = this.rng.pick(this.live);
    return t;
  }

  isReady(t) {
    if (t.opens === 0) return false;
    return !this.tls || t.handshakes > 0 || !this.handshakeKind(t);
  }

  closeGracefully(t) {
    if (t.closed || t.socket === undefined) return;
    try {
      t.socket.resume();
      t.paused = false;
      if (!t.ended) {
        t.ended = true;
        this.closeNotify(t);
        const r = t.socket.end();
        if (r > 0) t.sent += r;
      }
    } catch (e) {
      this.violation(`closing: ${e?.message}`, t);
    }
  }

  /**
   * Closes everything: resumes and end()s every socket (peers follow), terminates what is
   * still open after a grace period, stops the listeners; then every socket must have closed.
   */
  async finish(graceMs = 4000) {
    this.finishing = true;
    const end = Date.now() + 10_000;
    while (this.pendingConnects > 0 && Date.now() < end) await sleep(5);
    if (this.pendingConnects > 0) this.violation(`${this.pendingConnects} connect() promises never settled`);
    for (const t of [...this.live]) this.closeGracefully(t);
    const graceEnd = Date.now() + graceMs;
    while (this.live.length > 0 && Date.now() < graceEnd) {
      await sleep(10);
      for (const t of [...this.live]) this.closeGracefully(t);
    }
    this.stats.terminatedAtEnd = this.live.length;
    for (const t of [...this.live]) {
      t.terminated = true;
      try {
        t.socket.terminate();
      } catch (e) {
        this.violation(`terminate threw ${e?.message}`, t);
      }
      if (!t.closed) this.violation('terminate() at the end left the socket open', t);
    }
    // Out of the pool first: stop(true) runs close handlers, whose random operations would
    // otherwise reload a listener that is already stopped with no sockets (Bun throws there).
    const stopping = this.listeners;
    this.listeners = [];
    for (const l of stopping) l.listener.stop(true);
    // Late events (after close) would show up now.
    await sleep(100);
    for (const t of this.allTrackers()) {
      if (t.closes !== 1) this.violation(`close fired ${t.closes} times`, t);
    }
    // Every socket reported close: none of their handles (fds) may still be open.
    const open = () => activeResources().TCPSocketWrap ?? 0;
    await waitFor(() => open() === 0, 2000);
    if (open() > 0) this.violation(`${open()} TCP handles still open after every socket closed (fd leak)`);
  }

  allTrackers() {
    return [...this.trackers.values()];
  }

  summary() {
    return {
      ops: this.ops, events: this.events, violations: this.violationCount, first: this.violations,
      sockets: this.seq, records: this.records.length, timedOut: this.timedOut === true,
      stats: this.stats, opCounts: this.opCounts, eventCounts: this.eventCounts,
    };
  }
}

function expectUndefined(h, t, what, r) {
  if (r !== undefined) h.violation(`${what}() returned ${r}`, t);
}

/**
 * Pairs client and server records by connection key (client port, server port) in creation
 * order and checks the byte invariants; returns {pairs, full, bytes, unmatched, problems}.
 */
export function checkPairs(records) {
  const groups = new Map();
  for (const r of records) {
    if (r.key === undefined) continue;
    let g = groups.get(r.key);
    if (g === undefined) groups.set(r.key, (g = { client: [], server: [] }));
    g[r.side].push(r);
  }
  const out = { pairs: 0, full: 0, bytes: 0, unmatched: 0, problems: [] };
  for (const [key, g] of groups) {
    // A port pair comes back once both ends of its last connection have closed (a long run
    // goes round the ephemeral ports), and either half of a connection may have no record
    // (a connect that failed after the server accepted): the halves of one connection are
    // the ones whose lifetimes overlap, in order.
    const byOpen = (a, b) => a.opened - b.opened || a.seq - b.seq;
    g.client.sort(byOpen);
    g.server.sort(byOpen);
    const matched = [];
    let next = 0;
    for (const srv of g.server) {
      let i = next;
      while (i < g.client.length && (g.client[i].closedAt ?? Infinity) < srv.opened) i++;
      const cli = g.client[i];
      if (cli === undefined || cli.opened > (srv.closedAt ?? Infinity)) continue;
      matched.push([cli, srv]);
      next = i + 1;
    }
    out.unmatched += g.client.length + g.server.length - 2 * matched.length;
    for (const [cli, srv] of matched) {
      out.pairs++;
      for (const [from, to] of [[cli, srv], [srv, cli]]) {
        out.bytes += to.received;
        if (to.received > from.sent) out.problems.push(`${key}: ${to.side} received ${to.received} > ${from.sent} accepted from ${from.side}`);
        // The peer's FIN came after all its bytes: everything it accepted must have arrived. A
        // close with unread bytes in the kernel sends a reset instead, which a paused receiver may
        // only see as the end of the stream; so only senders that had read everything their peer
        // sent (and did not terminate) are held to the exact count. The same holds for a TLS
        // receiver's close_notify (see closeNotify()) unless the sender read it (saw its end).
        const cutByCloseNotify = to.closeNotifyEarly && !(from.gotEnd && !from.shutdownRead);
        if (to.gotEnd && !to.shutdownRead && !to.corrupt && !from.terminated && from.received === to.sent && !cutByCloseNotify) {
          out.full++;
          if (to.received !== from.sent) {
            out.problems.push(`${key}: ${to.side} saw end after ${to.received} bytes, ${from.side} accepted ${from.sent}` +
              ` (receiver paused=${to.pausedEver} endWhilePaused=${to.endWhilePaused})` +
              (from.history ? `\n  sender: ${from.history.join(' ')}\n  receiver: ${to.history.join(' ')}` : ''));
          }
        }
      }
    }
  }
  return out;
}

// ---- command line ---------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const role = args.role ?? 'both';
  const api = await loadApi();
  if (role === 'server') return serveChild(api, args);
  const seed = args.seed !== undefined ? Number(args.seed) >>> 0 : seedFromEnv();
  const ops = Number(args.ops ?? 100_000);
  const procs = Number(args.procs ?? 1);
  const tls = args.tls === true;
  const conns = Number(args.conns ?? 24);
  const timeBox = Number(args['time-box'] ?? 120_000);
  const label = `hammer ${tls ? 'TLS' : 'plain'} ${procs === 2 ? 'two processes' : 'one process'} on ${api.name}`;
  const replay = `BUNSOCK_SEED=${seed} node test/stress/hammer.mjs --ops ${ops} --procs ${procs} --conns ${conns}${tls ? ' --tls' : ''}`;

  const uncaught = [];
  process.on('uncaughtException', (e) => uncaught.push(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => uncaught.push(`unhandled rejection: ${e?.stack ?? e}`));

  const started = Date.now();
  const deadline = started + timeBox;
  const rng = new Rng(seed);
  let result;
  if (procs === 2) result = await runTwoProcesses(api, rng, { tls, ops, conns, deadline, timeBox });
  else {
    const h = new Hammer({ api, seed: rng.fork().seed, tls, role: 'both', conns, ops, deadline });
    await h.drive();
    await h.finish();
    result = { parts: [h.summary()], records: h.records };
  }
  const pairs = checkPairs(result.records);
  const totalOps = result.parts.reduce((n, p) => n + p.ops, 0);
  const violations = result.parts.reduce((n, p) => n + p.violations, 0) + pairs.problems.length + uncaught.length + (result.extra?.length ?? 0);
  const ms = Date.now() - started;
  const report = {
    label, seed, ms, ops: totalOps, violations, pairs: pairs.pairs, fullyChecked: pairs.full, bytes: pairs.bytes,
    unmatched: pairs.unmatched, parts: result.parts, problems: pairs.problems.slice(0, 20), uncaught: uncaught.slice(0, 5), extra: result.extra,
  };
  console.log(JSON.stringify(report));
  console.log(`${label}: ${totalOps} operations, ${violations} violations ` +
    `(${pairs.pairs} connections paired, ${pairs.full} directions checked byte-exact, ${(pairs.bytes / 1048576).toFixed(1)} MiB, ` +
    `${(ms / 1000).toFixed(1)} s, seed ${seed}${result.parts.some((p) => p.timedOut) ? ', time box reached' : ''})`);
  if (violations > 0) {
    // The first few in plain text too (npm run stress shows only the non-JSON lines); timing
    // makes some runs hard to replay, so what a rare one saw is worth keeping.
    const shown = [
      ...result.parts.flatMap((p) => p.first.map((v) => `${v.what}${v.socket ? ` [${v.socket}]` : ''}${v.history ? `: ${v.history.join(' ')}` : ''}`)),
      ...pairs.problems, ...uncaught, ...(result.extra ?? []),
    ];
    for (const line of shown.slice(0, 6)) console.log(`  violation: ${line.replace(/\n/g, ' ').slice(0, 1500)}`);
    console.log(`replay: ${replay}   (or BUNSOCK_SEED=${seed} npm run stress)`);
    process.exitCode = 1;
  }
  // Leftover handles would keep the process alive: exit once the report is written.
  process.stdout.write('', () => process.exit());
}

/** Listeners and server sockets in a child process (this script, --role server); clients here. */
async function runTwoProcesses(api, rng, o) {
  const childSeed = rng.fork().seed;
  const child = fork(fileURLToPath(import.meta.url), [
    '--role', 'server', '--seed', String(childSeed), '--ops', String(Math.floor(o.ops / 2)), ...(o.tls ? ['--tls'] : []),
    '--time-box', String(o.timeBox),
  ], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const extra = [];
  const kill = setTimeout(() => {
    extra.push('server process did not report in time (killed)');
    child.kill('SIGKILL');
  }, o.timeBox + 60_000);
  // The server's half acts only on the connections the client's half keeps making, so the
  // client goes on until both halves have spent their budgets (or the time box ends).
  const serverBudget = Math.floor(o.ops / 2);
  let serverOps = 0;
  let serverDone = false;
  const more = () => !serverDone && serverOps < serverBudget;
  const h = new Hammer({ api, seed: rng.fork().seed, tls: o.tls, role: 'client', conns: o.conns, ops: Math.ceil(o.ops / 2), deadline: o.deadline, more });
  const report = new Promise((resolve) => {
    child.on('message', (m) => {
      if (m.type === 'ports') h.remotePorts = m.ports;
      else if (m.type === 'progress') {
        serverOps = m.ops;
        if (m.done === true) serverDone = true;
      }
      else if (m.type === 'report') resolve(m);
    });
    child.on('exit', (code, signal) => {
      serverDone = true;
      if (code !== 0) extra.push(`server process exited with ${code ?? signal}`);
      resolve(undefined);
    });
  });
  while (h.remotePorts.length === 0 && Date.now() < o.deadline) await sleep(5);
  await h.drive();
  child.send({ type: 'finish' });
  await h.finish();
  const theirs = await report;
  clearTimeout(kill);
  const parts = [h.summary()];
  const records = [...h.records];
  if (theirs !== undefined) {
    parts.push(theirs.summary);
    records.push(...theirs.records);
  } else extra.push('no report from the server process');
  return { parts, records, extra };
}

async function serveChild(api, args) {
  const uncaught = [];
  process.on('uncaughtException', (e) => uncaught.push(`uncaught (server process): ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => uncaught.push(`unhandled rejection (server process): ${e?.stack ?? e}`));
  let finishRequested = false;
  process.on('message', (m) => {
    if (m.type === 'finish') finishRequested = true;
  });
  const h = new Hammer({
    api, seed: Number(args.seed), tls: args.tls === true, role: 'server', conns: 0, ops: Number(args.ops),
    deadline: Date.now() + Number(args['time-box']), send: (m) => process.send(m),
  });
  // Stop the random operations early when the client side is done first.
  const origDrive = h.drive.bind(h);
  const budget = h.budget;
  const watcher = setInterval(() => {
    if (finishRequested) h.budget = 0;
  }, 5);
  await origDrive();
  process.send({ type: 'progress', ops: h.ops, done: true });
  h.budget = budget;
  while (!finishRequested) await sleep(5);
  clearInterval(watcher);
  await h.finish();
  const summary = h.summary();
  summary.violations += uncaught.length;
  if (uncaught.length > 0) summary.first.push(...uncaught.slice(0, 5).map((what) => ({ what })));
  process.send({ type: 'report', summary, records: h.records }, () => process.exit(0));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
