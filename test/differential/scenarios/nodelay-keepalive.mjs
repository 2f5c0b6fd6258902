// setNoDelay/setKeepAlive return values (open and closed) and keep-alive delay validation.
import { pair, attempt } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  await pair({ connect, listen }, {
    server: { data() {} },
    client: { data() {} },
    setup(c) {
      trace('setNoDelay', c.setNoDelay(true), c.setNoDelay(false), c.setNoDelay(), c.setNoDelay('x'), c.setNoDelay({}));
      trace('setKeepAlive', c.setKeepAlive(true, 1000), c.setKeepAlive(false), c.setKeepAlive(), c.setKeepAlive(true, 0), c.setKeepAlive(true, NaN));
      for (const d of [-1, 2 ** 32, '5', 1.5]) trace('setKeepAlive delay', String(d), ...attempt(() => c.setKeepAlive(true, d)));
      c.end();
      trace('closed', c.setNoDelay(true), c.setKeepAlive(true, 1000));
    },
  });
}
