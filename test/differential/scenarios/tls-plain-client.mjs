// A plain (non-TLS) client writing text to a TLS listener: the server's handshake fails
// (handshake(false, EPROTO) with a handshake handler), and both sides close.
import { pair, serverTls, tlsRecorder, text } from '../lib.mjs';
export default async function ({ connect, listen, trace }) {
  for (const withHs of [true, false]) {
    const ch = withHs ? 'hs handler' : 'no hs handler';
    await pair({ connect, listen }, {
      listenOpts: { tls: serverTls() },
      connectOpts: {},
      server: tlsRecorder(trace, ch + ' server', { data(s, d) { trace(ch + ' server', 'data', text(d)); }, error(s, e) {}, handshake: withHs ? undefined : null }),
      client: { open(s) { s.write('GET / HTTP/1.0\r\n\r\n'); }, data(s, d) { trace(ch + ' client', 'data bytes', Buffer.from(d).length > 0); }, end() { trace(ch + ' client', 'end'); }, close(s, e) { trace(ch + ' client', 'close', e?.code); } },
    });
  }
}
