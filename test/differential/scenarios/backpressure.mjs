// Back-pressure invariants against a paused reader: the first big write returns 0 < n <= size,
// drain fires once, and the reader finally receives exactly the sum of write() returns.
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const SIZE = 16 * 1024 * 1024;
  const srv = deferred();
  const received = deferred();
  let got = 0;
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open(s) { s.pause(); srv.resolve(s); },
      data(s, d) { got += d.byteLength; },
      close() { received.resolve(); },
    },
  });
  let drains = 0;
  const drained = deferred();
  const c = await connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: { data() {}, drain() { drains++; drained.resolve(); } },
  });
  const s = await srv.promise;
  const big = new Uint8Array(SIZE).fill(7);
  const first = c.write(big);
  let sum = first;
  const second = c.write(big);
  sum += second;
  trace('first write', typeof first, first > 0, first <= SIZE, first < SIZE);
  trace('second write in same tick', second >= 0, second < SIZE);
  trace('bytesWritten', c.bytesWritten === sum);
  s.resume();
  await drained.promise;
  await new Promise((r) => setTimeout(r, 100));
  trace('drain count', drains);
  const tail = c.write('tail');
  sum += tail;
  trace('write after drain', tail);
  trace('end', c.end());
  await received.promise;
  trace('received === sum of returns', got === sum, drains);
  listener.stop();
}
