// local/remote address/family/port on both sides over IPv4; values after close; fd.
import { deferred } from '../lib.mjs';

const addr = (s) => ({
  localAddress: s.localAddress, localFamily: s.localFamily, localPort: typeof s.localPort,
  remoteAddress: s.remoteAddress, remoteFamily: s.remoteFamily, remotePort: typeof s.remotePort,
  fd: typeof s.fd, negFd: s.fd === -1,
});

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const sClosed = deferred();
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => srv.resolve(s), data() {}, close: () => sClosed.resolve() } });
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s = await srv.promise;
  trace('client', addr(c));
  trace('server', addr(s));
  trace('ports match', c.localPort === s.remotePort, c.remotePort === s.localPort, c.remotePort === listener.port);
  c.end();
  await sClosed.promise;
  trace('client closed', addr(c));
  trace('server closed', addr(s));
  listener.stop();
}
