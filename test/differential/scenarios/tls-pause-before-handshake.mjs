// pause() on a TLS server socket inside `open`, before its handshake: Bun stops reading, so the
// handshake does not progress until resume() (the client's handshake waits too).
import { deferred, serverTls, trustTls } from '../lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default async function ({ connect, listen, trace }) {
  const srv = deferred(), closed = deferred(), cClosed = deferred(), cHs = deferred();
  const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: {
    open(s) { srv.resolve(s); trace('all', 'server', 'open, pause', s.pause()); },
    handshake(s, ok) { trace('all', 'server', 'handshake', ok); },
    data(s, d) { trace('all', 'server', 'data', String(d)); s.end(); },
    drain(s) { trace('all', 'server', 'drain'); },
    close(s, e) { trace('all', 'server', 'close', e); closed.resolve(); },
  } });
  const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: {
    data() {}, handshake(s, ok) { trace('all', 'client', 'handshake', ok); s.write('hi'); cHs.resolve(); }, close() { trace('all', 'client', 'close'); cClosed.resolve(); } } });
  const s = await srv.promise;
  await sleep(100);
  trace('all', 'main', 'resume', s.resume());
  await closed.promise; await cClosed.promise;
  l.stop(true);
}
