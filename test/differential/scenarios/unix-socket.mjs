// Unix socket: exchange, addresses undefined, listener.unix/port/hostname,
// the socket file is removed by stop() even while a connection stays open.
import { existsSync } from 'node:fs';
import { pair, recorder } from '../lib.mjs';

export default async function ({ connect, listen, trace, tmpPath }) {
  const path = tmpPath('u.sock');
  const listener = listen({ unix: path, socket: recorder(trace, 'server', { data(s, d) { s.write(d); } }) });
  trace('listener', listener.unix === path, listener.port, listener.hostname, existsSync(path));
  let done;
  const closed = new Promise((r) => { done = r; });
  const c = await connect({
    unix: path,
    socket: recorder(trace, 'client', {
      data(s) { s.end(); },
      close() { done(); },
    }),
  });
  const a = [c.localAddress, c.localFamily, c.localPort, c.remoteAddress, c.remoteFamily, c.remotePort];
  trace('client addresses', a);
  trace('stop()', listener.stop(), existsSync(path), c.readyState);
  trace('write after stop', c.write('still-open'));
  await closed;
}
