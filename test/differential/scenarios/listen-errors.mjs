// Errors thrown synchronously by listen(): EADDRINUSE (TCP and unix), ENOENT, EADDRNOTAVAIL,
// unresolvable hostname (no code), '[::1]' (ENOTFOUND). reusePort sharing: listen-reuseport.mjs.
import { writeFileSync } from 'node:fs';

const ok = { data() {} };
const info = (e) => ({ e, hasAddress: 'address' in e, hasPort: 'port' in e, hostname: e.hostname });

export default async function ({ listen, trace, tmpPath }) {
  const tryListen = (label, o) => {
    try {
      const l = listen({ socket: ok, ...o });
      trace(label, 'listening', l.hostname, typeof l.unix);
      return l;
    } catch (e) {
      trace(label, 'throws', info(e));
      return null;
    }
  };
  const a = tryListen('first', { hostname: '127.0.0.1', port: 0 });
  const port = a.port;
  tryListen('same port', { hostname: '127.0.0.1', port });
  tryListen('same port exclusive', { hostname: '127.0.0.1', port, exclusive: true });
  tryListen('same port reusePort vs plain holder', { hostname: '127.0.0.1', port, reusePort: true });
  tryListen('0.0.0.0 vs 127.0.0.1', { hostname: '0.0.0.0', port });
  a.stop();
  const path = tmpPath('in-use.sock');
  const u = tryListen('unix', { unix: path });
  tryListen('unix in use', { unix: path });
  u?.stop();
  const file = tmpPath('regular-file');
  writeFileSync(file, 'x');
  tryListen('unix on regular file', { unix: file });
  tryListen('unix dir missing', { unix: tmpPath('no/such/dir.sock') });
  tryListen('not local address', { hostname: '192.0.2.1', port: 0 });
  tryListen('unresolvable', { hostname: 'nonexistent.invalid', port: 0 });
  tryListen('bracketed ::1', { hostname: '[::1]', port: 0 });
}
