// socket.reload({socket}) swaps a client socket's handlers and binaryType; validation errors.
import { deferred, attempt, kind } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { s.write(d); } } });
  let got = deferred();
  const c = await connect({
    hostname: '127.0.0.1', port: listener.port,
    socket: { data(s, d) { trace('old', 'data', kind(d)); got.resolve(); } },
  });
  c.write('a');
  await got.promise;
  const bad = {
    noArg: () => c.reload(),
    null: () => c.reload(null),
    number: () => c.reload(5),
    empty: () => c.reload({}),
    socket5: () => c.reload({ socket: 5 }),
    noData: () => c.reload({ socket: { close() {} } }),
    closeNotFn: () => c.reload({ socket: { data() {}, close: 'x' } }),
  };
  for (const [k, f] of Object.entries(bad)) trace('reload', k, ...attempt(f));
  const closed = deferred();
  got = deferred();
  trace('reload ok', c.reload({
    socket: {
      binaryType: 'arraybuffer',
      data(s, d) { trace('new', 'data', kind(d)); got.resolve(); },
      close(s, e) { trace('new', 'close', s.readyState, e); closed.resolve(); },
    },
  }));
  c.write('b');
  await got.promise;
  c.end();
  await closed.promise;
  trace('reload after close', ...attempt(() => c.reload({ socket: { data() {} } })));
  listener.stop(true);
}
