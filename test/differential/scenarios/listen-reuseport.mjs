// reusePort: two reusePort listeners share a port; a plain listener cannot join them.
// Known difference on runtimes without SO_REUSEPORT in their bindings (known-differences.mjs).
const ok = { data() {} };

export default async function ({ listen, trace }) {
  const tryListen = (label, o) => {
    try {
      const l = listen({ socket: ok, ...o });
      trace(label, 'listening');
      return l;
    } catch (e) {
      trace(label, 'throws', e);
      return null;
    }
  };
  const r1 = tryListen('reusePort 1', { hostname: '127.0.0.1', port: 0, reusePort: true });
  const r2 = tryListen('reusePort 2', { hostname: '127.0.0.1', port: r1.port, reusePort: true });
  tryListen('plain vs reusePort holders', { hostname: '127.0.0.1', port: r1.port });
  r1?.stop();
  r2?.stop();
}
