// write(data, byteOffset, byteLength): offsets are bytes (also for strings and
// typed arrays wider than a byte); undefined offset; default length = full length.
import { byteSink, pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: byteSink(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        const u8 = new Uint8Array([0x30, 0x31, 0x32, 0x33, 0x34, 0x35]);
        const ab = u8.slice().buffer;
        const cases = [
          ['u8,1,2', () => s.write(u8, 1, 2)],
          ['u8,undefined,3', () => s.write(u8, undefined, 3)],
          ['u8,0', () => s.write(u8, 0)],
          ['u8,6,0', () => s.write(u8, 6, 0)],
          ['u8.sub(1),1,2', () => s.write(u8.subarray(1), 1, 2)],
          ['ab,2,2', () => s.write(ab, 2, 2)],
          ['str abcdef,1,2', () => s.write('abcdef', 1, 2)],
          ['str éabc,1,2', () => s.write('éabc', 1, 2)],
          ['u16,1,2', () => s.write(new Uint16Array([0x4142, 0x4344]), 1, 2)],
          ['dv,1,1', () => s.write(new DataView(ab, 2, 3), 1, 1)],
          ['u8,0,0', () => s.write(u8, 0, 0)],
        ];
        for (const [k, f] of cases) trace('client', k, f());
        s.end();
      },
    }),
  });
}
