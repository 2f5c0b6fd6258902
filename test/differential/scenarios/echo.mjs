// Three ping-pong rounds through an echo server, then the client closes.
import { pair, recorder, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  let n = 0;
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { data(s, d) { s.write(text(d).toUpperCase()); } }),
    client: recorder(trace, 'client', {
      open(s) { s.write(`ping${n}`); },
      data(s, d) {
        trace('client', 'got', text(d));
        if (++n < 3) trace('client', 'write', s.write(`ping${n}-é`));
        else trace('client', 'close()', s.close());
      },
    }),
  });
}
