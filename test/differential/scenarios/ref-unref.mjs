// ref()/unref() return values on sockets and listeners (open, closed, stopped).
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => srv.resolve(s), data() {} } });
  trace('listener', listener.unref(), listener.ref());
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s = await srv.promise;
  trace('client', c.unref(), c.ref(), c.unref(), c.ref());
  trace('server', s.unref(), s.ref());
  const closed = deferred();
  s.reload({ socket: { data() {}, close: () => closed.resolve() } });
  c.end();
  await closed.promise;
  trace('closed', c.ref(), c.unref(), s.ref(), s.unref());
  listener.stop();
  trace('stopped listener', listener.ref(), listener.unref());
}
