// listen({ fd }): serving a listening socket handed down by the parent (socket activation),
// and Bun's errors for descriptors that are no such socket (probed on 1.4.5).
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, listen } from "../../src/index.js";
import { libUrl } from "../helpers/child.js";
import { withTimeout } from "../helpers/async.js";
import { connectAny, listenAny, tmpUnixPath } from "../helpers/net.js";

const h = { data() {} };

function listenError(fn: () => unknown): unknown {
  try {
    const l = fn() as { stop(force?: boolean): void };
    l.stop(true);
    return "listened";
  } catch (e) {
    const err = e as { name?: string; code?: string; errno?: number; syscall?: string; message?: string };
    return [err.name, err.code, err.errno, err.syscall, err.message];
  }
}

test("listen({fd}) of a descriptor that is no listening socket throws EINVAL; of a listener already served, EEXIST", async () => {
  const einval = ["Error", "EINVAL", 22, "listen", "Failed to listen at "];
  assert.deepEqual(listenError(() => listenAny({ fd: 99999, socket: h })), einval, "not open");
  assert.deepEqual(listenError(() => listenAny({ fd: 1, socket: h })), einval, "stdout");
  const own = listen({ hostname: "127.0.0.1", port: 0, socket: h });
  const fd = (own as unknown as { fd: number }).fd;
  try {
    assert.deepEqual(listenError(() => listenAny({ fd, socket: h })), ["Error", "EEXIST", 17, "listen", "Failed to listen at "]);
    const c = await connect({ hostname: "127.0.0.1", port: own.port, socket: h });
    assert.deepEqual(listenError(() => listenAny({ fd: (c as unknown as { fd: number }).fd, socket: h })), einval, "a connected socket");
    c.terminate();
  } finally {
    own.stop(true);
  }
  // The failed attempts left the descriptors alone: the listener still served, stdout still writes.
  process.stdout.write("");
});

interface ListenHandle {
  fd?: number;
  fdForIpc?(): number;
  constructor: new (type: number) => { open(fd: number): number; close(): void };
}

/**
 * The descriptor of a node:net listener, to hand to a child. Deno's TCP handle has no `fd`:
 * its fdForIpc() gives a dup, which `release` closes once the child has its copy (through a
 * throwaway handle that adopts it, since Deno's fs closes only descriptors it opened).
 */
function descriptorOf(server: net.Server): { fd: number; release(): void } {
  const handle = (server as unknown as { _handle: ListenHandle })._handle;
  if (typeof handle.fd === "number" && handle.fd >= 0) return { fd: handle.fd, release() {} };
  const dup = handle.fdForIpc!();
  return {
    fd: dup,
    release() {
      const adopter = new handle.constructor(0);
      adopter.open(dup);
      adopter.close();
    },
  };
}

/**
 * Runs a child that serves the listening socket `server` as its fd 3 with listen({fd: 3})
 * (the parent closes its own copy first, so only the child accepts), and returns what a
 * client received.
 */
async function serveInChild(server: net.Server, dial: () => Promise<string>): Promise<{ got: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), "bunsock-fd-"));
  const file = join(dir, "child.mjs");
  writeFileSync(file, `
    import { listen } from ${JSON.stringify(libUrl("index.js"))};
    const l = listen({ fd: 3, socket: {
      open(s) { s.end("served by fd " + l.fd); },
      data() {},
      close() { l.stop(); },
    } });
    console.log(JSON.stringify({ port: l.port, hostname: l.hostname, unix: l.unix, fd: l.fd }));
  `);
  const { fd, release } = descriptorOf(server);
  const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "inherit", fd] });
  release();
  await new Promise<void>((r) => server.close(() => r()));
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  try {
    const got = await withTimeout(dial(), "a reply from the child's listener", 10_000);
    assert.equal(await withTimeout(exited, "the child's exit", 10_000), 0);
    return { got, out };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function receive(options: { port: number } | { unix: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    connectAny({
      hostname: "127.0.0.1", ...options,
      socket: { data(_s: unknown, d: Buffer) { got += d.toString(); }, close() { resolve(got); } },
    }).catch(reject);
  });
}

test("listen({fd}) serves an inherited listening TCP socket (port and hostname unknown, as on Bun)", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  const { got, out } = await serveInChild(server, () => receive({ port }));
  assert.equal(got, "served by fd 3");
  assert.deepEqual(JSON.parse(out), { fd: 3 });
});

test("listen({fd}) serves an inherited listening unix socket", async () => {
  using tmp = tmpUnixPath("fd.sock");
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(tmp.path, r));
  // The parent's close() unlinks the path it bound; the socket stays reachable under a new name.
  const path = `${tmp.path}.moved`;
  renameSync(tmp.path, path);
  const { got } = await serveInChild(server, () => receive({ unix: path }));
  assert.equal(got, "served by fd 3");
});
