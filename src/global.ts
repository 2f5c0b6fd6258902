/**
 * Drop-in entry: `import "bunsock/global"` installs `Bun.connect` and `Bun.listen`
 * where Bun is absent, so code written for Bun's sockets runs unchanged.
 * On Bun it changes nothing.
 */
import { connect, listen } from "./index.js";
import { kInstalledByBunsock, nativeBun } from "./transport/bun.js";

if (nativeBun() === undefined) {
  const g = globalThis as { Bun?: Record<string | symbol, unknown> };
  const bun = (g.Bun ??= {});
  bun.connect = connect;
  bun.listen = listen;
  Object.defineProperty(bun, kInstalledByBunsock, { value: true });
}

export { connect, listen };
