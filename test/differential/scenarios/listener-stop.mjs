// stop(): returns undefined, idempotent, new connects are refused, existing connections stay open.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { data(s, d) { s.write(d); } }),
    client: recorder(trace, 'client', { data(s, d) { if (String(d) === 'after-stop') s.end(); } }),
    async setup(c, listener) {
      trace('main', 'stop()', listener.stop(), listener.stop());
      const e = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } }).catch((x) => x);
      trace('main', 'new connect', e);
      trace('main', 'write', c.write('after-stop'));
    },
  });
}
