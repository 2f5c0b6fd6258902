// Back-pressure on TLS against a paused reader: a 16 MiB write is accepted in part
// (0 < n < size), a second write in the same tick is not accepted whole, bytesWritten is the
// sum of the returns (plaintext), drain fires once, and the reader receives exactly the
// accepted plaintext bytes. Spec §5 "Order of events" (back-pressure as TCP, §4).
import { deferred, serverTls, trustTls } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const SIZE = 16 * 1024 * 1024;
  const srv = deferred();
  const received = deferred();
  const ready = deferred();
  let got = 0;
  const listener = listen({
    hostname: '127.0.0.1', port: 0, tls: serverTls(),
    socket: {
      handshake(s) { s.pause(); srv.resolve(s); },
      data(s, d) { got += d.byteLength; },
      close() { received.resolve(); },
    },
  });
  let drains = 0;
  let drained = deferred();
  const c = await connect({
    hostname: 'localhost', port: listener.port, tls: trustTls(),
    socket: {
      handshake() { ready.resolve(); },
      data() {},
      drain() { drains++; drained.resolve(); },
    },
  });
  await ready.promise;
  const s = await srv.promise;
  await drained.promise; // the drain that follows the handshake (tls-order-handshake-handler)
  drains = 0;
  drained = deferred();
  const big = new Uint8Array(SIZE).fill(7);
  const first = c.write(big);
  const second = c.write(big);
  let sum = first + second;
  trace('first write', typeof first, first > 0, first < SIZE);
  trace('second write in same tick', second >= 0, second < SIZE);
  trace('bytesWritten is plaintext sum', c.bytesWritten === sum);
  s.resume();
  await drained.promise;
  await new Promise((r) => setTimeout(r, 100));
  trace('drain count', drains);
  const tail = c.write('tail');
  sum += tail;
  trace('write after drain', tail);
  trace('end', c.end());
  await received.promise;
  trace('received === sum of returns', got === sum);
  listener.stop();
}
