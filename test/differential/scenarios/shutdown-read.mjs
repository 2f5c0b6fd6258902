// shutdown(true) without allowHalfOpen: local end -> close; peer end -> close.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) { trace('client', 'shutdown(true)', s.shutdown(true), s.readyState); },
    }),
  });
}
