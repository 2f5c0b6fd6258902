// listener.stop() / stop(true) and listener.reload() while an accepted TLS socket is mid-handshake:
// which events each side sees; reloaded handlers without `handshake` get `open` when it ends.
import { deferred, serverTls, trustTls, tlsRecorder } from '../lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default async function ({ connect, listen, trace }) {
  // stop(true) while a TLS server socket's handshake is in progress (client is plain, sends nothing)
  for (const force of [true, false]) {
    const ch = `stop(${force})`;
    const sd = deferred(), cd = deferred(), opened = deferred();
    const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: tlsRecorder(trace, ch + ' server', { open: (s) => opened.resolve(s), close: () => sd.resolve() }) });
    const c = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, end(s) { trace(ch + ' peer', 'end'); }, close(s, e) { trace(ch + ' peer', 'close', e); cd.resolve(); } } });
    const s = await opened.promise;
    trace(ch, 'stop ->', l.stop(force), s.readyState);
    await sleep(50);
    trace(ch, 'after', s.readyState);
    if (!force) { c.end(); }
    await cd.promise; await sd.promise;
  }
  // stop(true) while the TLS client's handshake is in progress on a TLS server (client side sees?)
  {
    const ch = 'tls both stop(true) in server open';
    const sd = deferred(), cd = deferred();
    let l;
    l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: tlsRecorder(trace, ch + ' server', { open: () => { trace(ch, 'stop', l.stop(true)); }, close: () => sd.resolve() }) });
    const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: tlsRecorder(trace, ch + ' client', { close: () => cd.resolve() }) });
    await cd.promise; await sd.promise;
  }
  // listener.reload while a TLS handshake is pending: new handlers (with and without handshake)
  for (const withHs of [true, false]) {
    const ch = `listener.reload withHs=${withHs}`;
    const sd = deferred(), cd = deferred(), opened = deferred();
    const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: tlsRecorder(trace, ch + ' OLD', { open: (s) => opened.resolve(s), close: () => sd.resolve() }) });
    const c = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, close: () => cd.resolve() } });
    await opened.promise;
    trace(ch, 'reload', l.reload({ socket: tlsRecorder(trace, ch + ' NEW', { handshake: withHs ? undefined : null, close: () => sd.resolve() }) }));
    // now do a real TLS handshake over a second client
    const c2d = deferred();
    const c2 = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: { data() {}, handshake(s) { s.end(); }, close: () => c2d.resolve() } });
    await c2d.promise;
    c.end();
    await cd.promise; await sd.promise;
    l.stop(true);
  }
}
