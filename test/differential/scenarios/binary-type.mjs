// binaryType variants on client and server handler tables: type of the data argument.
import { pair, kind, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const bt of [undefined, 'buffer', 'arraybuffer', 'uint8array']) {
    const label = String(bt);
    const handlers = (ch) => ({
      binaryType: bt,
      data(s, d) {
        trace(label, ch, kind(d), text(d).length > 0);
        if (ch === 'server') s.write('pong'); else s.end();
      },
      close() {},
    });
    await pair({ connect, listen }, {
      server: handlers('server'),
      client: handlers('client'),
      setup(c) { c.write('ping'); },
    });
  }
}
