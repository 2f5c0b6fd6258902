// tls objects without an effective key mean plain TCP on both connect and listen: a plain
// server receives readable text from such a client (no ClientHello), and such a listener
// hands a TLS client's ClientHello (a handshake record, 0x16) to data. Spec §5, §6.5.
import { pair, bytesOf, text } from '../lib.mjs';

const noTls = [{}, { ca: undefined }, { lowMemoryMode: false }, { requestCert: false }, { secureOptions: 0 }];

export default async function ({ connect, listen, trace }) {
  for (const tls of noTls) {
    const label = `{${Object.entries(tls).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
    let got = '';
    await pair({ connect, listen }, {
      listenOpts: { tls },
      connectOpts: { tls },
      server: { data(s, d) { got += text(d); }, close(s) { trace(label, 'server received', got, s.authorized, s.getTLSVersion()); } },
      client: {
        open(s) { trace(label, 'client', Object.prototype.toString.call(s), s.write('plain'), typeof s.getX509Certificate); s.end(); },
        data() {},
      },
    });
  }
  // A tls:{} listener against a real TLS client: the ClientHello arrives as data.
  let first;
  await pair({ connect, listen }, {
    listenOpts: { tls: {} },
    connectOpts: { hostname: 'localhost', tls: { rejectUnauthorized: false } },
    server: { data(s, d) { first ??= bytesOf(d)[0]; s.end(); } },
    client: { data() {}, handshake(s, ok, e) { trace('tls client vs tls:{} listener', 'handshake', ok, e?.code); } },
  });
  trace('tls client vs tls:{} listener', 'first byte the listener got', first);
}
