/**
 * On Bun itself bunsock passes straight through to Bun's native connect/listen:
 * the sockets it returns are Bun's own (they have Bun-only members bunsock does not
 * provide, such as getTypeOfService), and bunsock/global leaves Bun.connect untouched.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { libUrl } from "../helpers/child.js";

const bun = fileURLToPath(new URL("../../../node_modules/.bin/bun", import.meta.url));

const script = `
const native = Bun.connect;
const { connect, listen } = await import(${JSON.stringify(libUrl("index.js"))});
await import(${JSON.stringify(libUrl("global.js"))});
let serverHasNativeMember;
const l = listen({ hostname: "127.0.0.1", port: 0, socket: {
  open(s) { serverHasNativeMember = typeof s.getTypeOfService; },
  data(s, d) { s.end(d); },
}});
const got = [];
const c = await connect({ hostname: "127.0.0.1", port: l.port, socket: {
  data(s, d) { got.push(String(d)); },
  close() { l.stop(); console.log(JSON.stringify({ serverHasNativeMember, clientHasNativeMember: typeof c.getTypeOfService, got, globalUntouched: Bun.connect === native })); },
}});
c.write("ping");
`;

test("on Bun, connect/listen are Bun's native ones", { skip: !existsSync(bun) && "bun binary missing" }, () => {
  const r = spawnSync(bun, ["-e", script], { encoding: "utf8", timeout: 15_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
  assert.deepEqual(out, { serverHasNativeMember: "function", clientHasNativeMember: "function", got: ["ping"], globalUntouched: true });
});
