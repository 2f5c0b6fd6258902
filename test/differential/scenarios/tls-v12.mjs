// TLS 1.2 forced by the server (maxVersion: 771, Bun wants a number, 0x0303) or by the client
// (secureOptions SSL_OP_NO_TLSv1_3): version and cipher, Finished messages (Buffer(12); each
// side's own equals the other's peer message), ephemeral key info (client only), and a
// ticket already in handshake. Spec §5 "TLS members" (TLS1.2 entries).
import { constants } from 'node:crypto';
import { pair, serverTls, trustTls, bufKind } from '../lib.mjs';

const v12 = (s) => ({
  getTLSVersion: s.getTLSVersion(),
  getCipher: s.getCipher(),
  getEphemeralKeyInfo: s.getEphemeralKeyInfo(),
  getTLSTicket: bufKind(s.getTLSTicket()),
  getSession: bufKind(s.getSession()),
  finishedLength: s.getTLSFinishedMessage()?.length,
  peerFinishedLength: s.getTLSPeerFinishedMessage()?.length,
});
const cases = [
  ['server maxVersion 771', { maxVersion: 771 }, {}],
  ['client secureOptions NO_TLSv1_3', {}, { secureOptions: constants.SSL_OP_NO_TLSv1_3 }],
];

export default async function ({ connect, listen, trace }) {
  for (const [label, serverExtra, clientExtra] of cases) {
    let server;
    const finished = {};
    await pair({ connect, listen }, {
      listenOpts: { tls: { ...serverTls(), ...serverExtra } },
      connectOpts: { hostname: 'localhost', tls: trustTls(clientExtra) },
      server: {
        handshake(s, ok) {
          server = s;
          trace(`${label} server`, 'handshake', ok, v12(s));
          finished.server = [s.getTLSFinishedMessage(), s.getTLSPeerFinishedMessage()];
        },
        data(s, d) { s.write(d); },
      },
      client: {
        open(s) { trace(`${label} client`, 'open', v12(s)); },
        handshake(s, ok) {
          trace(`${label} client`, 'handshake', ok, v12(s));
          finished.client = [s.getTLSFinishedMessage(), s.getTLSPeerFinishedMessage()];
          s.write('x');
        },
        data(s) {
          const [sOwn, sPeer] = finished.server;
          const [cOwn, cPeer] = finished.client;
          trace(`${label} client`, 'finished messages cross-equal', cOwn.equals(sPeer), cPeer.equals(sOwn), cOwn.equals(cPeer));
          s.end();
        },
      },
    });
    trace(`${label} server`, 'after close', v12(server));
  }
}
