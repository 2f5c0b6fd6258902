// The server side ends the connection from its data handler; client sees data, end, close.
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: recorder(trace, 'server', { data(s) { trace('server', 'end', s.end('bye')); } }),
    client: recorder(trace, 'client', { open(s) { s.write('hi'); } }),
  });
}
