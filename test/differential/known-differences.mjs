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

const isDeno = () => typeof globalThis.Deno !== 'undefined';
const nodeMajor = () => Number(process.versions.node.split('.')[0]);

const EADDRINUSE = { error: 'Error', code: 'EADDRINUSE', errno: 98, syscall: 'listen' };

const UNDEF = '<undefined>';
const NO_HANDSHAKE_THROW = ['throws', { error: 'Error', code: UNDEF, errno: UNDEF }];

/** Applies `edit` to every entry of the channels whose name ends with `suffix`. */
function editEntries(bun, suffix, edit) {
  const out = structuredClone(bun);
  for (const [channel, entries] of Object.entries(out.trace)) {
    if (!channel.endsWith(suffix)) continue;
    out.trace[channel] = entries.flatMap((e) => edit(e, channel) ?? [e]);
  }
  return out;
}

export const knownDifferences = {
  // Deno's node:tls over a JavaScript stream sends no close_notify in reply to the peer's, so
  // after raw.end() the client's TLS half sees the server's FIN only as its raw half closes.
  'upgrade-tls-starttls': {
    doc: 'docs/compat.md#deno-tls',
    when: () => typeof globalThis.Deno !== 'undefined',
    expect: (bun) => editEntries(bun, 'raw client', (e) => (e[0] === 'tls end' ? [] : undefined)),
  },
  'tls-request-cert': {
    doc: 'docs/compat.md#tls-alerts-after-the-handshake',
    when: () => true,
    expect: (bun) => editEntries(bun, 'no client cert client', (e) => (e[0] === 'error' ? [['end', 1]] : undefined)),
  },
  'tls-set-verify-mode': {
    doc: 'docs/compat.md#tls-alerts-after-the-handshake',
    when: () => true,
    expect: (bun) => editEntries(bun, 's-open tt nocert client', (e) => (e[0] === 'error' ? [['end', 1]] : undefined)),
  },
  'tls-authorized-states': {
    doc: 'docs/compat.md#tls-alerts-after-the-handshake',
    when: () => true,
    expect: (bun) =>
      editEntries(bun, 'client cert missing client', (e) =>
        e[0] === 'error' ? [] : e[0] === 'close' ? [['close', true, null]] : undefined,
      ),
  },
  'upgrade-tls-raw-write': {
    doc: 'docs/compat.md#tls-alerts-after-the-handshake',
    when: () => true,
    expect: (bun) => editEntries(bun, 'client', (e) => (e[0] === 'tls error' ? [] : undefined)),
  },
  // tls.end() after the peer's end under STARTTLS: Bun closes raw, then tls, inside the call;
  // bunsock's raw half closes once node:tls has handed it the close_notify, after the call.
  'upgrade-tls-end-after-peer-end': {
    doc: 'docs/compat.md#tlsend-after-the-peers-end-under-starttls',
    when: () => true,
    expect(bun) {
      const out = structuredClone(bun);
      for (const entries of Object.values(out.trace)) {
        const i = entries.findIndex((e) => e[0] === 'raw close');
        const [rawClose] = entries.splice(i, 1);
        for (const e of entries.slice(i)) e[e.length - 2] = 1;
        entries.push(rawClose);
      }
      return out;
    },
  },
  // A reset right behind data reads as a FIN (`end`, then `close` without error) on TLS, and on
  // the node transport for plain TCP too: libuv reports EOF there without reading the reset.
  // Node 24's libuv reads on (both transports match Bun); Deno's handles do for plain TCP.
  'reset-after-data': {
    doc: 'docs/compat.md#a-reset-right-behind-data',
    when: () => isDeno() || nodeMajor() < 24,
    expect(bun) {
      const out = structuredClone(bun);
      const asFin = [['data', 'y'], ['end'], ['close', UNDEF]];
      out.trace.tls = asFin;
      if (process.env.BUNSOCK_TRANSPORT === 'node' && !isDeno()) out.trace.plain = asFin;
      return out;
    },
  },
  'tls-close-terminate': {
    doc: 'docs/compat.md#terminate-inside-the-handshake-callback',
    when: () => true,
    expect: (bun) =>
      editEntries(bun, 'terminate server', (e) => (e[0] === 'close' ? [['end', 1], ['close', -1, UNDEF]] : undefined)),
  },
  'tls-members-failed-handshake': {
    doc: 'docs/compat.md#tls-getters-after-a-failed-server-handshake',
    when: () => true,
    expect(bun) {
      const out = editEntries(bun, ' server', (e) => {
        if (e[0] !== 'handshake' || e[1] !== false) return undefined;
        const g = { ...e[2], getCipher: { name: null, standardName: null, version: null }, getTLSVersion: 'TLSv1.2' };
        g.getSession = UNDEF;
        g.exportKeyingMaterial = NO_HANDSHAKE_THROW;
        if (g.getAuthorizationError?.code === 'EPROTO') {
          g.getCertificate = UNDEF;
          g.getX509Certificate = UNDEF;
          g.getServername = UNDEF;
        }
        return [[e[0], e[1], g]];
      });
      return editEntries(out, 'client cert missing client', (e) =>
        e[0] === 'close' ? [['close', { ...e[1], authorized: true, getAuthorizationError: null }]] : undefined,
      );
    },
  },
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
