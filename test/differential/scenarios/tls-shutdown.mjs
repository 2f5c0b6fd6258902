// shutdown() on TLS sends close_notify: readyState stays 1 and write() returns -1; the peer
// gets end then close, then the local socket gets end then close. With an allowHalfOpen
// peer, the peer can still answer before ending. Spec §5 "Order of events".
import { pair, fixture, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const allowHalfOpen of [false, true]) {
    const t = (...v) => trace(`peer allowHalfOpen:${allowHalfOpen}`, ...v);
    await pair({ connect, listen }, {
      listenOpts: { allowHalfOpen, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
      connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
      server: {
        handshake() {},
        data() {},
        end(s) {
          t('server end', s.readyState);
          if (allowHalfOpen) t('server end(reply) ->', s.end('reply'));
        },
        close(s, e) { t('server close', s.readyState, e); },
      },
      client: {
        handshake(s) { t('client shutdown() ->', s.shutdown(), s.readyState, s.write('x')); },
        data(s, d) { t('client data', text(d), s.readyState); },
        end(s) { t('client end', s.readyState); },
        close(s, e) { t('client close', s.readyState, e); },
      },
    });
  }
}
