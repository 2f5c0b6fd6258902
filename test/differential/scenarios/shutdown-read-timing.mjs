// shutdown(true) reports the local `end` (then `close`) as Bun's poll does: not inside the
// call, not in a microtask, after the immediates queued in the same turn, before those they queue.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        setTimeout(() => {
          s.shutdown(true);
          trace('client', 'shutdown(true) returned', s.readyState);
          queueMicrotask(() => trace('client', 'microtask', s.readyState));
          setImmediate(() => {
            trace('client', 'immediate queued after the call', s.readyState);
            setImmediate(() => trace('client', 'immediate queued by that one', s.readyState));
          });
        }, 20);
      },
    }),
  });
}
