// The peer has closed completely (end() then close); our socket got its FIN and writes twice
// in a row. Bun: the first write is taken, the second returns -1 (the peer's RST came back
// during the first send on loopback). In the end handler (no allowHalfOpen) and later from a timer (allowHalfOpen).
import { deferred } from '../lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export default async function ({ connect, listen, trace }) {
  for (const halfOpen of [false, true]) {
    const ch = halfOpen ? 'allowHalfOpen, timer' : 'end handler';
    const sd = deferred(), cd = deferred();
    const l = listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { s.end('bye'); }, data() {}, close() { sd.resolve(); } } });
    await connect({ hostname: '127.0.0.1', port: l.port, allowHalfOpen: halfOpen, socket: {
      data() {},
      end(s) {
        if (!halfOpen) trace(ch, 'in end', s.write('w'), s.write('v'), s.readyState);
        else sd.promise.then(() => sleep(20)).then(() => trace(ch, 'later', s.write('w'), s.write('v'), s.readyState));
      },
      close(s, e) { trace(ch, 'close', s.readyState, s.bytesWritten, e); cd.resolve(); },
    } });
    await cd.promise; await sd.promise; l.stop(true);
  }
}
