// TLS material in every form Bun takes, used in a real handshake: a client ca as Buffer,
// Uint8Array, ArrayBuffer, DataView, Uint16Array, an array (unrelated CA first) and concatenated
// PEMs; a server cert/key as Buffers, an encrypted key with its passphrase, and lowMemoryMode:true
// on both sides. Each handshakes and echoes. A cert array [leaf, CA] with one key is refused
// (KEY_VALUES_MISMATCH: Bun pairs each certificate with a key, it is no chain).
import { pair, fixture, authErr, attemptCode } from '../lib.mjs';
const ca = fixture('ca.pem'), cert = fixture('server.pem'), key = fixture('server-key.pem');
const u8 = (s) => new TextEncoder().encode(s);
const forms = {
  'ca Buffer': [{ cert, key }, { ca: Buffer.from(ca) }],
  'ca Uint8Array': [{ cert, key }, { ca: u8(ca) }],
  'ca ArrayBuffer': [{ cert, key }, { ca: u8(ca).buffer }],
  'ca DataView': [{ cert, key }, { ca: new DataView(u8(ca).buffer) }],
  'ca Uint16Array': [{ cert, key }, { ca: new Uint16Array(u8(ca + (ca.length % 2 ? '\n' : '')).buffer) }],
  'ca array [unrelated, ca]': [{ cert, key }, { ca: [fixture('unrelated-ca.pem'), Buffer.from(ca)] }],
  'ca concatenated PEMs': [{ cert, key }, { ca: fixture('unrelated-ca.pem') + ca }],
  'server Buffer cert/key': [{ cert: Buffer.from(cert), key: Buffer.from(key) }, { ca }],
  'server encrypted key + passphrase': [{ cert, key: fixture('server-key-encrypted.pem'), passphrase: 'bunsock' }, { ca }],
  'server lowMemoryMode': [{ cert, key, lowMemoryMode: true }, { ca, lowMemoryMode: true }],
  'server cert chain array': [{ cert: [cert, ca], key }, { ca }],
};
export default async function ({ connect, listen, trace }) {
  for (const [label, [stls, ctls]] of Object.entries(forms)) {
    try {
      await pair({ connect, listen }, {
        listenOpts: { tls: stls },
        connectOpts: { hostname: 'localhost', tls: ctls },
        server: { data(s, d) { s.write(d); }, error() {} },
        client: { data(s, d) { trace(label, 'data', String(d)); s.end(); }, handshake(s, ok, e) { trace(label, 'hs', ok, authErr(e)?.code ?? null); s.write('ping'); }, error() {} },
      });
    } catch (e) { trace(label, 'threw', authErr(e)); }
  }
}
