// shutdown(true) on a half-open socket whose peer already sent FIN: `close` follows
// without a second `end`. Bun then still takes one end() (returning 0) before closing
// for real; bunsock returns -1 after that close (known-differences.mjs).
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  let server;
  await pair({ connect, listen }, {
    listenOpts: { allowHalfOpen: true },
    server: recorder(trace, 'server', {
      open(s) { server = s; },
      end(s) {
        setTimeout(() => {
          trace('server', 'shutdown(true)', s.shutdown(true), s.readyState);
          setTimeout(() => trace('server', 'end() after close', server.end()), 50);
        }, 20);
      },
    }),
    client: recorder(trace, 'client', {}),
    setup(c) { trace('client', 'shutdown()', c.shutdown()); },
  });
}
