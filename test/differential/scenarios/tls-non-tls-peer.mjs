// A TLS client against a peer that does not speak TLS: a plain server answering with text
// fails the handshake with EPROTO WRONG_VERSION_NUMBER (Bun's BoringSSL message), and a
// silent one that closes gives ECONNRESET "disconnected before secure TLS connection".
// Never a crash, a hang or a rejected promise. Spec §5.
import { fixture, authErr, deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  for (const [label, reply] of [['answers in clear', true], ['says nothing, closes', false]]) {
    const closed = deferred();
    const server = listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        data(s) {
          if (reply) s.write('HTTP/1.1 400 Bad Request\r\n\r\n');
          else s.end();
        },
      },
    });
    const socket = await connect({
      hostname: 'localhost',
      port: server.port,
      tls: { ca: fixture('ca.pem') },
      socket: {
        open(s) { trace(label, 'open', s.readyState); },
        handshake(s, ok, e) {
          trace(label, 'handshake', ok, authErr(e), e?.message);
        },
        data() { trace(label, 'data'); },
        error(s, e) { trace(label, 'error', authErr(e)); },
        close(s, e) { trace(label, 'close', e, s.readyState); closed.resolve(); },
      },
    });
    trace(label, 'promise resolved', socket.readyState);
    await closed.promise;
    server.stop(true);
  }
}
