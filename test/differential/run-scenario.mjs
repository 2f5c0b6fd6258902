// Runs one differential scenario and prints its trace as one JSON line.
//   node_modules/.bin/bun test/differential/run-scenario.mjs <name|path>   (real Bun)
//   node test/differential/run-scenario.mjs <name|path>                    (bunsock)
// The trace is printed when the process exits, so events that arrive after
// the scenario's promise settled are still recorded.
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalize } from './lib.mjs';

const HARD_CAP_MS = 10_000;
const here = dirname(fileURLToPath(import.meta.url));
const arg = process.argv[2];
if (!arg) {
  writeSync(2, 'usage: run-scenario.mjs <scenario name or path>\n');
  process.exit(2);
}
const file = /[\\/]|\.mjs$/.test(arg) ? resolve(arg) : join(here, 'scenarios', `${arg}.mjs`);
const isBun = typeof process.versions.bun === 'string';

const traces = {};
// trace(channel, ...values): appends one entry to that channel's list.
// Consecutive ['data', string] entries in a channel are merged into one:
// how TCP chunks the bytes is not part of the contract.
const trace = (channel, ...values) => {
  const list = (traces[channel] ??= []);
  const last = list[list.length - 1];
  if (values.length === 2 && values[0] === 'data' && typeof values[1] === 'string'
      && last?.length === 2 && last[0] === 'data' && typeof last[1] === 'string') {
    last[1] += values[1];
    return;
  }
  list.push(values.map(normalize));
};
const dir = mkdtempSync(join(tmpdir(), 'bsdiff-'));
const tmpPath = (name) => join(dir, name);
let done = false;

let failed = false;
const fail = (why) => {
  failed = true;
  writeSync(2, `${why}\npartial trace: ${JSON.stringify(traces)}\n`);
  try { rmSync(dir, { recursive: true, force: true }); } catch {}
  process.exit(1);
};

const mod = await import(pathToFileURL(file).href);
const options = mod.options ?? {};

process.on('exit', (code) => {
  try { rmSync(dir, { recursive: true, force: true }); } catch {}
  if (failed) return;
  if (!done && !options.exitCode) {
    writeSync(2, `scenario did not finish (event loop drained, exit ${code})\npartial trace: ${JSON.stringify(traces)}\n`);
    process.exitCode = 1;
    return;
  }
  const out = { trace: traces };
  if (options.exitCode) out.exitCode = code;
  writeSync(1, `${JSON.stringify(out)}\n`);
});

if (options.uncaught) {
  process.on('uncaughtException', (e) => trace('uncaughtException', e));
}
if (options.rejections) {
  process.on('unhandledRejection', (e) => trace('unhandledRejection', e));
}
setTimeout(() => fail(`scenario exceeded ${HARD_CAP_MS} ms`), HARD_CAP_MS).unref();

let connect, listen;
if (isBun) {
  ({ connect, listen } = Bun);
} else if (options.global) {
  await import('../../dist/src/global.js');
} else {
  ({ connect, listen } = await import('../../dist/src/index.js'));
}
process.chdir(dir); // relative unix socket paths land in the temp dir

try {
  await mod.default({ connect, listen, trace, tmpPath });
  done = true;
} catch (e) {
  fail(`scenario threw: ${e?.stack ?? e}`);
}
