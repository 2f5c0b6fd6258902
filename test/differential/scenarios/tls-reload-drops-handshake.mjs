// A TLS socket whose handlers had `handshake` is reload()ed (before the handshake completes)
// with handlers that have none: Bun then reports the handshake completion as `open` on the new
// handlers (like a socket that never had a handshake handler). Client and server side.
import { deferred, serverTls, trustTls } from '../lib.mjs';
const rec = (trace, ch, done, extra = {}) => ({
  open(s) { trace(ch, 'open', s.readyState, s.authorized); extra.open?.(s); },
  handshake(s, ok) { trace(ch, 'handshake', ok, s.authorized); extra.handshake?.(s); },
  data(s) { trace(ch, 'data'); extra.data?.(s); },
  close(s, e) { trace(ch, 'close', e); done.resolve(); },
});
export default async function ({ connect, listen, trace }) {
  // client side
  {
    const sd = deferred(), cd = deferred();
    const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: { data() {}, close: () => sd.resolve() } });
    const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: rec(trace, 'client OLD', cd) });
    const n = rec(trace, 'client NEW', cd, { open(s) { s.end(); } });
    delete n.handshake;
    c.reload({ socket: n });
    await cd.promise; await sd.promise; l.stop(true);
  }
  // server side
  {
    const sd = deferred(), cd = deferred();
    const n = rec(trace, 'server NEW', sd, { open(s) { s.end(); } });
    delete n.handshake;
    const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: rec(trace, 'server OLD', sd, { open(s) { s.reload({ socket: n }); } }) });
    const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: { data() {}, handshake() {}, close: () => cd.resolve() } });
    await cd.promise; await sd.promise; l.stop(true);
  }
}
