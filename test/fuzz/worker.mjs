// Fuzz worker: runs one case at a time, read as a JSON line on stdin, and answers with its
// outcome as a JSON line on stdout. The same file runs on Node/Deno (bunsock) and on Bun
// (Bun's own connect/listen), so the fuzz driver can compare them case by case.
//
// A case is {id, kind, desc}: kind 'connect' | 'listen' (desc: the options), 'socket'
// (desc: {tls, target: 'client'|'server', calls: [[method, args], ...]} on a fresh connected
// pair), 'listener' (desc: {calls} on a fresh listener). The answer is {id, outcomes, fds:
// [before, after], uncaught}: each outcome is ['returns'|'resolves', value shape],
// ['throws'|'rejects', {name, code, isError}] or ['pending']. Everything a case created is
// closed before the answer, so `fds` must come back to where it was.
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { loadApi, tlsFixtures, fdCount, sleep, waitFor, root } from '../stress/lib.mjs';

const api = await loadApi();
const fx = tlsFixtures();
const dir = mkdtempSync(join(tmpdir(), 'bsfuzz-'));
// Relative unix paths (junk strings) land here, not in the repository, and the two workers'
// never collide (a shared cwd made both listen on the same path at once: EADDRINUSE on one).
process.chdir(dir);
const uncaught = [];
process.on('uncaughtException', (e) => uncaught.push(`${e?.name}: ${e?.message}`));
process.on('unhandledRejection', (e) => uncaught.push(`unhandled rejection ${e?.name}: ${e?.message}`));

// The worker's own listeners: the only ports a case may reach.
const serverSockets = new Set();
const serverTable = {
  open(s) { serverSockets.add(s); },
  handshake() {},
  data() {},
  error() {},
  close(s) { serverSockets.delete(s); },
};
const plain = api.listen({ hostname: '127.0.0.1', port: 0, socket: serverTable });
const secure = api.listen({ hostname: '127.0.0.1', port: 0, tls: fx.server, socket: serverTable });
const unixPath = join(dir, 'u.sock');
const unix = api.listen({ unix: unixPath, socket: serverTable });
const dead = api.listen({ hostname: '127.0.0.1', port: 0, socket: serverTable });
const DEAD = dead.port;
dead.stop(true);
let fresh = 0;
const refs = {
  PORT: () => plain.port,
  TLSPORT: () => secure.port,
  DEAD: () => DEAD,
  UNIX: () => unixPath,
  MISSING: () => join(dir, 'missing.sock'),
  LONGPATH: () => join(dir, 'x'.repeat(120)),
  FRESHUNIX: () => join(dir, `fresh-${++fresh}.sock`),
  NODIR: () => join(dir, 'no-such-dir', 's.sock'),
};
const pems = new Map();
const pem = (name) => {
  if (!pems.has(name)) pems.set(name, readFileSync(join(root, 'test/fixtures/tls', name), 'utf8'));
  return pems.get(name);
};

/** Builds the value a description stands for (see values.mjs). */
export function materialize(x) {
  switch (x.t) {
    case 'undef': return undefined;
    case 'null': return null;
    case 'bool': return x.v;
    case 'num': return typeof x.v === 'string' ? (x.v === '-0' ? -0 : Number(x.v)) : x.v;
    case 'str': return x.v;
    case 'strobj': return new String(x.v);
    case 'numobj': return new Number(x.v);
    case 'bigint': return BigInt(x.v);
    case 'sym': return Symbol('fuzz');
    case 'fn': return function () {};
    case 'date': return new Date(0);
    case 'regexp': return /fuzz/;
    case 'proxy': return new Proxy({}, {});
    case 'blob': return new Blob([x.v]);
    case 'buf': return Buffer.from(x.v, 'hex');
    case 'ab': return new Uint8Array(Buffer.from(x.v, 'hex')).buffer;
    case 'u16': {
      const b = Buffer.from(x.v, 'hex');
      const ab = new ArrayBuffer(b.length + (b.length % 2));
      new Uint8Array(ab).set(b);
      return new Uint16Array(ab);
    }
    case 'dv': return new DataView(new Uint8Array(Buffer.from(x.v, 'hex')).buffer);
    case 'arr': return x.v.map(materialize);
    case 'obj': return Object.fromEntries(x.v.map(([k, v]) => [k, materialize(v)]));
    case 'table': return Object.fromEntries(Object.entries(x.v).filter(([, v]) => v !== undefined).map(([k, v]) => [k, materialize(v)]));
    case 'ref': return refs[x.v]();
    case 'refstr': return String(refs[x.v]());
    case 'pem': return pem(x.v);
    case 'pembuf': return Buffer.from(pem(x.v));
    default: throw new Error(`unknown description ${JSON.stringify(x)}`);
  }
}

const isSocket = (v) => v !== null && typeof v === 'object' && typeof v.write === 'function' && 'readyState' in v;
const isListener = (v) => v !== null && typeof v === 'object' && typeof v.stop === 'function' && typeof v.reload === 'function';

/** What a return value looks like, in terms that do not depend on timing or on the TLS library. */
function shape(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v;
  if (Buffer.isBuffer(v)) return 'Buffer';
  if (Array.isArray(v)) return `array(${v.map((e) => (isSocket(e) ? 'socket' : typeof e)).join(',')})`;
  if (isSocket(v)) return 'socket';
  if (isListener(v)) return 'listener';
  return `object:${v?.constructor?.name ?? 'null-prototype'}`;
}

