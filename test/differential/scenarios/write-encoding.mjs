// A string second argument to write() is an encoding; ignored for binary data;
// unknown encodings do not throw.
import { byteSink, pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: byteSink(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        trace('client', 'hex', s.write('414243', 'hex'));
        trace('client', 'base64', s.write('QUJD', 'base64'));
        trace('client', 'latin1', s.write('é', 'latin1'));
        trace('client', 'utf8', s.write('é', 'utf8'));
        trace('client', 'bogus', s.write('abc', 'bogus'));
        trace('client', 'u8+hex', s.write(new Uint8Array([0x7a]), 'hex'));
        s.end();
      },
    }),
  });
}
