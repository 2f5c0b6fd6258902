/**
 * Reads a Blob synchronously. Bun reads `Bun.file(...)` TLS material while
 * connect()/listen() run, and reports a bad file by throwing; Node can only read a
 * Blob asynchronously, so a short-lived worker reads it while this thread waits on
 * an Atomics flag. Rare (TLS options only), so the worker's start-up cost is fine.
 */
import { Buffer } from "node:buffer";
import { Worker } from "node:worker_threads";

const WORKER = `
const { workerData } = require("node:worker_threads");
const { blob, flag, out } = workerData;
blob.arrayBuffer().then(
  (ab) => { new Uint8Array(out).set(new Uint8Array(ab)); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); },
  (err) => { Atomics.store(flag, 0, 2); Atomics.notify(flag, 0); },
);`;

const TIMEOUT_MS = 30_000;

export function readBlobSync(blob: Blob): Buffer {
  const path = (blob as { name?: unknown }).name;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const out = new SharedArrayBuffer(blob.size);
  const worker = new Worker(WORKER, { eval: true, workerData: { blob, flag, out } });
  worker.unref();
  const waited = Atomics.wait(flag, 0, 0, TIMEOUT_MS);
  void worker.terminate();
  if (waited === "timed-out" || Atomics.load(flag, 0) !== 1) {
    const e = new Error(`ENOENT: no such file or directory, open '${typeof path === "string" ? path : "blob"}'`);
    throw Object.assign(e, { code: "ENOENT", errno: -2, syscall: "open", path: typeof path === "string" ? path : "" });
  }
  return Buffer.from(new Uint8Array(out));
}
