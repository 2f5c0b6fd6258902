// Differences between bunsock and real Bun 1.4.5 that the fuzz suite found and that are not
// fixed yet. Each is reported with a reproduction (test/fuzz/pending/); a case whose first
// differing call matches one of these is counted as "known", and later calls of that case are
// not compared (the two sockets' states may have parted). Remove an entry once it is fixed:
// the suite then holds bunsock to Bun's outcome again.
//
// An entry: { id, what, match(ctx) } with ctx = { kind, desc, index, method, args, prior,
// mine, bun }: `method`/`args` (argument descriptions) for socket and listener calls, `prior`
// the methods called before it in the case, `mine`/`bun` the two outcomes of the call.

/** The description of option `key` in an options description (values.mjs), if present. */
export function option(desc, key) {
  if (desc?.t !== 'obj') return undefined;
  return desc.v.find(([k]) => k === key)?.[1];
}

const closing = new Set(['terminate', 'close', 'end', 'dispose', 'shutdown']);
const isBool = (a) => a?.t === 'bool';

export const knownDifferences = [
  {
    id: 'falsy-hostname',
    what: 'connect/listen: a falsy non-string hostname (0, []) is "missing" on Bun (Expected either "hostname" or "unix"); bunsock uses String(hostname)',
    match: ({ kind, desc }) => (kind === 'connect' || kind === 'listen') &&
      [option(desc, 'hostname'), option(desc, 'host')].some((h) => h !== undefined && ((h.t === 'num' && h.v === 0) || h.t === 'arr')),
  },
  {
    id: 'port-before-host',
    what: 'connect/listen without a hostname: Bun reports the missing hostname (TypeError ERR_INVALID_ARG_TYPE) before a port it cannot use (BigInt, object, out of range); bunsock reports the port (RangeError ERR_OUT_OF_RANGE)',
    match: ({ kind, desc, mine, bun }) => (kind === 'connect' || kind === 'listen') && option(desc, 'hostname') === undefined &&
      mine[1]?.name === 'RangeError' && bun[1]?.name === 'TypeError',
  },
  {
    id: 'fd-option',
    what: 'connect: Bun validates `fd` (TypeError ERR_INVALID_ARG_TYPE for non-numbers, RangeError ERR_OUT_OF_RANGE for NaN) and prefers it to hostname/unix; bunsock ignores it when a hostname or unix path is given',
    match: ({ kind, desc }) => kind === 'connect' && option(desc, 'fd') !== undefined,
  },
  {
    id: 'tls-before-handlers',
    what: 'connect/listen: Bun validates the tls options (e.g. secureOptions range, material types) before the handler table; bunsock checks the handlers first',
    match: ({ kind, desc, mine, bun }) => (kind === 'connect' || kind === 'listen') && option(desc, 'tls')?.t === 'obj' &&
      mine[0] === 'throws' && bun[0] === 'throws',
  },
  {
    id: 'listener-after-stop',
    what: 'listener: after stop()/dispose, Bun\'s reload() throws a plain Error (no code) whatever its argument, and getsockname(x) returns undefined for any x; bunsock validates as on a live listener',
    match: ({ kind, method, prior }) => kind === 'listener' && (method === 'reload' || method === 'getsockname') &&
      prior.some((m) => m === 'stop' || m === 'dispose'),
  },
  {
    id: 'getsockname-function',
    what: 'listener.getsockname(fn) fills a function like any object on Bun (returns undefined); bunsock throws ERR_INVALID_ARG_TYPE',
    match: ({ kind, method, args }) => kind === 'listener' && method === 'getsockname' && args[0]?.t === 'fn',
  },
  {
    id: 'dispose-arguments',
    what: 'socket[Symbol.dispose](...args) is end(...args) on Bun (writes and validates the arguments); bunsock ignores them',
    match: ({ method, args }) => method === 'dispose' && args.length > 0,
  },
  {
    id: 'write-length-type',
    what: 'write/end(data, offset, length) with a non-number length: Bun coerces it (\'\' → the whole data); bunsock throws ERR_INVALID_ARG_TYPE',
    match: ({ method, args }) => (method === 'write' || method === 'end') && args.length >= 3 && args[2].t !== 'num' && args[2].t !== 'undef',
  },
  {
    id: 'write-unsafe-integer',
    what: 'write/end(data, offset[, length]) with an offset or length beyond 2^53-1: Bun throws TypeError ERR_INVALID_ARG_TYPE ("Expected byteOffset to be a integer"); bunsock RangeError ERR_OUT_OF_RANGE',
    match: ({ method, args }) => (method === 'write' || method === 'end') &&
      args.slice(1).some((a) => a.t === 'num' && typeof a.v === 'number' && Math.abs(a.v) > Number.MAX_SAFE_INTEGER),
  },
  {
    id: 'write-validates-after-shutdown',
    what: 'write/end with bad arguments after shutdown(): Bun still throws the argument error; bunsock returns -1 without looking at them',
    match: ({ method, prior, mine, bun }) => (method === 'write' || method === 'end') && prior.includes('shutdown') &&
      mine[0] === 'returns' && bun[0] === 'throws',
  },
  {
    id: 'write-integer-before-range',
    what: 'write/end(data, offset, length): Bun checks that both are integers (TypeError ERR_INVALID_ARG_TYPE; -0 is not one) before their ranges; bunsock reports the range (RangeError ERR_OUT_OF_RANGE) first, and takes -0 as 0',
    match: ({ method, args, mine, bun }) => (method === 'write' || method === 'end') && mine[1]?.name !== 'TypeError' && bun[1]?.name === 'TypeError' &&
      args.slice(1).some((a) => a.t === 'num' && (a.v === '-0' || !Number.isInteger(Number(a.v)))),
  },
  {
    id: 'encoding-with-length',
    what: 'write/end(data, "encoding", anything): Bun throws TODOError whenever a third argument follows a string second one; bunsock only for some',
    match: ({ method, args }) => (method === 'write' || method === 'end') && args.length >= 3 && (args[1].t === 'str' || args[1].t === 'strobj'),
  },
  {
    id: 'reload-closed-socket',
    what: 'socket.reload(x) on a closed socket returns undefined on Bun without looking at x; bunsock validates x',
    match: ({ kind, method, prior }) => kind === 'socket' && method === 'reload' && prior.some((m) => closing.has(m)),
  },
  {
    id: 'upgrade-tls-on-tls',
    what: 'upgradeTLS(x) on a socket that is already TLS returns undefined on Bun whatever x is; bunsock validates x first',
    match: ({ kind, desc, method }) => kind === 'socket' && desc.tls === true && method === 'upgradeTLS',
  },
  {
    id: 'set-verify-mode-types',
    what: 'setVerifyMode(a, b) throws a plain Error on Bun unless both are booleans (TLS sockets); bunsock accepts anything',
    match: ({ kind, desc, method, args }) => kind === 'socket' && desc.tls === true && method === 'setVerifyMode' && !(isBool(args[0]) && isBool(args[1])),
  },
  {
    id: 'tls-string-object-args',
    what: 'setSession(new String(...)) and exportKeyingMaterial(n, label, new String(...)) are accepted on Bun (a String object is a string); bunsock throws a plain Error',
    match: ({ method, args }) => (method === 'setSession' || method === 'exportKeyingMaterial') && args.some((a) => a.t === 'strobj'),
  },
  {
    id: 'peer-certificate-argument',
    what: 'getPeerCertificate(x) throws a plain Error on Bun when x is not a boolean (TLS sockets); bunsock ignores x',
    match: ({ kind, desc, method, args }) => kind === 'socket' && desc.tls === true && method === 'getPeerCertificate' && args.length > 0 && !isBool(args[0]),
  },
  {
    id: 'ekm-length-coercion',
    what: 'exportKeyingMaterial(length, label) with a fractional length (e.g. -4e-42): Bun truncates it (an empty Buffer for 0); bunsock throws a plain Error',
    match: ({ method, args }) => method === 'exportKeyingMaterial' && args[0]?.t === 'num' && !Number.isInteger(Number(args[0].v)),
  },
  {
    id: 'max-send-fragment-type',
    what: 'setMaxSendFragment(x) with a non-number x throws a plain Error on Bun (TLS sockets); bunsock returns false',
    match: ({ kind, desc, method, args }) => kind === 'socket' && desc.tls === true && method === 'setMaxSendFragment' && args[0]?.t !== 'num',
  },
  {
    id: 'tls-members-after-end',
    what: 'TLS socket after end()/close(): Bun\'s members answer as closed (getCertificate() undefined, ...); bunsock still answers from the session',
    match: ({ kind, desc, prior }) => kind === 'socket' && desc.tls === true && prior.some((m) => closing.has(m)),
  },
];

