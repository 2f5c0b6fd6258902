// A client trusting the test CA verifies the server by name and by IP: handshake(true, null),
// authorized true, getAuthorizationError() null; data flows both ways. The server, which asked
// for no client certificate, reports success true with UNABLE_TO_GET_ISSUER_CERT (spec §5).
import { pair, tlsRecorder, serverTls, trustTls, authErr } from '../lib.mjs';

async function run(ctx, trace, hostname) {
  const c = `${hostname} client`;
  const s = `${hostname} server`;
  await pair(ctx, {
    listenOpts: { tls: serverTls() },
    connectOpts: { hostname, tls: trustTls() },
    server: tlsRecorder(trace, s, {
      handshake(sock) { trace(s, 'getAuthorizationError', authErr(sock.getAuthorizationError())); },
      data(sock) { sock.write('pong'); },
      drain: null, // its place relative to 'data' depends on how TCP groups the records
    }),
    client: tlsRecorder(trace, c, {
      handshake(sock) {
        trace(c, 'getAuthorizationError', authErr(sock.getAuthorizationError()));
        trace(c, 'write', sock.write('ping'));
      },
      data(sock) { sock.end(); },
      drain: null,
    }),
  });
}

export default async function ({ connect, listen, trace }) {
  await run({ connect, listen }, trace, 'localhost');
  await run({ connect, listen }, trace, '127.0.0.1');
}
