// Default binaryType: a Buffer with its own backing store; each event gets a fresh buffer.
import { pair } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const held = [];
  await pair({ connect, listen }, {
    server: {
      data(s, d) {
        trace('server', Buffer.isBuffer(d), d.byteOffset, d.buffer.byteLength === d.length);
        held.push(d);
        if (held.length === 1) s.write('next'); else s.end();
      },
    },
    client: { data(s) { s.write('second'); } },
    setup(c) { c.write('first'); },
  });
  trace('held', held.map(String));
}
