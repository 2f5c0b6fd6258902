// write()/end() argument errors (class + code); the socket stays usable; no-op inputs return 0.
import { pair, recorder, attempt } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        const u8 = new Uint8Array(8);
        const cases = {
          number: () => s.write(42),
          boolean: () => s.write(true),
          null: () => s.write(null),
          object: () => s.write({}),
          array: () => s.write([1, 2]),
          undefined: () => s.write(undefined),
          noArg: () => s.write(),
          emptyString: () => s.write(''),
          'u8,2': () => s.write(u8, 2),
          'str,2': () => s.write('abcdef', 2),
          'u8,20,1': () => s.write(u8, 20, 1),
          'u8,-1,1': () => s.write(u8, -1, 1),
          'u8,0,-1': () => s.write(u8, 0, -1),
          'u8,4,5': () => s.write(u8, 4, 5),
          'u8,NaN,1': () => s.write(u8, NaN, 1),
          'u8,1.5,1': () => s.write(u8, 1.5, 1),
          "u8,'2',2": () => s.write(u8, '2', 2),
          'end(42)': () => s.end(42),
          'end(u8,2)': () => s.end(u8, 2),
        };
        for (const [k, f] of Object.entries(cases)) trace('client', k, ...attempt(f));
        trace('client', 'still open', s.readyState, s.write('ok'));
        s.end();
      },
    }),
  });
}
