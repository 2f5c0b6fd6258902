// upgradeTLS sends the ClientHello before it returns, after the TLS half's `open` (probed on
// Bun 1.4.5). A name set in that `open` is the SNI. One set on the TLS half after upgradeTLS
// returned (until the handshake ends) throws nothing: both halves report it and the peer's
// certificate is checked against it, but the server saw the old SNI. The raw half's
// setServername then renames only what both report (the name verified stays). Once the
// handshake has ended, setServername throws on the TLS half.
import { pair, serverTls, trustTls, deferred, authErr } from '../lib.mjs';

const attempt = (fn) => {
  try {
    return ['returns', fn()];
  } catch (e) {
    return ['throws', authErr(e)];
  }
};

export default async function ({ connect, listen, trace }) {
  for (const how of ['none', 'tls open', 'tls after', 'raw after']) {
    const done = deferred();
    let raw;
    let tls;
    const t = (...v) => trace(how, ...v);
    await pair({ connect, listen }, {
      listenOpts: { tls: serverTls() },
      // A host name: Deno's node:tls (rightly) sends no SNI for an IP address, Bun does.
      connectOpts: { hostname: 'localhost' },
      server: {
        handshake(s) { trace(`${how} server`, 'SNI', s.getServername()); },
        data(s) { s.end(); },
      },
      client: {
        open(s) {
          [raw, tls] = s.upgradeTLS({
            tls: trustTls(),
            socket: {
              open(u) { if (how === 'tls open') t('set in open', attempt(() => u.setServername('other.test')), u.getServername()); },
              handshake(u, ok, err) {
                t('handshake', ok, authErr(err), u.getServername(), raw.getServername(), authErr(u.getAuthorizationError()));
                t('set in handshake', attempt(() => u.setServername('late.test')), u.getServername());
                u.write('x');
              },
              data() {},
              close() { done.resolve(); },
            },
          });
          const name = 'other.test';
          if (how === 'tls after') t('set after', attempt(() => tls.setServername(name)), tls.getServername(), raw.getServername());
          if (how === 'raw after') t('set after', attempt(() => raw.setServername(name)), tls.getServername(), raw.getServername());
          t('setSession after', attempt(() => tls.setSession(Buffer.from('zz'))));
        },
        data() {},
        close() {},
      },
    });
    await done.promise;
  }
}
