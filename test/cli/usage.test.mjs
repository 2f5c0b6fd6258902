// `bunsock` usage, --help per command, documented exit codes, and user errors as one
// line without a stack trace. Each case is a real `bunsock` process.
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { cleanup, root, runBunsock, stackLines, tempDir } from "./helpers.mjs";

after(cleanup);
const T = { timeout: 30_000 };

/** A user error: the given exit code and exactly one stderr line, no stack. */
function assertUserError(r, code, pattern) {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], /^bunsock: /);
  assert.match(lines[0], pattern);
  assert.deepEqual(stackLines(r.stderr), []);
}

test("no command: usage on stderr, exit 2; --help: usage with the exit codes on stdout, exit 0", T, async () => {
  const bare = await runBunsock([]);
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout.length, 0);
  assert.match(bare.stderr, /^Usage: bunsock <command>/);
  const help = await runBunsock(["--help"]);
  assert.equal(help.code, 0);
  const text = help.stdout.toString();
  for (const name of ["connect", "listen", "probe", "bench"]) assert.match(text, new RegExp(`^  ${name} `, "m"));
  for (const code of ["0", "1", "2", "3", "4", "70", "130"]) assert.match(text, new RegExp(`^  ${code} +\\S`, "m"), `exit code ${code} documented`);
});

test("every command has --help (exit 0, its own usage) and `bunsock help CMD` shows the same", T, async () => {
  for (const name of ["connect", "listen", "probe", "bench"]) {
    const r = await runBunsock([name, "--help"]);
    assert.equal(r.code, 0, name);
    assert.match(r.stdout.toString(), new RegExp(`^Usage: bunsock ${name} `));
    assert.match(r.stdout.toString(), /Exit status:/);
    const viaHelp = await runBunsock(["help", name]);
    assert.equal(viaHelp.stdout.toString(), r.stdout.toString());
  }
});

test("the README lists the same exit codes as `bunsock --help`", T, async () => {
  const help = (await runBunsock(["--help"])).stdout.toString();
  const block = help.slice(help.indexOf("Exit codes:"));
  const readme = readFileSync(join(root, "README.md"), "utf8");
  for (const line of block.split("\n").slice(1).filter((l) => l.trim() !== "")) {
    assert.ok(readme.includes(line.trim()), `README has: ${line.trim()}`);
  }
});

test("--version prints the package version", T, async () => {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const r = await runBunsock(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.toString(), `bunsock ${version}\n`);
});

test("usage errors exit 2 with one line naming the command's --help", T, async () => {
  assertUserError(await runBunsock(["frobnicate"]), 2, /unknown command 'frobnicate'.*bunsock --help/);
  assertUserError(await runBunsock(["connect", "--bogus", "h", "1"]), 2, /Unknown option '--bogus'.*bunsock connect --help/);
  assertUserError(await runBunsock(["connect", "localhost"]), 2, /expected HOST PORT, got 'localhost'/);
  assertUserError(await runBunsock(["connect", "localhost", "99999"]), 2, /port must be a number from 0 to 65535, got '99999'/);
  assertUserError(await runBunsock(["connect", "--ca", "x.pem", "localhost", "1"]), 2, /--ca needs --tls/);
  assertUserError(await runBunsock(["connect", "--tls", "--alpn", ",", "localhost", "1"]), 2, /--alpn/);
  assertUserError(await runBunsock(["connect", "--tls", "--cert", "a.pem", "localhost", "1"]), 2, /--cert and --key go together/);
  assertUserError(await runBunsock(["connect", "-w", "soon", "localhost", "1"]), 2, /--timeout must be a positive number/);
  assertUserError(await runBunsock(["listen", "--tls", "0"]), 2, /--tls needs --cert FILE and --key FILE/);
  assertUserError(await runBunsock(["listen", "--host", "x", "--unix", "/tmp/x.sock"]), 2, /exclude each other/);
  assertUserError(await runBunsock(["probe", "localhost"]), 2, /expected HOST:PORT/);
  assertUserError(await runBunsock(["probe", "::1:443"]), 2, /IPv6 as \[ADDR\]:PORT/);
});

test("an unreadable certificate file is a usage error (exit 2) naming the file and the reason", T, async () => {
  assertUserError(await runBunsock(["connect", "--tls", "--ca", "/nonexistent/ca.pem", "localhost", "1"]), 2, /cannot read --ca \/nonexistent\/ca\.pem: ENOENT/);
  assertUserError(await runBunsock(["probe", "--ca", "/nonexistent/ca.pem", "localhost:1"]), 2, /cannot read --ca/);
  assertUserError(
    await runBunsock(["listen", "--tls", "--cert", "/nonexistent/c.pem", "--key", "/nonexistent/k.pem", "0"]),
    2,
    /cannot read --cert/,
  );
});

test("network errors exit 1 with one line: refused, unix path missing, address in use", T, async () => {
  // A port that was just free: bind, note it, close (nothing listens there afterwards).
  const probe = createServer();
  await new Promise((r) => probe.listen(0, "127.0.0.1", r));
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  assertUserError(await runBunsock(["connect", "127.0.0.1", String(port)]), 1, new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  assertUserError(await runBunsock(["probe", `127.0.0.1:${port}`, "-q"]), 1, /ECONNREFUSED/);
  const tmp = tempDir();
  try {
    assertUserError(await runBunsock(["connect", "--unix", join(tmp.dir, "none.sock")]), 1, /ENOENT/);
  } finally {
    tmp.remove();
  }

  const holder = createServer();
  await new Promise((r) => holder.listen(0, "127.0.0.1", r));
  try {
    assertUserError(await runBunsock(["listen", String(holder.address().port)]), 1, /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
  } finally {
    holder.close();
  }
});

test("connect --timeout: a connection that never completes gives up with exit 1", T, async () => {
  // A TCP server that accepts but never answers: --tls waits for a handshake that never comes.
  const silent = createServer(() => {});
  await new Promise((r) => silent.listen(0, "127.0.0.1", r));
  try {
    const r = await runBunsock(["connect", "--tls", "-w", "0.5", "127.0.0.1", String(silent.address().port)], { input: "" });
    assertUserError(r, 1, /timed out after 0\.5 s connecting to 127\.0\.0\.1:\d+/);
  } finally {
    silent.close();
  }
});
