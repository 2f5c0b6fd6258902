// upgradeTLS argument checks on an open plain socket (plain Errors without code for the
// missing pieces, Bun's TypeErrors for wrong types and handler tables, OpenSSL codes for bad
// key material); a rejected call leaves the socket open and usable. Spec §5 "upgradeTLS".
import { pair, attemptCode, serverTls, text } from '../lib.mjs';

const h = { data() {} };
const calls = [
  ['no argument', (s) => s.upgradeTLS()],
  ['null', (s) => s.upgradeTLS(null)],
  ['5', (s) => s.upgradeTLS(5)],
  ['{}', (s) => s.upgradeTLS({})],
  ['no socket', (s) => s.upgradeTLS({ tls: serverTls() })],
  ['no tls', (s) => s.upgradeTLS({ socket: h })],
  ['tls: false', (s) => s.upgradeTLS({ socket: h, tls: false })],
  ['tls: {}', (s) => s.upgradeTLS({ socket: h, tls: {} })],
  ['tls: 5', (s) => s.upgradeTLS({ socket: h, tls: 5 })],
  ['socket: 5', (s) => s.upgradeTLS({ socket: 5, tls: serverTls() })],
  ['socket: {} (no data/drain)', (s) => s.upgradeTLS({ socket: {}, tls: serverTls() })],
  ['open: 5', (s) => s.upgradeTLS({ socket: { data() {}, open: 5 }, tls: serverTls() })],
  ["binaryType: 'blob'", (s) => s.upgradeTLS({ socket: { data() {}, binaryType: 'blob' }, tls: serverTls() })],
  ['tls.cert: 5', (s) => s.upgradeTLS({ socket: h, tls: { cert: 5 } })],
  ['tls.ca garbage', (s) => s.upgradeTLS({ socket: h, tls: { ca: 'garbage' } })],
  ['tls.cert garbage', (s) => s.upgradeTLS({ socket: h, tls: { cert: 'garbage', key: serverTls().key } })],
];

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: { data(s, d) { s.write(`echo:${text(d)}`); } },
    client: {
      open(s) {
        for (const [label, call] of calls) trace('client', label, attemptCode(() => call(s)), s.readyState);
        trace('client', 'still usable', s.write('ping'), Object.prototype.toString.call(s));
      },
      data(s, d) { trace('client', 'data', text(d)); s.end(); },
    },
  });
}
