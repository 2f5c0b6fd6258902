// end(): close handler runs inside end(), returns 0, readyState -1 afterwards;
// write/end/close after that; write/end inside close return -1.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      close(s) { trace('client', 'in close: write/end', s.write('x'), s.end()); },
    }),
    setup(c) {
      trace('client', 'calling end');
      trace('client', 'end() ->', c.end());
      trace('client', 'after', c.readyState, c.write('x'), c.end(), c.end('more'), c.close(), c.shutdown(), c.terminate());
    },
  });
}
