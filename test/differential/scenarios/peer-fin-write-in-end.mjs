// Server (no allowHalfOpen) gets FIN from a shutdown() client and writes in its
// end handler; the data is delivered before the close.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { end(s) { trace('server', 'write in end', s.write('reply')); } }),
    client: recorder(trace, 'client', { open(s) { s.write('req'); s.shutdown(); } }),
  });
}
