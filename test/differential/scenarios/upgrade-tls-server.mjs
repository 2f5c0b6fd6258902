// upgradeTLS on a server socket (a plain listener's socket upgraded in open, against a TLS
// client): it becomes the TLS server. Without a handshake handler in the new table, the tls
// open fires after the handshake (not inside upgradeTLS); the raw socket's data handler
// receives the client's ciphertext (first byte 0x16); the client gets the server's data and
// close_notify. Spec §5 "upgradeTLS".
import { pair, serverTls, trustTls, deferred, bytesOf, text, authErr } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const tlsClosed = deferred();
  const rawBytes = [];
  let upgraded;
  const tag = (s) => Object.prototype.toString.call(s);
  await pair({ connect, listen }, {
    listenOpts: { data: 'listener data' },
    connectOpts: { hostname: 'localhost', tls: trustTls() },
    server: {
      open(s) {
        const listener = s.listener;
        trace('server', 'calling upgradeTLS');
        upgraded = s.upgradeTLS({
          tls: serverTls(),
          socket: {
            open(t) { trace('server', 'tls open', t.readyState, t.authorized, t.getTLSVersion(), t.write('welcome')); },
            data(t, d) { trace('server', 'tls data', text(d)); t.end(); },
            end() { trace('server', 'tls end'); },
            close(t, e) { trace('server', 'tls close', t.readyState, e); tlsClosed.resolve(); },
          },
        });
        const [raw, tls] = upgraded;
        trace('server', 'returned', tag(raw), tag(tls), raw === s, tls === s, raw.data, tls.data,
          raw.listener === listener, tls.listener === listener, tls.listener);
        trace('server', 'original after', s.readyState, s.write('x'), tag(s));
      },
      data(s, d) { rawBytes.push(bytesOf(d)); },
      close(s) { trace('server', 'raw close', s === upgraded?.[0], s.readyState); },
    },
    client: {
      handshake(s, ok, e) { trace('client', 'handshake', ok, authErr(e), s.getServername()); },
      data(s, d) { trace('client', 'data', text(d)); s.write('thanks'); },
      end() { trace('client', 'end'); },
      close(s, e) { trace('client', 'close', e); },
    },
  });
  await tlsClosed.promise;
  const all = Buffer.concat(rawBytes);
  trace('raw', 'got ciphertext', all.length > 0, all[0], all.includes(Buffer.from('thanks')));
}
