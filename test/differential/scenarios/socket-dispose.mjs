// socket[Symbol.dispose]() calls end(): returns 0, closes synchronously; again -> -1.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client'),
    setup(c) {
      trace('client', 'typeof', typeof c[Symbol.dispose]);
      trace('client', 'dispose ->', c[Symbol.dispose]());
      trace('client', 'again', c[Symbol.dispose](), c.readyState);
    },
  });
}
