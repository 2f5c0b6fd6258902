// upgradeTLS with allowHalfOpen: the peer ends its TLS session, the TLS half writes once more
// and ends in its `end` handler. On Bun both halves close inside that end() call, the raw
// half first; bunsock's raw half closes once node:tls has handed it the close_notify, after
// the call (docs/compat.md, "tls.end() after the peer's end under STARTTLS"). Client and
// server side, one channel each (the order across the halves is the point).
import { starttlsPair, deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const side of ['client', 'server']) {
    const done = deferred();
    const halves = {};
    const t = (...v) => trace(side, ...v, halves.raw.readyState, halves.tls.readyState);
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
    const peer = {
      handshake(s) { if (side === 'server') s.end('y'); },
      data(s) { if (side === 'client') s.end('y'); },
      close() {},
    };
    await starttlsPair({ connect, listen }, side, { halves, tlsHandlers, t, peer, allowHalfOpen: true });
    await done.promise;
  }
}
