// authorized and getAuthorizationError() through a connection's life, both sides: before the
// handshake (open, with a handshake handler), in handshake, in error, after close (both keep
// their last value, including the EPROTO error passed to error). Spec §5 "Verification".
import { pair, fixture, serverTls, trustTls, clientCertTls, authErr } from '../lib.mjs';

const cases = [
  ['verified', serverTls(), trustTls()],
  ['failed verification', serverTls(), { rejectUnauthorized: true }],
  ['self-signed, rUA:false', { cert: fixture('self-signed.pem'), key: fixture('self-signed-key.pem') }, { rejectUnauthorized: false }],
  ['mTLS', { ...serverTls(), ca: fixture('ca.pem'), requestCert: true }, clientCertTls()],
  ['client cert missing', { ...serverTls(), ca: fixture('ca.pem'), requestCert: true }, trustTls()],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, listenTls, clientTls] of cases) {
    const h = (ch, extra = {}) => {
      const t = (ev, s) => trace(ch, ev, s.authorized, authErr(s.getAuthorizationError()));
      return {
        open(s) { t('open', s); },
        handshake(s) { t('handshake', s); extra.handshake?.(s); },
        data(s, d) { t('data', s); extra.data?.(s, d); },
        error(s) { t('error', s); },
        close(s) { t('close', s); },
      };
    };
    await pair({ connect, listen }, {
      listenOpts: { tls: listenTls },
      connectOpts: { hostname: 'localhost', tls: clientTls },
      server: h(`${label} server`, { data(s, d) { s.write(d); } }),
      client: h(`${label} client`, { handshake(s) { s.write('x'); }, data(s) { s.end(); } }),
    });
  }
}
