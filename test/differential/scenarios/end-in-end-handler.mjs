// Client (no allowHalfOpen) gets the peer's FIN and calls end()/write() in its `end` handler.
import { deferred } from '../lib.mjs';
const CALLS = {
  "end('e')": (s) => [s.end('e')],
  'end()': (s) => [s.end()],
  "write('w'),end('e')": (s) => [s.write('w'), s.end('e')],
  "write('w'),end()": (s) => [s.write('w'), s.end()],
  "write('w'),write('v')": (s) => [s.write('w'), s.write('v')],
};
export default async function ({ connect, listen, trace }) {
  for (const [name, call] of Object.entries(CALLS)) {
    const sd = deferred(), cd = deferred();
    let got = '';
    const l = listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.end('bye'); }, data(s, d) { got += d; }, close(s, e) { trace(name, 'server got', got, e); sd.resolve(); } } });
    await connect({ hostname: '127.0.0.1', port: l.port, socket: {
      data() {},
      end(s) { trace(name, 'in end', ...call(s), s.readyState, s.bytesWritten); },
      close(s, e) { trace(name, 'close', s.readyState, s.bytesWritten, e); cd.resolve(); },
    } });
    await cd.promise; await sd.promise; l.stop(true);
  }
}
