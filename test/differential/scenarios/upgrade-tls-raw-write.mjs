// Writing plaintext on the raw half of an upgraded socket corrupts the TLS stream: the peer's
// TLS layer fails with error(EPROTO) and closes, and so does the upgraded side (error on tls,
// then close on raw and tls). Spec §5 "upgradeTLS".
import { pair, serverTls, trustTls, authErr } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost' },
    server: {
      data() {},
      error(s, e) { trace('server', 'error', authErr(e)); },
      close(s, e) { trace('server', 'close', e); },
    },
    client: {
      open(s) {
        const [raw] = s.upgradeTLS({
          tls: trustTls(),
          socket: {
            handshake(t, ok) { trace('client', 'tls handshake', ok); trace('client', 'raw write', raw.write('plaintext!')); },
            data() {},
            error(t, e) { trace('client', 'tls error', authErr(e)); },
            close(t, e) { trace('client', 'tls close', e); },
          },
        });
      },
      data() {},
      error(s, e) { trace('client', 'raw error', authErr(e)); },
      close(s, e) { trace('client', 'raw close', e); },
    },
  });
}
