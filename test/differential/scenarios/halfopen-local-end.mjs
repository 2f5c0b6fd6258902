// allowHalfOpen on the side that calls end() changes nothing: end() still closes synchronously.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    connectOpts: { allowHalfOpen: true },
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) { trace('client', 'end()', s.end(), s.readyState); },
    }),
  });
}
