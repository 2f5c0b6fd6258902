// Socket object shape: toString tag, constructor, own keys, shared prototype, member types.
import { pair } from '../lib.mjs';

const METHODS = ['close', 'end', 'flush', 'getAuthorizationError', 'getCertificate', 'getCipher',
  'getPeerCertificate', 'getServername', 'getSession', 'getTLSTicket', 'getTLSVersion', 'isSessionReused',
  'pause', 'ref', 'reload', 'resume', 'setKeepAlive', 'setNoDelay', 'setServername', 'setSession',
  'shutdown', 'terminate', 'timeout', 'unref', 'upgradeTLS', 'write', 'exportKeyingMaterial',
  'setMaxSendFragment', 'setVerifyMode', 'renegotiate', 'disableRenegotiation', 'getEphemeralKeyInfo',
  'getSharedSigalgs', 'getTLSFinishedMessage', 'getTLSPeerFinishedMessage'];

const shape = (s) => ({
  tag: Object.prototype.toString.call(s),
  ctor: s.constructor?.name,
  ownKeys: Object.keys(s),
  methods: Object.fromEntries(METHODS.map((m) => [m, typeof s[m]])),
  dispose: typeof s[Symbol.dispose],
  props: [typeof s.readyState, typeof s.bytesWritten, typeof s.data, typeof s.authorized, typeof s.alpnProtocol],
});

export default async function ({ connect, listen, trace }) {
  let server;
  await pair({ connect, listen }, {
    server: { open(s) { server = s; }, data() {} },
    client: { data() {} },
    setup(c) {
      trace('client', shape(c));
      trace('server', shape(server));
      trace('same prototype', Object.getPrototypeOf(c) === Object.getPrototypeOf(server));
      trace('promise', Object.prototype.toString.call(connect({ hostname: '127.0.0.1', port: 0, socket: { data() {} } }).catch(() => {})));
      c.end();
    },
  });
}
