// exportKeyingMaterial: both ends derive the same bytes (TLS 1.3 and 1.2); a context string or
// Buffer gives the same bytes, a different label or context different ones; length 0 gives an
// empty Buffer. Argument checks throw plain Errors (no code). Spec §5.
import { pair, serverTls, trustTls, authErr } from '../lib.mjs';

const tryMsg = (fn) => {
  try {
    const r = fn();
    return ['returns', Buffer.isBuffer(r) ? `Buffer(${r.length})` : r];
  } catch (e) {
    return ['throws', authErr(e)]; // class and code only: tests never compare messages
  }
};
const derive = (s) => ({
  plain: s.exportKeyingMaterial(32, 'EXPERIMENTAL-a'),
  otherLabel: s.exportKeyingMaterial(32, 'EXPERIMENTAL-b'),
  ctxString: s.exportKeyingMaterial(20, 'EXPERIMENTAL-a', 'ctx'),
  ctxBuffer: s.exportKeyingMaterial(20, 'EXPERIMENTAL-a', Buffer.from('ctx')),
  otherCtx: s.exportKeyingMaterial(20, 'EXPERIMENTAL-a', 'ctx2'),
  zero: s.exportKeyingMaterial(0, 'EXPERIMENTAL-a'),
});

export default async function ({ connect, listen, trace }) {
  for (const [label, serverExtra] of [['TLSv1.3', {}], ['TLSv1.2', { maxVersion: 771 }]]) {
    let server;
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), ...serverExtra } },
      connectOpts: { hostname: 'localhost', tls: trustTls() },
      server: { handshake(s) { server = derive(s); }, data(s, d) { s.write(d); } },
      client: {
        handshake(s) { s.write('x'); },
        data(s) {
          const client = derive(s);
          trace(label, 'lengths', Object.values(client).map((b) => b.length));
          trace(label, 'equal on both ends', Object.keys(client).map((k) => client[k].equals(server[k])));
          trace(label, 'label/context matter', client.plain.equals(client.otherLabel), client.ctxString.equals(client.ctxBuffer),
            client.ctxString.equals(client.otherCtx), client.plain.subarray(0, 20).equals(client.ctxString));
          trace(label, 'isBuffer', Buffer.isBuffer(client.plain));
          if (label === 'TLSv1.3') {
            for (const args of [[], [32], ['x', 'l'], [-1, 'l'], [32, 5], [1.5, 'l'], [NaN, 'l'], ['32', 'l'], [32, 'l', 5], [32, 'l', null]]) {
              trace('validation', args, tryMsg(() => s.exportKeyingMaterial(...args)));
            }
          }
          s.end();
        },
      },
    });
  }
}
