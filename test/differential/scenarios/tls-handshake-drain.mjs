// The drain Bun fires after a TLS handshake: at the next poll, after the callback's microtasks
// and before the immediates it queued; a shutdown() made in the callback or its microtasks
// cancels it, a later one does not. Client and server, with and without a handshake handler
// (without one, `open` is the handshake's end).
import { deferred, serverTls, trustTls, tlsRecorder, attempt } from '../lib.mjs';

const CASES = {
  'client, in handshake': { side: 'client', at: 'handshake', sched: (f) => f() },
  'client, microtask after handshake': { side: 'client', at: 'handshake', sched: (f) => queueMicrotask(f) },
  'client, immediate after handshake': { side: 'client', at: 'handshake', sched: (f) => setImmediate(f) },
  'client, 30 ms after handshake': { side: 'client', at: 'handshake', sched: (f) => setTimeout(f, 30) },
  'client, in open (no handshake handler)': { side: 'client', at: 'open', sched: (f) => f() },
  'client, immediate after open (no handshake handler)': { side: 'client', at: 'open', sched: (f) => setImmediate(f) },
  'server, in handshake': { side: 'server', at: 'handshake', sched: (f) => f() },
  'server, in open (no handshake handler)': { side: 'server', at: 'open', sched: (f) => f() },
};

export default async function ({ connect, listen, trace }) {
  for (const [ch, c] of Object.entries(CASES)) {
    const sd = deferred(), cd = deferred();
    const mk = (me, d) => {
      const h = { close: () => d.resolve() };
      if (me === c.side) {
        h[c.at] = (s) => c.sched(() => trace(ch, 'shutdown()', ...attempt(() => s.shutdown()), s.readyState));
        if (c.at === 'open') h.handshake = null;
      } else h.handshake = () => {};
      const r = tlsRecorder(trace, `${ch}: ${me}`, h);
      if (h.handshake === null) delete r.handshake;
      return r;
    };
    const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: mk('server', sd) });
    await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: mk('client', cd) });
    await Promise.all([sd.promise, cd.promise]);
    l.stop(true);
  }
  // Where the drain falls among what the handshake callback queued.
  const sd = deferred(), cd = deferred();
  const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: { handshake() {}, data() {}, close: () => sd.resolve() } });
  const t = (...v) => trace('order', ...v);
  await connect({
    hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }),
    socket: {
      handshake(s) {
        t('handshake');
        setImmediate(() => t('immediate'));
        setTimeout(() => t('timeout 0'), 0);
        queueMicrotask(() => t('microtask'));
        setTimeout(() => s.end(), 30);
      },
      drain: () => t('drain'),
      close: () => cd.resolve(),
    },
  });
  await Promise.all([sd.promise, cd.promise]);
  l.stop(true);
}