/**
 * Whether every difference between `mine` and `bun` (outcome lists of one case) is explained:
 * the first differing call must match an entry. Returns the entry's id, or undefined.
 */
export function explain(kind, desc, mine, bun) {
  const calls = kind === 'socket' || kind === 'listener' ? desc.calls : [[undefined, []]];
  for (let i = 0; i < Math.max(mine.length, bun.length); i++) {
    if (JSON.stringify(mine[i]) === JSON.stringify(bun[i])) continue;
    const [method, args] = calls[i] ?? [undefined, []];
    const ctx = { kind, desc, index: i, method, args, prior: calls.slice(0, i).map((c) => c[0]), mine: mine[i] ?? [], bun: bun[i] ?? [] };
    return knownDifferences.find((k) => k.match(ctx))?.id;
  }
  return undefined;
}

/**
 * Cases whose file descriptor is known to stay open on bunsock (reported): a TLS socket on
 * which end() or shutdown() was called, then terminate(), keeps its fd. Returns the id, or undefined.
 */
export function knownLeak(kind, desc) {
  const ending = new Set(['shutdown', 'end', 'dispose']);
  if (kind === 'socket' && desc.tls === true && desc.calls.some(([m]) => ending.has(m))) return 'tls-end-terminate-fd';
  return undefined;
}
