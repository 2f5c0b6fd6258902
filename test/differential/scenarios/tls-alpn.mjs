// ALPN negotiation matrix: ALPNProtocols must be wire format (length-prefixed) in any byte
// form (Buffer, Uint8Array, ArrayBuffer, or a string holding the wire bytes); plain strings
// negotiate nothing. alpnProtocol is false before the handshake and when nothing was
// negotiated (never null), the protocol string on both sides otherwise. Spec §5 "ALPNProtocols".
import { pair, fixture } from '../lib.mjs';

const wire = (...names) => Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([n.length]), Buffer.from(n)])));
const cases = [
  ['Buffer/Buffer', wire('h2'), wire('h2')],
  ['string wire/Uint8Array', '\x02h2', new Uint8Array(wire('h2'))],
  ['ArrayBuffer/Buffer', new Uint8Array(wire('h2')).buffer, wire('h2')],
  ['h2 vs h2,http/1.1', wire('h2'), wire('h2', 'http/1.1')],
  ['http/1.1,h2 vs h2,http/1.1', wire('http/1.1', 'h2'), wire('h2', 'http/1.1')],
  ['plain strings', 'h2', 'h2'],
  ['plain list strings', 'h2,http/1.1', 'h2,http/1.1'],
  ['wire server, plain client', wire('h2'), 'h2'],
  ['wire server, no client', wire('h2'), undefined],
  ['no server, wire client', undefined, wire('h2')],
  ['none', undefined, undefined],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, serverAlpn, clientAlpn] of cases) {
    const alpn = (v) => (v === undefined ? {} : { ALPNProtocols: v });
    await pair({ connect, listen }, {
      listenOpts: { tls: { cert: fixture('server.pem'), key: fixture('server-key.pem'), ...alpn(serverAlpn) } },
      connectOpts: { hostname: 'localhost', tls: { ca: fixture('ca.pem'), ...alpn(clientAlpn) } },
      server: {
        handshake(s, ok) { trace(label, 'server handshake', ok, s.alpnProtocol); },
        data() {},
      },
      client: {
        open(s) { trace(label, 'client open', s.alpnProtocol); },
        handshake(s, ok) { trace(label, 'client handshake', ok, s.alpnProtocol); s.end(); },
        data() {},
        close(s) { trace(label, 'client after close', s.alpnProtocol); },
      },
    });
  }
}
