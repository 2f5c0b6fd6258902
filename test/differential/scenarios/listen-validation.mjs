// Synchronous validation errors of listen() (name + code) and accepted odd inputs.
import { attempt } from '../lib.mjs';

const ok = { data() {} };
export default async function ({ listen, trace }) {
  const h = '127.0.0.1';
  const cases = {
    noArg: [],
    number: [5],
    empty: [{}],
    socket5: [{ hostname: h, port: 0, socket: 5 }],
    socketNull: [{ hostname: h, port: 0, socket: null }],
    noDataNoDrain: [{ hostname: h, port: 0, socket: { open() {} } }],
    dataNotFn: [{ hostname: h, port: 0, socket: { data: 1 } }],
    errorNotFn: [{ hostname: h, port: 0, socket: { data() {}, error: 'x' } }],
    binaryTypeBad: [{ hostname: h, port: 0, socket: { data() {}, binaryType: 'blob' } }],
    portMissing: [{ hostname: h, socket: ok }],
    portNeg: [{ hostname: h, port: -1, socket: ok }],
    port70000: [{ hostname: h, port: 70000, socket: ok }],
    portNaN: [{ hostname: h, port: NaN, socket: ok }],
    portFrac: [{ hostname: h, port: 0.5, socket: ok }],
    noHost: [{ port: 0, socket: ok }],
    emptyHost: [{ hostname: '', port: 0, socket: ok }],
    unix5: [{ unix: 5, socket: ok }],
    unixEmpty: [{ unix: '', socket: ok }],
    allowHalfOpenStr: [{ hostname: h, port: 0, allowHalfOpen: 'x', socket: ok }],
    exclusiveNum: [{ hostname: h, port: 0, exclusive: 1, socket: ok }],
    reusePortStr: [{ hostname: h, port: 0, reusePort: 'x', socket: ok }],
    ipv6OnlyNum: [{ hostname: h, port: 0, ipv6Only: 0, socket: ok }],
    tls5: [{ hostname: h, port: 0, tls: 5, socket: ok }],
  };
  for (const [k, args] of Object.entries(cases)) trace(k, ...attempt(() => listen(...args)));
  const accepted = {
    'port string': { hostname: h, port: '0', socket: ok },
    'host alias': { host: h, port: 0, socket: ok },
    'connectError handler': { hostname: h, port: 0, socket: { data() {}, connectError() {} } },
    'tls {} is plain': { hostname: h, port: 0, tls: {}, socket: ok },
    'tls false': { hostname: h, port: 0, tls: false, socket: ok },
    'drain only': { hostname: h, port: 0, socket: { drain() {} } },
    'booleans': { hostname: h, port: 0, exclusive: true, reusePort: false, ipv6Only: false, allowHalfOpen: true, socket: ok },
  };
  for (const [k, o] of Object.entries(accepted)) {
    const [how, l] = attempt(() => listen(o));
    trace(k, how, how === 'returns' ? [l.hostname, typeof l.port] : l);
    if (how === 'returns') l.stop(true);
  }
}
