// close() and terminate() on a TLS socket fire close synchronously, inside the call (unlike
// end()); what the peer sees for each. Spec §5 "Order of events".
import { pair, fixture } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const method of ['close', 'terminate']) {
    const c = `${method} client`;
    const s = `${method} server`;
    await pair({ connect, listen }, {
      listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
      connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
      server: {
        handshake() {},
        data() {},
        end(sock) { trace(s, 'end', sock.readyState); },
        close(sock, e) { trace(s, 'close', sock.readyState, e); },
        error(sock, e) { trace(s, 'error', e); },
      },
      client: {
        handshake(sock) {
          trace(c, `calling ${method}()`);
          trace(c, `${method}() ->`, sock[method](), sock.readyState, sock.write('x'));
        },
        data() {},
        close(sock, e) { trace(c, 'close', sock.readyState, e); },
      },
    });
  }
}
