/**
 * Who runs: node:net on Node, bunsock on Node (the default transport, and any other
 * transport the build really offers), real Bun. Also a snapshot of the built bunsock, so
 * a rebuild by someone else during a run cannot mix two versions in one table.
 */
import { execFileSync, execSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const benchDir = join(here, "..");
export const repoRoot = join(benchDir, "..");
export const bunPath = join(repoRoot, "node_modules", ".bin", "bun");

const BUN_API = join(benchDir, "contenders", "bun-api.mjs");
const NODE_NET = join(benchDir, "contenders", "node-net.mjs");

/** Copies dist/src to a private directory; returns its path and a cleanup function. */
export function snapshotDist(srcDir = join(repoRoot, "dist", "src")) {
  if (!existsSync(join(srcDir, "index.js"))) {
    throw new Error(`${srcDir}/index.js is missing: run \`npm run build\` in the repo root first`);
  }
  const dir = mkdtempSync(join(tmpdir(), "bunsock-bench-"));
  cpSync(srcDir, join(dir, "src"), { recursive: true });
  // ESM like the repo (no reliance on Node's module-syntax detection).
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return { dir, root: dir, entry: join(dir, "src", "index.js"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Builds bunsock's src/ as it was at a git ref (git archive, no worktree touched) into a
 * private directory, for before/after columns from the same run.
 */
export function buildRef(ref) {
  const dir = mkdtempSync(join(tmpdir(), "bunsock-ref-"));
  execSync(`git -C ${JSON.stringify(repoRoot)} archive ${JSON.stringify(ref)} src tsconfig.json | tar -x -C ${JSON.stringify(dir)}`, {
    stdio: ["ignore", "ignore", "inherit"],
  });
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(dir, "tsconfig.ref.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["src"] }));
  execFileSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.ref.json")], { stdio: "inherit" });
  return { dir, root: join(dir, "dist"), entry: join(dir, "dist", "src", "index.js"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * What transport bunsock picks with a given BUNSOCK_TRANSPORT (undefined = unset), asked
 * of the build itself. `root` holds the built `src/`.
 */
export function transportName(root, value) {
  const select = join(root, "src", "transport", "select.js");
  if (!existsSync(select)) return null;
  const env = { ...process.env };
  if (value === undefined) delete env.BUNSOCK_TRANSPORT;
  else env.BUNSOCK_TRANSPORT = value;
  try {
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", `const m = await import(${JSON.stringify("file://" + select)}); process.stdout.write(String(m.selectTransport().name));`],
      { env, stdio: ["ignore", "pipe", "pipe"], timeout: 15_000 },
    );
    return out.toString().trim() || null;
  } catch {
    return null;
  }
}

export function bunVersion() {
  try {
    return execFileSync(bunPath, ["--version"], { timeout: 10_000 }).toString().trim();
  } catch {
    return null;
  }
}

function bunsockContender(name, entry, transport) {
  const env = { BENCH_IMPL: "bunsock", BENCH_BUNSOCK_ENTRY: entry };
  if (transport !== undefined) env.BUNSOCK_TRANSPORT = transport;
  return { name, kind: "bunsock", cmd: process.execPath, args: ["--expose-gc"], script: BUN_API, env, cwd: benchDir };
}

/**
 * The contender list. `bunsock` is the default transport (or whatever BUNSOCK_TRANSPORT the
 * user set, passed through). Another transport column appears only when the build, asked
 * with BUNSOCK_TRANSPORT=<name>, really selects a transport of that name.
 */
export function contenders({ snapshot, refs = [] }) {
  const userTransport = process.env.BUNSOCK_TRANSPORT;
  const defaultName = transportName(snapshot.root, userTransport);
  const list = [
    { name: "node", label: "node:net", kind: "node", cmd: process.execPath, args: ["--expose-gc"], script: NODE_NET, env: {}, cwd: benchDir },
    { ...bunsockContender("bunsock", snapshot.entry, userTransport), transport: defaultName },
  ];
  for (const alt of ["handle", "node"]) {
    if (alt === defaultName) continue;
    if (transportName(snapshot.root, alt) === alt) list.push({ ...bunsockContender(`bunsock-${alt}`, snapshot.entry, alt), transport: alt, variant: true });
  }
  for (const { ref, build } of refs) {
    list.push({ ...bunsockContender(`bunsock${ref}`, build.entry, userTransport), transport: transportName(build.root, userTransport), variant: true });
  }
  // Throwaway prototypes (issue 8), only when asked for.
  if (process.env.BENCH_PROTO_TLSWRAP === "1") {
    list.push({ name: "proto-tlswrap", kind: "proto", cmd: process.execPath, args: ["--expose-gc"], script: join(benchDir, "proto", "tls-wrap.mjs"), env: {}, cwd: benchDir, variant: true });
  }
  if (existsSync(bunPath)) list.push({ name: "bun", label: "Bun (native)", kind: "bun", cmd: bunPath, args: [], script: BUN_API, env: { BENCH_IMPL: "bun" }, cwd: benchDir });
  // Without Bun the table has no bunsock/bun column; say so rather than leave it to be noticed.
  else console.warn(`bench: no Bun binary at ${bunPath} (run \`npm ci\` at the repo root): the Bun contender is left out`);
  return { list, defaultTransport: defaultName };
}
