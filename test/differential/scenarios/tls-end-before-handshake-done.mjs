// end(data) while the TLS handshake is still under way: Bun drops the data (the server gets
// none), keeps the socket open, fires handshake(true) when it completes and then ends the
// connection (close_notify + FIN): the server sees end then close, the client close. A relay
// in front of the TLS listener holds the ClientHello back so the handshake is still going.
import { deferred, fixture, trustTls, tlsRecorder } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const arg of ['x', '']) {
    const ch = `client end(${JSON.stringify(arg)})`;
    const sh = `server (client end(${JSON.stringify(arg)}))`;
    const done = [deferred(), deferred()];
    const tlsListener = listen({
      hostname: '127.0.0.1', port: 0, tls: { cert: fixture('server.pem'), key: fixture('server-key.pem') },
      socket: tlsRecorder(trace, sh, { handshake: null, close: () => done[0].resolve() }),
    });
    // The relay connects upstream 100 ms after it accepted, then passes bytes both ways.
    const relay = listen({
      hostname: '127.0.0.1', port: 0,
      socket: {
        open(down) {
          down.data = { held: [], up: null };
          setTimeout(async () => {
            down.data.up = await connect({
              hostname: '127.0.0.1', port: tlsListener.port,
              socket: { data(_u, d) { down.write(d); }, end() { down.end(); }, close() { down.end(); } },
            });
            for (const d of down.data.held) down.data.up.write(d);
          }, 100);
        },
        data(down, d) {
          if (down.data.up) down.data.up.write(d);
          else down.data.held.push(Buffer.from(d));
        },
        end(down) { down.data.up?.end(); },
        close(down) { down.data.up?.end(); },
      },
    });
    const c = await connect({
      hostname: 'localhost', port: relay.port, tls: trustTls(),
      socket: tlsRecorder(trace, ch, { close: () => done[1].resolve() }),
    });
    trace(ch, `end(${JSON.stringify(arg)}) ->`, c.end(arg), c.readyState, c.write('y'));
    await Promise.all(done.map((d) => d.promise));
    relay.stop(true);
    tlsListener.stop(true);
  }
}
