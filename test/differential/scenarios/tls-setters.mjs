// The TLS members that act on the connection, in each state: setMaxSendFragment (true only
// for 512..16384), setVerifyMode / disableRenegotiation (undefined), renegotiate (throws
// while the TLS connection exists, undefined after close); client and server. The connection
// still carries data afterwards. Spec §5 "TLS members".
import { pair, serverTls, trustTls, tlsSetters, text } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost', tls: trustTls() },
    server: {
      open(s) { trace('server', 'open', tlsSetters(s)); },
      handshake(s) { trace('server', 'handshake', tlsSetters(s)); },
      data(s, d) { trace('server', 'data', text(d)); s.write(d); },
      close(s) { trace('server', 'close', tlsSetters(s)); },
    },
    client: {
      open(s) { trace('client', 'open', tlsSetters(s)); },
      handshake(s, ok) { trace('client', 'handshake', ok, tlsSetters(s)); s.write('after setters'); },
      data(s, d) { trace('client', 'data', text(d)); s.end(); },
      close(s) { trace('client', 'close', tlsSetters(s)); },
    },
  });
}
