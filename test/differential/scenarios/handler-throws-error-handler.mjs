// Exceptions thrown by handlers go to error(socket, err): data/drain keep the socket open,
// end closes as usual, close's error arrives after close with readyState -1.
import { pair } from '../lib.mjs';

class Boom extends Error { constructor(m) { super(m); this.name = 'Boom'; this.code = m; } }

export default async function ({ connect, listen, trace }) {
  let n = 0;
  await pair({ connect, listen }, {
    server: {
      data(s, d) { trace('server', 'data', String(d)); s.write('ack'); throw new Boom('E_DATA'); },
      end(s) { trace('server', 'end'); throw new Boom('E_END'); },
      close(s, e) { trace('server', 'close', s.readyState, e); throw new Boom('E_CLOSE'); },
      error(s, e) { trace('server', 'error', s.readyState, e); },
    },
    client: {
      data(s) { if (++n === 2) s.shutdown(); else s.write('two'); },
      close(s, e) { trace('client', 'close', e); },
    },
    setup(c) { c.write('one'); },
  });
  await new Promise((r) => setTimeout(r, 20));
}
