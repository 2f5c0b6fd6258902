// Client end() towards an allowHalfOpen server: server end -> drain, stays open;
// its write() returns the full length, then it gets close(EPIPE).
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    listenOpts: { allowHalfOpen: true },
    server: recorder(trace, 'server', {
      drain(s) { setTimeout(() => trace('server', 'write', s.readyState, s.write('after-fin')), 20); },
    }),
    client: recorder(trace, 'client', { open(s) { trace('client', 'end', s.end('x')); } }),
  });
}
