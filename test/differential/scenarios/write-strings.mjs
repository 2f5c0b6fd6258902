// write() of strings: UTF-8 byte counts (multi-byte, astral), String objects, empty.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        for (const v of ['ascii|', 'héllo|', '日本語|', '😀|', new String('obj|'), '']) {
          trace('client', 'write', s.write(v));
        }
        trace('client', 'bytesWritten', s.bytesWritten);
        s.end();
      },
    }),
  });
}
