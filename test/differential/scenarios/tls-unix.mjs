// TLS over a unix socket: the handshake, data both ways, addresses undefined. With serverName
// the name is sent and verified; without it no SNI is sent (getServername() undefined on
// both sides) and the chain is verified without a host-name check.
import { deferred, serverTls, trustTls, text, authErr } from '../lib.mjs';

async function run({ connect, listen, trace, tmpPath }, label, clientTls) {
  const path = tmpPath(`${label}.sock`);
  const closed = [deferred(), deferred()];
  const t = (side, ...v) => trace(`${label} ${side}`, ...v);
  const listener = listen({
    unix: path,
    tls: serverTls(),
    socket: {
      handshake(s, ok, e) { t('server', 'handshake', ok, authErr(e), s.getServername(), s.getTLSVersion(), s.remoteAddress); },
      data(s, d) { t('server', 'data', text(d)); s.write(`echo:${text(d)}`); },
      end() { t('server', 'end'); },
      close(s, e) { t('server', 'close', e); closed[0].resolve(); },
    },
  });
  await connect({
    unix: path,
    tls: clientTls,
    socket: {
      open(s) { t('client', 'open', s.getServername(), s.localAddress, s.remoteAddress); },
      handshake(s, ok, e) {
        t('client', 'handshake', ok, authErr(e), s.authorized, s.getTLSVersion(), s.getCipher().name, s.getServername());
        s.write('over unix');
      },
      data(s, d) { t('client', 'data', text(d)); s.end(); },
      close(s, e) { t('client', 'close', e); closed[1].resolve(); },
    },
  });
  await Promise.all(closed.map((d) => d.promise));
  listener.stop();
}

export default async function (ctx) {
  await run(ctx, 'serverName', trustTls({ serverName: 'localhost' }));
  await run(ctx, 'no serverName', trustTls());
  await run(ctx, 'no serverName, no ca', { rejectUnauthorized: false });
}
