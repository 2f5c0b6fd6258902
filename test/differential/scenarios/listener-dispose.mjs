// listener[Symbol.dispose]() behaves like stop(true) and returns undefined.
import { deferred, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const cClosed = deferred();
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: recorder(trace, 'server', { open: (s) => srv.resolve(s) }) });
  await connect({ hostname: '127.0.0.1', port: listener.port, socket: recorder(trace, 'client', { close: () => cClosed.resolve() }) });
  await srv.promise;
  trace('main', 'dispose ->', listener[Symbol.dispose]());
  trace('main', 'fd', listener.fd);
  await cClosed.promise;
  const e = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } }).catch((x) => x);
  trace('main', 'connect after dispose', e);
}
