// The peer goes away while the TLS handshake is under way. A reset (the peer's terminate())
// is only a socket error: `close(ECONNRESET)`, with no `handshake` and, without a handshake
// handler, no `open`. A FIN (the peer's end()) fails the handshake: handshake(false,
// ECONNRESET) or `open`, then close. Both sides: a TLS client whose plain server leaves after
// the ClientHello, and a TLS listener whose plain client leaves after connecting.
import { deferred, fixture, tlsRecorder, authErr } from '../lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function ({ connect, listen, trace }) {
  for (const leave of ['terminate', 'end']) {
    for (const withHandshake of [true, false]) {
      const name = `peer ${leave}s${withHandshake ? '' : ', no handshake handler'}`;
      const closed = deferred();
      const extra = {
        handshake: withHandshake ? undefined : null,
        close: (s) => {
          trace(`client, ${name}`, 'in close: authorized, authorizationError', s.authorized, authErr(s.getAuthorizationError()));
          closed.resolve();
        },
      };
      // The plain server leaves once the ClientHello is in.
      const l = listen({ hostname: '127.0.0.1', port: 0, socket: { data(s) { setTimeout(() => s[leave](), 20); } } });
      await connect({ hostname: '127.0.0.1', port: l.port, tls: true, socket: tlsRecorder(trace, `client, ${name}`, extra) });
      await closed.promise;
      l.stop(true);
    }
    // Server side (with a handshake handler, so open comes first): the plain client leaves after connecting.
    const ch = `server, peer ${leave}s`;
    const closed = deferred();
    const l = listen({
      hostname: '127.0.0.1', port: 0, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') },
      socket: tlsRecorder(trace, ch, { close: () => closed.resolve() }),
    });
    const peer = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {}, close() {} } });
    await sleep(30);
    peer[leave]();
    await closed.promise;
    l.stop(true);
  }
}
