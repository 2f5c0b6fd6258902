// terminate(): synchronous close(undefined), returns undefined; the peer gets
// close(ECONNRESET) with no end and no error.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { data(s) { s.write('pong'); }, error(s, e) {} }),
    client: recorder(trace, 'client', {
      data(s) {
        trace('client', 'terminate() ->', s.terminate());
        trace('client', 'after', s.readyState, s.write('x'), s.terminate());
      },
    }),
    setup(c) { c.write('ping'); },
  });
}
