// close(): synchronous close(undefined), returns undefined; peer sees end -> close.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { open(s) { s.write('hi'); } }),
    client: recorder(trace, 'client', {
      data(s) {
        trace('client', 'close() ->', s.close());
        trace('client', 'after', s.readyState, s.close(), s.write('x'));
      },
    }),
  });
}
