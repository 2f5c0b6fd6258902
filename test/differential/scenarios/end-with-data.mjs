// end(data) inside open: writes the final chunk, closes synchronously, returns its byte count.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server'),
    client: recorder(trace, 'client', {
      open(s) {
        trace('client', 'write', s.write('first,'));
        trace('client', 'end', s.end('last-é'));
        trace('client', 'bytesWritten', s.bytesWritten, s.readyState);
      },
    }),
  });
}
