// timeout(): validation errors, return value, fires once (Bun: on a coarse 4 s tick) and
// does not close the socket. The only scenario that waits for a timeout.
import { pair, attempt, deferred } from '../lib.mjs';

export default async function ({ connect, listen, trace }) {
  const fired = deferred();
  await pair({ connect, listen }, {
    server: { data() {} },
    client: {
      data() {},
      timeout(s) { trace('timeout', arguments.length, s.readyState); fired.resolve(); },
    },
    async setup(c) {
      trace('timeout()', ...attempt(() => c.timeout()));
      trace('timeout(-1)', ...attempt(() => c.timeout(-1)));
      trace('timeout(0)', ...attempt(() => c.timeout(0)));
      trace('timeout(1)', ...attempt(() => c.timeout(1)));
      await fired.promise;
      await new Promise((r) => setTimeout(r, 50));
      trace('after timeout', c.readyState, c.write('still'));
      c.end();
      trace('closed', ...attempt(() => c.timeout(-1)), ...attempt(() => c.timeout()));
    },
  });
}
