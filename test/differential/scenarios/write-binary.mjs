// write() of every binary view: returns byte counts; the peer receives the raw bytes.
import { byteSink, pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: byteSink(trace, 'server', { traceClose: true }),
    client: recorder(trace, 'client', {
      open(s) {
        const u8 = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
        const ab = new ArrayBuffer(4); new Uint8Array(ab).set([0xa0, 0xa1, 0xa2, 0xa3]);
        const sab = new SharedArrayBuffer(2); new Uint8Array(sab).set([0xb0, 0xb1]);
        const inputs = {
          buffer: Buffer.from([0x10, 0x11]),
          arrayBuffer: ab,
          sharedArrayBuffer: sab,
          uint8: u8,
          uint8Subarray: u8.subarray(2, 5),
          uint16: new Uint16Array([0x0102, 0x0304]),
          uint16Sub: new Uint16Array([1, 2, 3, 4]).subarray(1, 3),
          dataView: new DataView(ab, 1, 2),
          float64: new Float64Array([1.5]),
          emptyU8: new Uint8Array(0),
        };
        for (const [k, v] of Object.entries(inputs)) trace('client', 'write', k, s.write(v));
        s.end();
      },
    }),
  });
}
