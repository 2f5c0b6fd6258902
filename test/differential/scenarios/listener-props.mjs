// SocketListener members: port/hostname/unix/data/fd types, toString tag, getsockname,
// values after stop(); socket.listener on server and client sockets.
import { deferred, attempt } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { open: (s) => srv.resolve(s), data() {} } });
  const l = listener;
  trace('members', typeof l.port, l.port > 0, l.hostname, l.unix, l.data, typeof l.fd);
  trace('shape', Object.prototype.toString.call(l), Object.keys(l), typeof l.stop, typeof l.reload, typeof l.ref, typeof l.unref, typeof l[Symbol.dispose], typeof l[Symbol.asyncDispose]);
  const name = {};
  trace('getsockname', l.getsockname(name), name.family, name.address, name.port === l.port);
  trace('getsockname()', ...attempt(() => l.getsockname()));
  const c = await connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
  const s = await srv.promise;
  trace('socket.listener', s.listener === l, c.listener);
  const closed = deferred();
  s.reload({ socket: { data() {}, close: () => closed.resolve() } });
  c.end();
  await closed.promise;
  trace('after close', s.listener);
  const port = l.port;
  trace('stop()', l.stop(), l.stop());
  trace('after stop', l.port === port, l.hostname, l.fd);
}
