// A throw in open (client and server): error(rs 1) -> close(undefined);
// the connect promise still resolves (readyState -1).
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const side of ['client', 'server']) {
    const closed = { client: deferred(), server: deferred() };
    const h = (ch) => ({
      open(s) { trace(side, ch, 'open', s.readyState); if (ch === side) { const e = new Error('o'); e.code = 'E_OPEN'; throw e; } },
      data() {},
      end(s) { trace(side, ch, 'end', s.readyState); },
      error(s, e) { trace(side, ch, 'error', s.readyState, e); },
      close(s, e) { trace(side, ch, 'close', s.readyState, e); closed[ch].resolve(); },
    });
    const listener = listen({ hostname: '127.0.0.1', port: 0, socket: h('server') });
    const c = await connect({ hostname: '127.0.0.1', port: listener.port, socket: h('client') }).then((x) => x, (e) => e);
    trace(`${side} promise`, c.readyState);
    if (side === 'server') c.end();
    await Promise.all([closed.client.promise, closed.server.promise]);
    listener.stop();
  }
}
