// A peer that writes and then resets at once (terminate()): the data arrives, then the socket
// closes with ECONNRESET and no `end`, on Bun 1.4.5, plain and TLS. libuv reports a short read
// that comes with the hang-up as EOF without reading on; bunsock's handle transport reads once
// more, where the kernel gives the reset. On TLS, and on the node transport, the reset still
// reads as a FIN (docs/compat.md, "A reset right behind data").
import { pair, serverTls, trustTls } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const mode of ['plain', 'tls']) {
    await pair({ connect, listen }, {
      listenOpts: mode === 'tls' ? { tls: serverTls() } : {},
      connectOpts: mode === 'tls' ? { hostname: 'localhost', tls: trustTls() } : {},
      server: { data(s) { s.write('y'); s.terminate(); }, close() {} },
      client: {
        open(s) { if (mode === 'plain') s.write('x'); },
        handshake(s) { s.write('x'); },
        data(s, d) { trace(mode, 'data', String(d)); },
        end() { trace(mode, 'end'); },
        error(s, e) { trace(mode, 'error', e?.code); },
        close(s, e) { trace(mode, 'close', e?.code); },
      },
    });
  }
}
