// shutdown(): FIN only; no local event, readyState stays 1, write() -> -1;
// the peer (no allowHalfOpen) sees end -> close; the local side then gets close without end.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        trace('client', 'write', s.write('abc'));
        trace('client', 'shutdown()', s.shutdown());
        trace('client', 'after', s.readyState, s.write('x'));
      },
    }),
  });
}
