// shutdown() / shutdown(true) called in a TLS socket's `open`, i.e. before its handshake completed,
// on the client or on the server side. The other side ends 50 ms after its own handshake report.
// shutdown(true) fails the handshake (ECONNRESET) on either side; shutdown() makes a failed
// handshake report no error (a client's, made before its handshake starts, means none starts).
import { deferred, serverTls, trustTls, tlsRecorder, attempt } from '../lib.mjs';
const CALLS = {
  shutdown: (s) => s.shutdown(),
  'shutdown(true)': (s) => s.shutdown(true),
};
export default async function ({ connect, listen, trace }) {
  for (const [name, call] of Object.entries(CALLS)) {
    for (const side of ['client', 'server']) {
      const ch = `${side} ${name}`;
      const sd = deferred(), cd = deferred();
      const mk = (me, d) => tlsRecorder(trace, `${ch}: ${me}`, {
        open(s) { if (me === side) trace(ch, 'call', ...attempt(() => call(s)), s.readyState); },
        handshake(s) { if (me !== side) setTimeout(() => s.end(), 50); },
        close: () => d.resolve(),
      });
      const l = listen({ hostname: '127.0.0.1', port: 0, tls: serverTls(), socket: mk('server', sd) });
      await connect({ hostname: '127.0.0.1', port: l.port, tls: trustTls({ serverName: 'localhost' }), socket: mk('client', cd) });
      await Promise.all([sd.promise, cd.promise]);
      l.stop(true);
    }
  }
}
