// Differences between bunsock and real Bun 1.4.5 that the fuzz suite found and that are not
// fixed yet (none at present: the ones found so far are fixed, each pinned by a reduced test in
// test/stress/found-by-fuzz.test.mjs). Each is reported with a reproduction in
// test/stress/pending/ and, if it cannot be fixed on Node, in docs/compat.md; a case whose first
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

export const knownDifferences = [];

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
