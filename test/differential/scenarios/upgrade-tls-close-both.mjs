// upgradeTLS: the two halves close together (probed on Bun 1.4.5). Whichever way the
// connection goes (the peer's close_notify and FIN, raw.terminate(), tls.terminate()),
// both halves are closed (readyState -1, on each) before the raw half's `close` runs, and
// the TLS half's `close` follows it at once, inside the terminate() call itself. The raw
// half's `end` never fires: the peer's end is the TLS half's `end`. Client and server side.
import { starttlsPair, deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const side of ['client', 'server']) {
    for (const how of ['peer end', 'raw.terminate', 'tls.terminate']) {
      const ch = `${side} ${how}`;
      const done = deferred();
      const halves = {};
      // One channel: the order across the two halves is part of the contract.
      const t = (...v) => trace(ch, ...v, halves.raw.readyState, halves.tls.readyState);
      const tlsHandlers = {
        handshake(s) { if (side === 'client') s.write('x'); },
        data(s, d) {
          t('tls data', String(d));
          if (how === 'raw.terminate') halves.raw.terminate();
          if (how === 'tls.terminate') halves.tls.terminate();
          if (how !== 'peer end') t('after terminate');
        },
        end() { t('tls end'); },
        close(s, e) { t('tls close', e?.code); done.resolve(); },
      };
      const answer = (s) => (how === 'peer end' ? s.end('y') : s.write('y'));
      // The peer speaks once the upgraded half has spoken (client), or once its handshake is done (server).
      const peer = {
        handshake(s) { if (side === 'server') answer(s); },
        data(s) { answer(s); },
        close() {},
      };
      await starttlsPair({ connect, listen }, side, { halves, tlsHandlers, t, peer });
      await done.promise;
    }
  }
}
