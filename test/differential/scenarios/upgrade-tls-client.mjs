// upgradeTLS on a client socket (plain connect to a TLS listener, upgraded in open):
// returns [raw, tls], two new [object TLSSocket]s; the original is detached (readyState -1,
// write -1, [object TCPSocket], no close for it). The tls socket gets the new handlers
// (open inside upgradeTLS when a handshake handler is given, handshake, data, close) and
// data; the raw socket keeps the old handlers and receives the ciphertext (first byte 0x16).
// Spec §5 "upgradeTLS".
import { pair, serverTls, trustTls, deferred, bytesOf, text, authErr } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const tlsClosed = deferred();
  const rawBytes = [];
  let original;
  let upgraded;
  const tag = (s) => Object.prototype.toString.call(s);
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost', data: 'old data' },
    server: {
      handshake(s, ok) { trace('server', 'handshake', ok); },
      data(s, d) { trace('server', 'data', text(d)); s.write('hello tls'); },
      end() { trace('server', 'end'); },
      close() { trace('server', 'close'); },
    },
    client: {
      open(s) {
        original = s;
        trace('client', 'calling upgradeTLS');
        upgraded = s.upgradeTLS({
          data: 'new data',
          tls: trustTls({ serverName: 'localhost' }),
          socket: {
            open(t) { trace('client', 'tls', 'open', t.readyState, t.data, t.authorized); },
            handshake(t, ok, e) { trace('client', 'tls', 'handshake', ok, authErr(e), t.authorized, t.getTLSVersion()); t.write('over tls'); },
            data(t, d) { trace('client', 'tls', 'data', text(d)); t.end(); },
            end() { trace('client', 'tls', 'end'); },
            close(t, e) { trace('client', 'tls', 'close', t.readyState, e); tlsClosed.resolve(); },
          },
        });
        const [raw, tls] = upgraded;
        trace('client', 'returned', Array.isArray(upgraded), upgraded.length, tag(raw), tag(tls),
          raw === s, tls === s, raw === tls, raw.data, tls.data);
        trace('client', 'original after', s.readyState, s.write('x'), tag(s));
      },
      data(s, d) { rawBytes.push(bytesOf(d)); },
      close(s) { trace('client', 'raw close', s === original ? 'original' : s === upgraded?.[0] ? 'raw' : 'other', s.readyState); },
    },
  });
  await tlsClosed.promise;
  const all = Buffer.concat(rawBytes);
  trace('raw', 'got ciphertext', all.length > 0, all[0], all.includes(Buffer.from('hello tls')));
}
