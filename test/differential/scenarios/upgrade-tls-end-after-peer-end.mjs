// upgradeTLS with allowHalfOpen: the peer ends its TLS session, the TLS half writes once more
// and ends in its `end` handler. On Bun both halves close inside that end() call, the raw
// half first; bunsock's raw half closes once node:tls has handed it the close_notify, after
// the call (docs/compat.md, "tls.end() after the peer's end under STARTTLS"). Client and
// server side, one channel each (the order across the halves is the point).
import { pair, serverTls, trustTls, deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const side of ['client', 'server']) {
    const done = deferred();
    let raw;
    let tls;
    const t = (...v) => trace(side, ...v, raw.readyState, tls.readyState);
    const tlsHandlers = {
      handshake(s) { if (side === 'client') s.write('x'); },
      data(s, d) { t('tls data', String(d)); },
      end(s) {
        t('tls end');
        t('tls write', s.write('w'));
        t('tls end()', s.end());
      },
      close(s, e) { t('tls close', e?.code); done.resolve(); },
    };
    const upgrading = {
      open(s) { [raw, tls] = s.upgradeTLS({ tls: side === 'client' ? trustTls() : serverTls(), socket: tlsHandlers }); },
      data() {},
      end() { t('raw end'); },
      close(s, e) { t('raw close', e?.code); },
    };
    const peer = {
      handshake(s) { if (side === 'server') s.end('y'); },
      data(s) { if (side === 'client') s.end('y'); },
      close() {},
    };
    await pair({ connect, listen }, side === 'client'
      ? { listenOpts: { tls: serverTls() }, connectOpts: { hostname: 'localhost', allowHalfOpen: true }, server: peer, client: upgrading }
      : { listenOpts: { allowHalfOpen: true }, connectOpts: { hostname: 'localhost', tls: trustTls() }, server: upgrading, client: peer });
    await done.promise;
  }
}
