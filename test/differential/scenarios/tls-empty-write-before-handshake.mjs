// Empty writes on a TLS client before its handshake completed (right after connect() resolved),
// then after it completed. Bun: write('') and write(Uint8Array(0)) return -1 before, 0 after?
import { deferred, serverTls, trustTls } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  const sd = deferred(), cd = deferred(), hs = deferred();
  const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: { data() {}, close() { sd.resolve(); } } });
  const c = await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: {
    data() {}, handshake() { hs.resolve(); }, close() { cd.resolve(); } } });
  const calls = (s) => [s.write(''), s.write(new Uint8Array(0)), s.write(new ArrayBuffer(0)), s.write('abc'), s.write(''), s.bytesWritten];
  trace('before handshake', ...calls(c));
  await hs.promise;
  trace('after handshake', ...calls(c));
  trace('end', c.end(''), c.readyState);
  await cd.promise; await sd.promise; l.stop(true);
  // plain for reference
  const sd2 = deferred(), cd2 = deferred();
  const l2 = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {}, close() { sd2.resolve(); } } });
  const p = await connect({ hostname: '127.0.0.1', port: l2.port, socket: { data() {}, close() { cd2.resolve(); } } });
  trace('plain', ...calls(p), p.end(''));
  await cd2.promise; await sd2.promise; l2.stop(true);
}
