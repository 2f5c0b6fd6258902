// STARTTLS with both ends upgrading after a plaintext exchange: the client asks, the server
// answers in clear and upgrades its socket, the client upgrades on the answer; TLS data flows
// both ways; then the client ends the TLS session with tls.end() or with raw.end() (both
// perform the TLS close: the server's tls socket gets end then close). Spec §5 "upgradeTLS".
import { pair, serverTls, trustTls, text, authErr } from '../lib.mjs';

async function run(ctx, trace, closeWith) {
  const s = (...v) => trace(`${closeWith} server`, ...v);
  const c = (...v) => trace(`${closeWith} client`, ...v);
  let clientPair;
  let serverUpgraded = false;
  await pair(ctx, {
    server: {
      data(sock, d) {
        if (serverUpgraded) return; // ciphertext on the raw socket from here on
        serverUpgraded = true;
        s('plain data', text(d));
        s('reply', sock.write('220 go ahead\r\n'));
        const [raw, tls] = sock.upgradeTLS({
          tls: serverTls(),
          socket: {
            open(t) { s('tls open', t.readyState); },
            handshake(t, ok, e) { s('tls handshake', ok, authErr(e)); },
            data(t, d2) { s('tls data', text(d2)); t.write(`echo ${text(d2)}`); },
            end(t) { s('tls end', t.readyState); },
            close(t, e) { s('tls close', e); },
          },
        });
        s('upgraded', raw.readyState, tls.readyState);
      },
      close(sock) { s('raw close', sock.readyState); },
    },
    client: {
      open(sock) { c('plain write', sock.write('STARTTLS\r\n')); },
      data(sock, d) {
        if (clientPair) return; // ciphertext on the raw socket from here on
        c('plain data', text(d));
        clientPair = sock.upgradeTLS({
          tls: trustTls({ serverName: 'localhost' }),
          socket: {
            open(t) { c('tls open', t.readyState); },
            handshake(t, ok, e) { c('tls handshake', ok, authErr(e), t.authorized); t.write('secret'); },
            data(t, d2) {
              c('tls data', text(d2));
              c(`${closeWith}.end() ->`, closeWith === 'tls' ? t.end() : clientPair[0].end());
            },
            end(t) { c('tls end'); },
            close(t, e) { c('tls close', e); },
          },
        });
      },
      close(sock) { c('raw close', sock.readyState); },
    },
  });
}

export default async function ({ connect, listen, trace }) {
  await run({ connect, listen }, trace, 'tls');
  await run({ connect, listen }, trace, 'raw');
}
