// Without an error handler a handler exception is an uncaught exception; the socket stays open.
import { pair } from '../lib.mjs';

export const options = { uncaught: true };

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: {
      data(s, d) { trace('server', 'data', String(d), s.readyState); const e = new TypeError('x'); e.code = 'E_SERVER_DATA'; throw e; },
      end(s) { trace('server', 'end', s.readyState); },
      close(s, e) { trace('server', 'close', s.readyState, e); },
    },
    client: {
      data(s, d) { trace('client', 'data', String(d)); },
      close(s, e) { trace('client', 'close', s.readyState, e); },
    },
    async setup(c) {
      c.write('go');
      await new Promise((r) => setTimeout(r, 50));
      trace('client', 'still open', c.readyState);
      c.end();
    },
  });
}
