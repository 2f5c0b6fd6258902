// write() before the handshake completes (in open, right after the promise resolves)
// returns 0 and the bytes are dropped, not queued; after the handshake write() returns the
// plaintext length and bytesWritten counts plaintext. Spec §5 "Order of events".
import { pair, fixture, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  let got = '';
  await pair({ connect, listen }, {
    listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') } },
    connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem') } },
    server: {
      handshake() {},
      data(s, d) { got += text(d); },
      close() { trace('server', 'received', got); },
    },
    client: {
      open(s) { trace('client', 'write in open', s.write('early1'), s.bytesWritten); },
      handshake(s) {
        trace('client', 'write in handshake', s.write('late'), s.write(Buffer.from('r')), s.bytesWritten);
        s.end();
      },
      data() {},
    },
    setup(c) { trace('client', 'write after resolve', c.write('early2'), c.bytesWritten); },
  });
}
