// `bunsock bench` end to end, from a throwaway copy of the package (so the real bench/,
// which takes minutes, never runs here): missing, not installed, and a quick mode that runs.
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, root, start, tempDir } from "./helpers.mjs";

after(cleanup);
const T = { timeout: 60_000 };

/** A package root named bunsock holding the compiled CLI, and optionally bench/package.json. */
function fakeCheckout(dir, bench) {
  cpSync(join(root, "dist/src"), join(dir, "dist/src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bunsock", version: "0.0.0-test", type: "module" }));
  if (bench !== undefined) {
    mkdirSync(join(dir, "bench"));
    writeFileSync(join(dir, "bench/package.json"), JSON.stringify(bench));
  }
  return join(dir, "dist/src/cli/main.js");
}

async function runIn(cli, args) {
  const p = start(process.execPath, [cli, ...args], { stdin: "ignore" });
  const { code } = await p.wait(45_000);
  return { code, stdout: p.stdout().toString(), stderr: p.stderr() };
}

test("no bench/: exit 4 with one line saying where it looked", T, async () => {
  const tmp = tempDir();
  try {
    const r = await runIn(fakeCheckout(tmp.dir), ["bench"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^bunsock: no benchmark package at .*bench \(bench\/ ships with the bunsock repository, not the npm package\)\n$/);
  } finally {
    tmp.remove();
  }
});

test("bench/ with dependencies but not installed: exit 4 naming the install command", T, async () => {
  const tmp = tempDir();
  try {
    const cli = fakeCheckout(tmp.dir, { name: "bench", devDependencies: { something: "1.0.0" }, scripts: { quick: "node -e 0" } });
    const r = await runIn(cli, ["bench"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /not installed: run `npm ci --prefix .*bench`/);
  } finally {
    tmp.remove();
  }
});

test("bench/ without a quick mode: exit 4", T, async () => {
  const tmp = tempDir();
  try {
    const r = await runIn(fakeCheckout(tmp.dir, { name: "bench", scripts: { test: "node -e 0" } }), ["bench"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /defines no quick mode/);
  } finally {
    tmp.remove();
  }
});

test("a quick mode runs with the arguments after --, and its exit status is bunsock's", T, async () => {
  const tmp = tempDir();
  try {
    const script = "node -e \"console.log('quick mode ran with', process.argv.slice(1).join(' ')); process.exit(process.argv.includes('--fail') ? 5 : 0)\" --";
    const cli = fakeCheckout(tmp.dir, { name: "bench", scripts: { quick: script } });
    const ok = await runIn(cli, ["bench", "--", "--rounds", "1"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /quick mode ran with --rounds 1/);
    assert.match(ok.stderr, /running the benchmarks' quick mode: npm run quick -- --rounds 1/);
    const failing = await runIn(cli, ["bench", "--", "--fail"]);
    assert.equal(failing.code, 5);
  } finally {
    tmp.remove();
  }
});
