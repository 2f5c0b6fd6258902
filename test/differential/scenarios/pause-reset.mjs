// A peer reset is not held by pause(): held data then close(ECONNRESET) arrive while paused.
import { deferred } from '../lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const closed = deferred();
  const listener = listen({
    hostname: '127.0.0.1', port: 0,
    socket: {
      open: (s) => srv.resolve(s),
      data(s, d) { trace('server', 'chunk', String(d)); },
      end() { trace('server', 'end'); },
      close(s, e) { trace('server', 'close', e); closed.resolve(); },
    },
  });
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s = await srv.promise;
  s.pause();
  await sleep(30);
  c.write('held');
  await sleep(50);
  c.terminate();
  await closed.promise;
  trace('server', 'closed while paused', s.readyState);
  listener.stop();
}
