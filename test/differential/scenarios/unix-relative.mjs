// Unix socket with a relative path (resolved against the cwd, a temp dir);
// listener.unix stays relative; unix wins over hostname/port on connect and listen.
import { existsSync } from 'node:fs';
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const srv = deferred();
  const listener = listen({ unix: 'rel.sock', hostname: '127.0.0.1', port: 0, socket: { open: (s) => srv.resolve(s), data(s, d) { s.write(d); } } });
  trace('listener', listener.unix, listener.port, listener.hostname, existsSync('rel.sock'));
  const got = deferred();
  const c = await connect({ unix: 'rel.sock', hostname: '127.0.0.1', port: 1, socket: { data: (s, d) => got.resolve(String(d)) } });
  c.write('rel');
  trace('echo', await got.promise);
  const s = await srv.promise;
  trace('server addresses', s.localAddress, s.remoteAddress, s.remotePort);
  listener.stop(true);
  trace('after stop(true)', s.readyState, existsSync('rel.sock'));
  await new Promise((r) => setTimeout(r, 20));
  trace('client', c.readyState);
}
