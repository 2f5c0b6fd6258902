// Synchronous validation errors of connect() (name + code), (precedence: validation-precedence.mjs).
import { attempt } from '../lib.mjs';

const ok = { data() {} };
export default async function ({ connect, trace }) {
  const cases = {
    noArg: [],
    number: [5],
    string: ['x'],
    empty: [{}],
    socket5: [{ hostname: '127.0.0.1', port: 1, socket: 5 }],
    socketNull: [{ hostname: '127.0.0.1', port: 1, socket: null }],
    socketArray: [{ hostname: '127.0.0.1', port: 1, socket: [] }],
    noDataNoDrain: [{ hostname: '127.0.0.1', port: 1, socket: { open() {}, close() {} } }],
    emptyHandlers: [{ hostname: '127.0.0.1', port: 1, socket: {} }],
    openNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, open: 5 } }],
    closeNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, close: 'x' } }],
    drainNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, drain: {} } }],
    timeoutNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, timeout: 1 } }],
    connectErrorNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, connectError: 1 } }],
    endNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, end: 1 } }],
    errorNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, error: 1 } }],
    handshakeNotFn: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, handshake: 1 } }],
    binaryTypeBlob: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, binaryType: 'blob' } }],
    binaryTypeNumber: [{ hostname: '127.0.0.1', port: 1, socket: { data() {}, binaryType: 5 } }],
    portMissing: [{ hostname: '127.0.0.1', socket: ok }],
    portNull: [{ hostname: '127.0.0.1', port: null, socket: ok }],
    portNeg: [{ hostname: '127.0.0.1', port: -1, socket: ok }],
    port65536: [{ hostname: '127.0.0.1', port: 65536, socket: ok }],
    portNaN: [{ hostname: '127.0.0.1', port: NaN, socket: ok }],
    portAbc: [{ hostname: '127.0.0.1', port: 'abc', socket: ok }],
    portObj: [{ hostname: '127.0.0.1', port: {}, socket: ok }],
    portInf: [{ hostname: '127.0.0.1', port: Infinity, socket: ok }],
    portFrac: [{ hostname: '127.0.0.1', port: 1.5, socket: ok }],
    noHost: [{ port: 1, socket: ok }],
    emptyHost: [{ hostname: '', port: 1, socket: ok }],
    emptyHostWithHost: [{ hostname: '', host: '127.0.0.1', port: 1, socket: ok }],
    nullHostWithHost: [{ hostname: null, host: '127.0.0.1', port: 1, socket: ok }],
    unixEmpty: [{ unix: '', socket: ok }],
    unix5: [{ unix: 5, socket: ok }],
    allowHalfOpenStr: [{ hostname: '127.0.0.1', port: 1, allowHalfOpen: 'yes', socket: ok }],
    exclusiveStr: [{ hostname: '127.0.0.1', port: 1, exclusive: 'yes', socket: ok }],
    reusePortNum: [{ hostname: '127.0.0.1', port: 1, reusePort: 1, socket: ok }],
    ipv6OnlyStr: [{ hostname: '127.0.0.1', port: 1, ipv6Only: 'x', socket: ok }],
    tls5: [{ hostname: '127.0.0.1', port: 1, tls: 5, socket: ok }],
    tlsYes: [{ hostname: '127.0.0.1', port: 1, tls: 'yes', socket: ok }],
  };
  for (const [k, args] of Object.entries(cases)) {
    const [how, v] = attempt(() => connect(...args));
    if (how === 'returns') {
      const r = await v.then(() => 'resolved', (e) => e);
      trace(k, 'no sync throw', r);
    } else trace(k, how, v);
  }
}
