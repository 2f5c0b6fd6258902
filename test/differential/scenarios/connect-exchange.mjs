// Client sends in open, server answers, client ends: both sides' event order.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { data(s) { trace('server', 'write', s.write('world')); } }),
    client: recorder(trace, 'client', {
      open(s) { trace('client', 'write', s.write('hello')); },
      data(s) { trace('client', 'end', s.end()); },
    }),
  });
}
