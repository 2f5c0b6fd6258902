// tls:true (and rejectUnauthorized:true) verify against the default CA store: the test
// CA is unknown, so the client gets handshake(false, UNABLE_TO_VERIFY_LEAF_SIGNATURE) then
// close(undefined); the promise still resolves, no connectError/error; the server sees
// handshake(false, ECONNRESET). Spec §5 "Verification defaults".
import { pair, tlsRecorder, serverTls, authErr } from '../lib.mjs';

async function run(ctx, trace, label, tls) {
  const client = `${label} client`;
  await pair(ctx, {
    listenOpts: { tls: serverTls() },
    connectOpts: { tls },
    server: tlsRecorder(trace, `${label} server`),
    client: tlsRecorder(trace, client, {
      connectError: () => {},
      error: () => {},
      close(s) { trace(client, 'after close', s.authorized, authErr(s.getAuthorizationError())); },
    }),
    setup() { trace(client, 'promise resolved'); },
  });
}

export default async function ({ connect, listen, trace }) {
  await run({ connect, listen }, trace, 'tls:true', true);
  await run({ connect, listen }, trace, 'rejectUnauthorized:true', { rejectUnauthorized: true });
}
