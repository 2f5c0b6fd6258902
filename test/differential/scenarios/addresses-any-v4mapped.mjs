// Listening on '::' accepts IPv4 clients; the server side sees v4-mapped addresses.
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const listener = listen({ hostname: '::', port: 0, socket: { open: (s) => srv.resolve(s), data() {} } });
  trace('listener', listener.hostname);
  const sClosed = deferred();
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s = await srv.promise;
  s.reload({ socket: { data() {}, close: () => sClosed.resolve() } });
  trace('client', c.localAddress, c.localFamily, c.remoteAddress, c.remoteFamily);
  trace('server', s.localAddress, s.localFamily, s.remoteAddress, s.remoteFamily);
  c.end();
  await sClosed.promise;
  listener.stop();
}
