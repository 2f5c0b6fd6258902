// setServername: in the client's open (before the handshake) it replaces the SNI the server
// receives; after the handshake it throws; on a server socket it throws; after close it
// returns undefined on a client (a server socket still throws). Spec §5 "TLS members".
import { pair, serverTls, trustTls, authErr } from '../lib.mjs';

const tryMsg = (fn) => {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', authErr(e)]; // class and code only: tests never compare messages
  }
};

export default async function ({ connect, listen, trace }) {
  for (const name of ['localhost', 'other.test']) {
    const ch = `set ${name} in open`;
    await pair({ connect, listen }, {
      listenOpts: { tls: serverTls() },
      connectOpts: { hostname: '127.0.0.1', tls: trustTls({ rejectUnauthorized: false }) },
      server: {
        open(s) { trace(`${ch} server`, 'setServername in open', tryMsg(() => s.setServername('x.test'))); },
        handshake(s) {
          trace(`${ch} server`, 'handshake', s.getServername(), tryMsg(() => s.setServername('x.test')), s.getServername());
        },
        data() {},
        close(s) { trace(`${ch} server`, 'after close', tryMsg(() => s.setServername('x.test'))); },
      },
      client: {
        open(s) { trace(ch, 'open', s.getServername(), tryMsg(() => s.setServername(name)), s.getServername()); },
        handshake(s, ok, err) {
          trace(ch, 'handshake', ok, authErr(err), s.getServername());
          trace(ch, 'setServername after handshake', tryMsg(() => s.setServername('late.test')), s.getServername());
          s.end();
        },
        data() {},
        close(s) { trace(ch, 'after close', tryMsg(() => s.setServername('x.test')), s.getServername()); },
      },
    });
  }
}
