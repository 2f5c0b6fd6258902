// Inputs connect() accepts: host alias (hostname wins), port coercion, unix wins over
// hostname, top-level binaryType ignored, unknown keys, null handlers, tls false/null,
// '0.0.0.0' and 'localhost' reaching a 127.0.0.1 listener.
import { deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace, tmpPath }) {
  const listener = listen({ hostname: '127.0.0.1', port: 0, socket: { data(s, d) { s.write(d); } } });
  const unixL = listen({ unix: tmpPath('c.sock'), socket: { data(s) { s.write('via-unix'); } } });
  const port = listener.port;
  const attemptConnect = async (label, opts) => {
    const got = deferred();
    const closed = deferred();
    const socket = { data: (s, d) => got.resolve(String(d)), close: () => closed.resolve(), ...opts.socket };
    try {
      const c = await connect({ ...opts, socket });
      c.write(label);
      trace(label, 'ok', await got.promise, c.remoteAddress);
      c.end();
      await closed.promise;
    } catch (e) {
      trace(label, 'failed', e);
    }
  };
  await attemptConnect('host alias', { host: '127.0.0.1', port });
  await attemptConnect('hostname wins', { hostname: '127.0.0.1', host: 'nonexistent.invalid', port });
  await attemptConnect('port string', { hostname: '127.0.0.1', port: String(port) });
  await attemptConnect('port bigint', { hostname: '127.0.0.1', port: BigInt(port) });
  await attemptConnect('0.0.0.0', { hostname: '0.0.0.0', port });
  await attemptConnect('localhost', { hostname: 'localhost', port });
  await attemptConnect('unix wins', { unix: tmpPath('c.sock'), hostname: '127.0.0.1', port });
  await attemptConnect('top-level binaryType ignored', { hostname: '127.0.0.1', port, binaryType: 'bogus' });
  await attemptConnect('unknown keys', { hostname: '127.0.0.1', port, whatever: 1, socket: { bogusHandler: 5 } });
  await attemptConnect('null handlers', { hostname: '127.0.0.1', port, socket: { open: null, end: undefined, error: null } });
  await attemptConnect('tls false', { hostname: '127.0.0.1', port, tls: false });
  await attemptConnect('tls null', { hostname: '127.0.0.1', port, tls: null });
  await attemptConnect('allowHalfOpen false', { hostname: '127.0.0.1', port, allowHalfOpen: false });
  await attemptConnect('port true', { hostname: '127.0.0.1', port: true });
  await attemptConnect('port 0', { hostname: '127.0.0.1', port: 0 });
  listener.stop(true);
  unixL.stop(true);
}
