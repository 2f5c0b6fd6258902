// The `ciphers` option as BoringSSL reads it (Bun 1.4.5): names it does not know are skipped,
// and a string that leaves no TLS 1.2 suite (DHE only, TLS 1.3 names only, unknown aliases) or
// has an invalid command throws Error ERR_BORINGSSL "Invalid ciphers", on listen() and connect()
// alike. Mixed strings keep the suites BoringSSL has: the handshake negotiates one of those, never
// DHE; TLS 1.3 suites are not configurable, so a TLS 1.3 handshake still uses AES-128-GCM.
import { pair, serverTls, trustTls, authErr, attemptCode } from '../lib.mjs';

const refused = ['DHE-RSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256', 'aNULL', 'kDHE', 'CAMELLIA', 'AES256-SHA256', '@SECLEVEL=1:HIGH', ':', 'ECDHE:[AES128-SHA|AES256-SHA]:-RSA'];
const accepted = ['DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256', 'HIGH', '!aNULL:ECDHE', 'DES-CBC3-SHA', '', '[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]', 'HIGH:@STRENGTH'];

const negotiations = [
  ['mixed DHE+ECDHE server', { ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256', maxVersion: 771 }, {}],
  ['TLS13 name + AES256 server', { ciphers: 'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES256-GCM-SHA384', maxVersion: 771 }, {}],
  ['mixed client', { maxVersion: 771 }, { ciphers: 'DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305' }],
  ['TLS 1.3 ignores ciphers', { ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' }, { ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' }],
];

export default async function ({ connect, listen, trace }) {
  for (const c of refused.concat(accepted)) {
    trace('listen', c, attemptCode(() => {
      const l = listen({ hostname: '127.0.0.1', port: 0, tls: { ...serverTls(), ciphers: c }, socket: { data() {} } });
      l.stop(true);
      return 'listening';
    }));
    trace('connect', c, attemptCode(() => {
      connect({ hostname: '127.0.0.1', port: 1, tls: { ciphers: c }, socket: { data() {}, connectError() {} } }).catch(() => {});
      return 'connecting';
    }));
  }
  for (const [label, stls, ctls] of negotiations) {
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), ...stls } },
      connectOpts: { hostname: 'localhost', tls: trustTls(ctls) },
      server: { data() {}, handshake(s, ok, e) { trace(label, 'server', ok, authErr(e)?.code ?? null); }, error() {} },
      client: { data() {}, handshake(s, ok, e) { trace(label, 'client', ok, authErr(e)?.code ?? null, s.getCipher()); s.end(); }, error() {} },
    });
  }
}
