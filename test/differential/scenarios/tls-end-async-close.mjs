// end() on a TLS socket returns 0 and readyState is -1 at once, but close fires later,
// after the peer closed in turn (peer: end, close; then local close). A second end() / write()
// return -1 meanwhile. Spec §5 "Order of events", §6.1.
import { pair, fixture } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const t = (...v) => trace('order', ...v);
  await pair({ connect, listen }, {
    listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
    server: {
      handshake() {},
      data() {},
      end(s) { t('server end', s.readyState); },
      close(s, e) { t('server close', s.readyState, e); },
    },
    client: {
      handshake(s) {
        t('client end() ->', s.end());
        t('client after end()', s.readyState, s.write('x'), s.end(), s.authorized);
      },
      data() {},
      end(s) { t('client end', s.readyState); },
      close(s, e) { t('client close', s.readyState, e); },
    },
  });
}
