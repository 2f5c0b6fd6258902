// write()/end() return -1 after end(), close(), terminate(), peer close and shutdown().
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const serverClosed = deferred();
  let closes = 0;
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      data(s) { s.end(); },
      close() { if (++closes === 5) serverClosed.resolve(); },
    },
  });
  const opts = { hostname: '127.0.0.1', port: listener.port };
  for (const how of ['end', 'close', 'terminate', 'shutdown']) {
    const closed = deferred();
    const c = await connect({ ...opts, socket: { data() {}, close: () => closed.resolve() } });
    c[how]();
    trace(how, c.readyState, c.write('x'), c.write(new Uint8Array(1)), c.end('x'), c.end());
    if (how === 'shutdown') c.close();
    await closed.promise;
  }
  const peerClosed = deferred();
  const c = await connect({ ...opts, socket: { data() {}, close: () => peerClosed.resolve() } });
  c.write('please close');
  await peerClosed.promise;
  trace('peer closed', c.readyState, c.write('x'), c.end('x'), c.end());
  await serverClosed.promise;
  listener.stop();
}
