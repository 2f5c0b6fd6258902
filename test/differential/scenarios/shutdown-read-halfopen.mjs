// shutdown(true) with local allowHalfOpen: local end -> drain, stays open and can write;
// the peer gets no end and keeps receiving writes; local end() closes.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    connectOpts: { allowHalfOpen: true },
    server: recorder(trace, 'server', {
      data(s, d) { if (String(d).includes('w2')) s.write('to-client'); },
    }),
    client: recorder(trace, 'client', {
      open(s) { trace('client', 'shutdown(true)', s.shutdown(true), s.readyState); },
      drain(s) {
        trace('client', 'write', s.write('w1'), s.readyState);
        setTimeout(() => {
          trace('client', 'write', s.write('w2'));
          setTimeout(() => trace('client', 'end()', s.end()), 50);
        }, 20);
      },
    }),
  });
}
