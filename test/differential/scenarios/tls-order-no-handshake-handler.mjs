// Event order without a handshake handler: the connect promise resolves before open, and
// open fires after the handshake (authorized true, write() works in it); the server's open
// also waits for the handshake. On a failed verification open still fires (authorized
// false, write() -1), then close. Spec §5 "Order of events".
import { pair, fixture } from '../lib.mjs';

const h = (trace, ch, extra = {}) => ({
  open(s) { trace(ch, 'open', s.readyState, s.authorized, s.write('hello')); extra.open?.(s); },
  data(s, d) { trace(ch, 'data', String(d)); extra.data?.(s); },
  close(s) { trace(ch, 'close', s.readyState); },
});

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
    server: h(trace, 'server'),
    client: h(trace, 'client', { data(s) { s.end(); } }),
    setup(c) { trace('client', 'promise resolved', c.readyState, c.authorized); },
  });
  await pair({ connect, listen }, {
    listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: true },
    server: h(trace, 'failing server'),
    client: h(trace, 'failing client'),
    setup(c) { trace('failing client', 'promise resolved', c.readyState, c.authorized); },
  });
}