function errorOf(e) {
  const out = { name: e?.name ?? typeof e, isError: e instanceof Error };
  if (e?.code !== undefined) out.code = e.code;
  return out;
}

/** Resolves with the settled state of `p`, or 'pending' after `ms`. */
function settle(p, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ state: 'pending' }), ms);
    p.then(
      (value) => { clearTimeout(timer); resolve({ state: 'resolved', value }); },
      (reason) => { clearTimeout(timer); resolve({ state: 'rejected', reason }); },
    );
  });
}

/** Closes what a case made and waits until the worker's listeners have seen their sockets close. */
async function cleanup(things) {
  for (const t of things) {
    try {
      if (isSocket(t)) t.terminate();
      else if (isListener(t)) t.stop(true);
    } catch (e) {
      uncaught.push(`cleanup: ${e?.message}`);
    }
  }
  // A server socket closes, or is detached by upgradeTLS (readyState -1 without a close:
  // its connection lives on in the sockets upgradeTLS returned, closed above).
  await waitFor(() => [...serverSockets].every((s) => s.readyState === -1), 3000);
  for (const s of serverSockets) if (s.readyState === -1) serverSockets.delete(s);
  await sleep(2);
}

/** Getters whose value depends on timing (a TLS 1.3 ticket or session arrives after the handshake). */
const TIMING = new Set(['getTLSTicket', 'getSession']);

function call(target, method, args) {
  try {
    const r = method === 'dispose' ? target[Symbol.dispose](...args) : target[method](...args);
    const value = TIMING.has(method) && (r === undefined || Buffer.isBuffer(r)) ? 'Buffer or undefined' : shape(r);
    return { outcome: ['returns', value], made: Array.isArray(r) ? r : isSocket(r) || isListener(r) ? [r] : [] };
  } catch (e) {
    return { outcome: ['throws', errorOf(e)], made: [] };
  }
}

async function runConnect(desc) {
  const made = [];
  let outcome;
  try {
    const p = api.connect(materialize(desc));
    if (typeof p?.then !== 'function') outcome = ['returns', shape(p)];
    else {
      // A late resolution still gets closed.
      p.then((s) => { if (isSocket(s)) made.push(s); }, () => {});
      const r = await settle(p, 3000);
      if (r.state === 'resolved') outcome = ['resolves', shape(r.value)];
      else if (r.state === 'rejected') outcome = ['rejects', errorOf(r.reason)];
      else outcome = ['pending'];
    }
  } catch (e) {
    outcome = ['throws', errorOf(e)];
  }
  await sleep(1);
  await cleanup(made);
  return [outcome];
}

async function runListen(desc) {
  const r = call(api, 'listen', [materialize(desc)]);
  await cleanup(r.made);
  return [r.outcome];
}

/** A connected pair on the worker's listeners, both past the handshake when TLS. */
async function pair(tls) {
  let opened = 0;
  const before = new Set(serverSockets);
  const client = await api.connect({
    hostname: '127.0.0.1', port: tls ? secure.port : plain.port, tls: tls ? fx.client : undefined,
    socket: { open() {}, handshake() { opened++; }, data() {}, error() {}, close() {} },
  });
  await waitFor(() => (!tls || opened > 0) && [...serverSockets].some((s) => !before.has(s)), 3000);
  const server = [...serverSockets].find((s) => !before.has(s));
  if (tls) await sleep(5); // the server's handshake callback follows the client's
  return { client, server };
}

async function runSocket(desc) {
  const { client, server } = await pair(desc.tls);
  const target = desc.target === 'server' ? server : client;
  const made = [client, server];
  const outcomes = [];
  for (const [method, args] of desc.calls) {
    const r = call(target, method, args.map(materialize));
    outcomes.push(r.outcome);
    made.push(...r.made);
  }
  await cleanup(made.filter(Boolean));
  // reload() on a server socket replaces its listener's shared handlers (on Bun as on
  // bunsock): put the worker's own back, or the next pair's server socket goes unseen.
  if (desc.target === 'server') for (const l of [plain, secure]) l.reload({ socket: serverTable });
  return outcomes;
}

async function runListener(desc) {
  const l = api.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const outcomes = [];
  const made = [l];
  for (const [method, args] of desc.calls) {
    const r = call(l, method, args.map(materialize));
    outcomes.push(r.outcome);
    made.push(...r.made);
  }
  await cleanup(made);
  return outcomes;
}

const runners = { connect: runConnect, listen: runListen, socket: runSocket, listener: runListener };

const rl = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ready: true, runtime: api.name })}\n`);
for await (const line of rl) {
  if (line.trim() === '') continue;
  const { id, kind, desc } = JSON.parse(line);
  const before = fdCount();
  const mark = uncaught.length;
  let outcomes;
  try {
    outcomes = await runners[kind](desc);
  } catch (e) {
    outcomes = [['harness error', String(e?.stack ?? e)]];
  }
  // A handle's fd is released a loop turn or two after its close; give it a moment.
  await waitFor(() => fdCount() <= before, 250);
  process.stdout.write(`${JSON.stringify({ id, outcomes, fds: [before, fdCount()], uncaught: uncaught.slice(mark) })}\n`);
}
plain.stop(true);
secure.stop(true);
unix.stop(true);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
