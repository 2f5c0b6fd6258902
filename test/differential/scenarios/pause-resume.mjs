// pause() holds data and a FIN's end/close; resume() delivers them (data coalesced);
// each effective pause()/resume() fires one drain; repeated calls are no-ops.
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
      drain(s) { trace('server', 'drain', s.readyState); },
      end(s) { trace('server', 'end'); },
      close(s, e) { trace('server', 'close', e); closed.resolve(); },
    },
  });
  const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: { data() {} } });
  const s = await srv.promise;
  trace('server', 'pause', s.pause(), s.pause());
  await sleep(30);
  c.write('p1');
  await sleep(30);
  c.write('p2');
  await sleep(30);
  c.end();
  await sleep(100);
  trace('server', 'resume', s.readyState, s.resume(), s.resume());
  await closed.promise;
  listener.stop();
}
