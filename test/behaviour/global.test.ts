import { test } from "node:test";
import * as assert from "node:assert/strict";
import { libUrl, runModule } from "../helpers/child.js";

test("bunsock/global installs Bun.connect and Bun.listen on Node; they work end to end", async () => {
  const r = await runModule(`
    if (globalThis.Bun !== undefined) { console.log("Bun already defined"); process.exit(2); }
    await import(${JSON.stringify(libUrl("global.js"))});
    const out = [typeof Bun.connect, typeof Bun.listen];
    const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: {
      data(s, d) { s.write("echo:" + d.toString()); },
    } });
    const done = new Promise((resolve) => {
      Bun.connect({ hostname: "127.0.0.1", port: l.port, socket: {
        open(s) { s.write("hi"); },
        data(s, d) { out.push(d.toString()); s.end(); },
        close() { resolve(); },
      } });
    });
    await done;
    l.stop(true);
    console.log(out.join(","));
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "function,function,echo:hi");
});

test("importing bunsock/global twice is harmless and keeps the same functions", async () => {
  const r = await runModule(`
    const a = await import(${JSON.stringify(libUrl("global.js"))});
    const first = Bun.connect;
    await import(${JSON.stringify(libUrl("global.js"))} + "?again");
    console.log(Bun.connect === a.connect, typeof Bun.connect === "function", first === a.connect);
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "true true true");
});
