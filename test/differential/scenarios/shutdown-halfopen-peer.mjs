// shutdown() towards an allowHalfOpen server: server gets end -> drain, stays open,
// can still write (client receives it), then the server ends.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    listenOpts: { allowHalfOpen: true },
    server: recorder(trace, 'server', {
      end(s) { setTimeout(() => { trace('server', 'write', s.readyState, s.write('late-reply')); }, 20); },
    }),
    client: recorder(trace, 'client', {
      open(s) { s.write('q'); trace('client', 'shutdown()', s.shutdown()); },
      data(s) { trace('client', 'rs', s.readyState); setTimeout(() => s.terminate(), 20); },
    }),
  });
}
