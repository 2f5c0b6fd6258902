// listener.reload({socket}) swaps handlers for existing and future sockets; validation errors.
import { deferred, attempt } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: { open: (s) => srv.resolve(s), data(s, d) { trace('old', 'data', String(d)); s.write('old'); } },
  });
  const replies = [];
  let got = deferred();
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data(s, d) { got.resolve(String(d)); } } });
  await srv.promise;
  c.write('1');
  trace('reply', await got.promise);
  const bad = {
    noArg: () => listener.reload(),
    undefined: () => listener.reload(undefined),
    null: () => listener.reload(null),
    number: () => listener.reload(5),
    empty: () => listener.reload({}),
    socket5: () => listener.reload({ socket: 5 }),
    noData: () => listener.reload({ socket: { open() {} } }),
    dataNotFn: () => listener.reload({ socket: { data: 5 } }),
    badBinaryType: () => listener.reload({ socket: { data() {}, binaryType: 'blob' } }),
  };
  for (const [k, f] of Object.entries(bad)) trace('reload', k, ...attempt(f));
  const newOpen = deferred();
  const sClosed = deferred();
  trace('reload ok', listener.reload({
    socket: {
      open(s) { trace('new', 'open'); newOpen.resolve(s); },
      data(s, d) { trace('new', 'data', String(d)); s.write('new'); },
      close(s, e) { trace('new', 'close', e); sClosed.resolve(); },
    },
  }));
  got = deferred();
  c.write('2');
  trace('reply', await got.promise);
  got = deferred();
  const c2 = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data(s, d) { got.resolve(String(d)); } } });
  await newOpen.promise;
  c2.write('3');
  trace('reply', await got.promise);
  c.end();
  c2.end();
  await sClosed.promise;
  listener.stop(true);
}
