// IPv6 loopback: listen on ::1, connect to ::1 and to '[::1]'; addresses and families.
import { deferred } from '../lib.mjs';

const addr = (s) => [s.localAddress, s.localFamily, typeof s.localPort, s.remoteAddress, s.remoteFamily, typeof s.remotePort];

export default async function ({ connect, listen, trace }) {
  let srv = deferred();
  const listener = listen({ hostname: '::1', port: 0, socket: { open: (s) => srv.resolve(s), data(s, d) { s.write(d); } } });
  trace('listener', listener.hostname, typeof listener.port);
  for (const hostname of ['::1', '[::1]']) {
    const got = deferred();
    const closed = deferred();
    const c = await connect({ hostname, port: listener.port, socket: { data: (s, d) => got.resolve(String(d)), close: () => closed.resolve() } });
    const s = await srv.promise;
    srv = deferred();
    c.write('v6');
    trace(hostname, 'echo', await got.promise, addr(c), addr(s));
    c.end();
    await closed.promise;
  }
  const refused = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } }).catch((e) => e);
  trace('ipv4 client to ::1 listener', refused);
  listener.stop(true);
}
