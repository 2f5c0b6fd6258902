// examples/starttls: its self-check (client and server both bunsock, upgradeTLS on each end).
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { cleanup, root, start } from "../helpers.mjs";

after(cleanup);

const example = join(root, "dist/examples/starttls.js");

test("examples/starttls --smoke passes and exits 0", { timeout: 60_000 }, async () => {
  const p = start(process.execPath, [example, "--smoke"], { stdin: "ignore" });
  const { code } = await p.wait(50_000);
  assert.equal(code, 0, `stdout: ${p.stdout()} stderr: ${p.stderr()}`);
  assert.match(p.stdout().toString(), /^starttls: smoke check passed/m);
});
