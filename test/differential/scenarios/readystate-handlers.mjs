// readyState seen inside every handler (open, data, drain, end, close, error) on both sides.
import { pair } from '../lib.mjs';

const rec = (trace, ch, extra = {}) => ({
  open(s) { trace(ch, 'open', s.readyState); extra.open?.(s); },
  data(s, d) { trace(ch, 'data', s.readyState); extra.data?.(s, d); },
  drain(s) { trace(ch, 'drain', s.readyState); },
  end(s) { trace(ch, 'end', s.readyState); extra.end?.(s); },
  close(s, e) { trace(ch, 'close', s.readyState, e, s.write('x'), s.end()); },
  error(s, e) { trace(ch, 'error', s.readyState, e); },
});

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: rec(trace, 'server', {
      data(s) { s.pause(); setTimeout(() => s.resume(), 10); },
      end(s) { throw new Error('from end'); },
    }),
    client: rec(trace, 'client', { open(s) { s.write('a'); setTimeout(() => { trace('client', 'shutdown', s.shutdown(), s.readyState); }, 30); } }),
    setup() {},
  });
}
