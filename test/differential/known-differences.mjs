// Differences from Bun that bunsock cannot remove on some runtime, each documented in
// docs/compat.md. For such a scenario the test does not skip: it requires bunsock's trace
// to equal Bun's trace with exactly the documented change applied, so the difference is pinned.
//   when():        whether the difference applies on this runtime
//   expect(bun):   Bun's trace with the documented change made (returns a new object)

/** Node's tcp_wrap exposes UV_TCP_REUSEPORT only where it can set SO_REUSEPORT. */
function hasReusePort() {
  try {
    return process.binding('tcp_wrap').constants.UV_TCP_REUSEPORT !== undefined;
  } catch {
    return false;
  }
}

const EADDRINUSE = { error: 'Error', code: 'EADDRINUSE', errno: 98, syscall: 'listen' };

export const knownDifferences = {
  'shutdown-read-after-fin': {
    doc: 'docs/compat.md#shutdowntrue-after-the-peers-fin',
    when: () => true,
    expect(bun) {
      const out = structuredClone(bun);
      const last = out.trace.server.at(-1);
      if (last?.[0] === 'end() after close') last[1] = -1;
      return out;
    },
  },
  'listen-reuseport': {
    doc: 'docs/compat.md#reuseport-on-node-20',
    when: () => !hasReusePort(),
    expect(bun) {
      const out = structuredClone(bun);
      out.trace['reusePort 2'] = [['throws', EADDRINUSE]];
      return out;
    },
  },
};
