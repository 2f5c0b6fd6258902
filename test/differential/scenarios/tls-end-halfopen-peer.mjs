// end() on TLS with an allowHalfOpen peer: the local socket (readyState -1) lingers; the peer
// gets end and stays open, can still write, that data reaches the local data handler, and the
// local close follows the peer's end(). Spec §5 "Order of events".
import { pair, fixture, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const t = (...v) => trace('order', ...v);
  const states = new Set();
  await pair({ connect, listen }, {
    listenOpts: { allowHalfOpen: true, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
    server: {
      handshake() {},
      data() {},
      end(s) {
        t('server end', s.readyState, s.write('late reply'));
        // later, so that the client has seen the reply arrive while half-open
        setTimeout(() => t('server end() ->', s.end('bye')), 20);
      },
      close(s, e) { t('server close', s.readyState, e); },
    },
    client: {
      handshake(s) { t('client end() ->', s.end(), s.readyState); },
      data(s, d) { trace('client', 'data', text(d)); states.add(s.readyState); },
      end(s) { t('client end', s.readyState); },
      close(s, e) { t('client close', s.readyState, e); trace('client', 'readyState in data', [...states]); },
    },
  });
}
