// upgradeTLS where it cannot apply: again on the detached original (TypeError), on the
// returned raw or tls socket and on a socket connected with tls (undefined, nothing changes),
// on a closed socket (TypeError). Spec §5 "upgradeTLS".
import { pair, attemptCode, serverTls, trustTls, text } from '../lib.mjs';

const again = (s) => attemptCode(() => s.upgradeTLS({ tls: trustTls(), socket: { data() {} } }));

export default async function ({ connect, listen, trace }) {
  // A plain client upgraded against a TLS listener, then asked again.
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost' },
    server: { data(s, d) { s.write(`echo:${text(d)}`); } },
    client: {
      open(s) {
        const [raw, tls] = s.upgradeTLS({
          tls: trustTls(),
          socket: {
            handshake(t, ok) {
              trace('upgraded', 'handshake', ok);
              trace('upgraded', 'again on original', again(s));
              trace('upgraded', 'again on raw', again(raw), raw.readyState);
              trace('upgraded', 'again on tls', again(tls), tls.readyState, tls.write('still tls'));
            },
            data(t, d) { trace('upgraded', 'data', text(d)); t.end(); },
          },
        });
      },
      data() {},
    },
  });
  // A socket connected with tls: upgradeTLS returns undefined and the connection goes on.
  await pair({ connect, listen }, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname: 'localhost', tls: trustTls() },
    server: { data(s, d) { s.write(`echo:${text(d)}`); } },
    client: {
      handshake(s) {
        trace('native tls', 'upgradeTLS', again(s), s.readyState, s.write('native'));
      },
      data(s, d) {
        trace('native tls', 'data', text(d));
        s.end();
      },
      close(s) { trace('native tls', 'after close', again(s)); },
    },
  });
  // A plain socket after close.
  await pair({ connect, listen }, {
    server: { data() {} },
    client: { open(s) { s.end(); trace('closed plain', 'upgradeTLS', again(s)); }, data() {} },
  });
}
