// Which check wins when several options are bad (spec §1 "Validation precedence").
// All these throw TypeError/RangeError with the same code, so the winner is only visible
// in the message: this scenario records messages (they are listed verbatim in the spec).
const ok = { data() {} };
const show = (f) => { try { f(); return 'no throw'; } catch (e) { return [e.name, e.code, e.message]; } };

export default async function ({ connect, listen, trace }) {
  const cases = {
    'socket5+binaryType': [{ port: -1, socket: 5 }],
    'binaryType+allowHalfOpen': [{ hostname: 'h', port: 1, allowHalfOpen: 1, socket: { binaryType: 'x' } }],
    'allowHalfOpen+port': [{ hostname: 'h', port: -1, allowHalfOpen: 1, socket: ok }],
    'port+tls': [{ hostname: 'h', port: 1.5, tls: 5, socket: ok }],
    'tls+exclusive': [{ hostname: 'h', port: 1, tls: 5, exclusive: 1, socket: ok }],
    'exclusive+unix': [{ unix: 5, exclusive: 1, socket: ok }],
    'unix+handler': [{ unix: 5, socket: { data: 1 } }],
    'open+close order': [{ hostname: 'h', port: 1, socket: { data() {}, close: 1, open: 1 } }],
    'handler+noData': [{ hostname: 'h', port: 1, socket: { open: 1 } }],
    'noData+noHost': [{ port: 1, socket: {} }],
    'noHost+noPort': [{ socket: ok }],
    'portRange+noHost': [{ port: 70000, socket: ok }],
  };
  for (const [k, [opts]] of Object.entries(cases)) {
    trace('connect', k, show(() => connect(opts).catch(() => {})));
    trace('listen', k, show(() => listen(opts).stop?.(true)));
  }
  trace('noArg', show(() => connect()), show(() => listen()));
}
