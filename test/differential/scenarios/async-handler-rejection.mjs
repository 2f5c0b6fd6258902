// An async handler that rejects: unhandledRejection, the error handler is not called,
// the socket stays open.
import { pair } from '../lib.mjs';

export const options = { rejections: true };

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: {
      async data(s, d) { trace('server', 'data', String(d)); if (String(d) !== 'x') return; const e = new Error('async'); e.code = 'E_ASYNC'; throw e; },
      error(s, e) { trace('server', 'error (unexpected)', e); },
      close(s, e) { trace('server', 'close', e); },
    },
    client: { data() {} },
    async setup(c) {
      c.write('x');
      await new Promise((r) => setTimeout(r, 50));
      trace('client', 'still open', c.readyState, c.write('y'));
      await new Promise((r) => setTimeout(r, 20));
      c.end();
    },
  });
}
