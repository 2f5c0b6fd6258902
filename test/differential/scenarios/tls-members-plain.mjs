// TLS-only members on a plain TCP socket (spec §4/§5 "plain TCP" column), client and server.
import { pair, attempt } from '../lib.mjs';

const members = (s) => ({
  getCipher: s.getCipher(),
  getTLSVersion: s.getTLSVersion(),
  getPeerCertificate: s.getPeerCertificate(),
  getCertificate: s.getCertificate(),
  getSession: s.getSession(),
  isSessionReused: s.isSessionReused(),
  getTLSTicket: s.getTLSTicket(),
  exportKeyingMaterial: attempt(() => s.exportKeyingMaterial(32, 'label')),
  getTLSFinishedMessage: s.getTLSFinishedMessage(),
  getTLSPeerFinishedMessage: s.getTLSPeerFinishedMessage(),
  getServername: s.getServername(),
  setServername: attempt(() => s.setServername('x')),
  getEphemeralKeyInfo: s.getEphemeralKeyInfo(),
  getSharedSigalgs: s.getSharedSigalgs(),
  setMaxSendFragment: s.setMaxSendFragment(1024),
  setVerifyMode: s.setVerifyMode(false, false),
  disableRenegotiation: s.disableRenegotiation(),
  renegotiate: attempt(() => s.renegotiate()),
  authorized: s.authorized,
  alpnProtocol: s.alpnProtocol,
  getAuthorizationError: s.getAuthorizationError(),
  typeofGetX509Certificate: typeof s.getX509Certificate,
  typeofGetPeerX509Certificate: typeof s.getPeerX509Certificate,
  typeofUpgradeTLS: typeof s.upgradeTLS,
});

export default async function ({ connect, listen, trace }) {
  let server;
  await pair({ connect, listen }, {
    server: { open(s) { server = s; }, data() {} },
    client: { data() {} },
    setup(c) {
      trace('client', members(c));
      trace('server', members(server));
      c.end();
      trace('client closed', members(c));
    },
  });
}
