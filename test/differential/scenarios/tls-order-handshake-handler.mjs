// Event order when a handshake handler is present: open fires at TCP connect (before the
// handshake, authorized false), the connect promise resolves after open (its reaction runs
// before microtasks queued inside open, as on TCP), then handshake, then drain, on both
// sides. Spec §5 "Order of events".
import { pair, fixture } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const h = (ch) => ({
    open(s) {
      trace(ch, 'open', s.readyState, s.authorized);
      queueMicrotask(() => trace(ch, 'microtask queued in open'));
    },
    handshake(s, ok) { trace(ch, 'handshake', ok, s.authorized); },
    drain(s) { trace(ch, 'drain', s.authorized); if (ch === 'client') s.end(); },
    data() {},
    close(s) { trace(ch, 'close'); },
  });
  await pair({ connect, listen }, {
    listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
    server: h('server'),
    client: h('client'),
    setup(c) { trace('client', 'promise resolved', c.readyState, c.authorized); },
  });
}
