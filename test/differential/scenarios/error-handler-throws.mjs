// If the error handler itself throws, that exception is reported as uncaught
// (like having no error handler); the socket stays open after a data throw.
import { pair } from '../lib.mjs';

export const options = { uncaught: true };

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: {
      data(s, d) { trace('server', 'data', String(d)); const e = new Error('d'); e.code = 'E_DATA'; throw e; },
      error(s, e) { trace('server', 'error', s.readyState, e); const x = new Error('h'); x.code = 'E_HANDLER'; throw x; },
      close(s, e) { trace('server', 'close', s.readyState, e); },
    },
    client: { data() {} },
    async setup(c) {
      c.write('x');
      await new Promise((r) => setTimeout(r, 50));
      trace('client', 'open', c.readyState);
      c.end();
    },
  });
}
