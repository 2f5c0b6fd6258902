// Empty writes on a TLS server socket in `open` (before its handshake completed).
import { deferred, serverTls, trustTls } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  const sd = deferred(), cd = deferred();
  const calls = (s) => [s.write(''), s.write(new Uint8Array(0)), s.write('abc'), s.write(''), s.bytesWritten];
  const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: { open(s) { trace('server open', ...calls(s)); }, handshake(s) { trace('server handshake', ...calls(s)); s.end(); }, data() {}, close() { sd.resolve(); } } });
  await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: { data(s, d) { trace('client data', String(d)); }, close() { cd.resolve(); } } });
  await cd.promise; await sd.promise; l.stop(true);
}
