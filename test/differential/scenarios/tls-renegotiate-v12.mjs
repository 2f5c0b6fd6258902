// renegotiate() on a TLS 1.2 client, with and without the server's disableRenegotiation():
// Bun's renegotiate() throws (BoringSSL refuses a client-initiated renegotiation) and the
// connection carries on either way.
import { pair, serverTls, trustTls, attemptCode, text } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  for (const disable of [false, true]) {
    const ch = disable ? 'server disabled' : 'plain';
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), maxVersion: 771 } },
      connectOpts: { hostname: 'localhost', tls: trustTls() },
      server: { handshake(s) { if (disable) s.disableRenegotiation(); }, data(s, d) { trace(ch, 'server data', text(d)); s.write(d); }, error(s, e) { trace(ch, 'server error', e.code); }, close(s, e) { trace(ch, 'server close', e?.code); } },
      client: {
        handshake(s, ok) { trace(ch, 'client hs', ok, s.getTLSVersion()); trace(ch, 'renegotiate', attemptCode(() => s.renegotiate())); s.write('after'); },
        data(s, d) { trace(ch, 'client data', text(d)); s.end(); }, error(s, e) { trace(ch, 'client error', e.code); }, close(s, e) { trace(ch, 'client close', e?.code); },
      },
    });
  }
}
