/**
 * The workloads, their parameters per mode, and the metrics they produce.
 * Every workload is bounded: windowed ones by time, the others by a fixed byte count,
 * and every process by a hard deadline.
 */

const MiB = 1024 * 1024;

/** A metric is one row of the results table; a workload may produce more than one (idle memory). */
export const METRICS = [
  { id: "pingpong", workload: "pingpong", unit: "round trips/s", higherIsBetter: true, what: "1 connection, 64 B echo" },
  { id: "pipelined", workload: "pipelined", unit: "msgs/s", higherIsBetter: true, what: "50 connections x 16 msgs of 64 B in flight" },
  { id: "bulk", workload: "bulk", unit: "MB/s", higherIsBetter: true, what: "64 KiB writes, client to server" },
  { id: "smallwrites", workload: "smallwrites", unit: "writes/s", higherIsBetter: true, what: "32 B writes with back-pressure" },
  { id: "connect_seq", workload: "connect_seq", unit: "conns/s", higherIsBetter: true, what: "sequential connect + close" },
  { id: "connect_c32", workload: "connect_c32", unit: "conns/s", higherIsBetter: true, what: "32 concurrent connect + close loops" },
  { id: "idle_mem_server", workload: "idle_memory", unit: "bytes/conn", higherIsBetter: false, what: "idle connections, server process RSS delta" },
  { id: "idle_mem_client", workload: "idle_memory", unit: "bytes/conn", higherIsBetter: false, what: "idle connections, client process RSS delta" },
  { id: "tls_handshake", workload: "tls_handshake", unit: "handshakes/s", higherIsBetter: true, what: "32 concurrent full TLS handshakes (no resumption)" },
  { id: "tls_bulk", workload: "tls_bulk", unit: "MB/s", higherIsBetter: true, what: "64 KiB writes over TLS" },
];

export const WORKLOADS = [...new Set(METRICS.map((m) => m.workload))];

export const MODES = {
  // Sized so that `npm run bench -- --quick` (build included) stays under 2 minutes with
  // four contenders on a busy 2-core machine.
  quick: {
    rounds: 3,
    warmupMs: 400,
    durationMs: 250,
    bulkBytes: 64 * MiB,
    smallWrites: 50_000,
    idleConns: 2000,
    idleSteps: 4,
    idleWarm: 500,
    settleMs: 60,
    tlsBulkBytes: 32 * MiB,
  },
  full: {
    rounds: 5,
    warmupMs: 500,
    durationMs: 2000,
    bulkBytes: 1024 * MiB,
    smallWrites: 1_000_000,
    idleConns: 8000,
    idleSteps: 8,
    idleWarm: 1000,
    settleMs: 250,
    tlsBulkBytes: 256 * MiB,
  },
  // For the sanity check: each contender must complete each workload, fast.
  sanity: {
    rounds: 1,
    warmupMs: 50,
    durationMs: 150,
    bulkBytes: 8 * MiB,
    smallWrites: 20_000,
    idleConns: 200,
    idleSteps: 2,
    idleWarm: 100,
    settleMs: 50,
    tlsBulkBytes: 4 * MiB,
  },
};

/** Parameters handed to both processes of one workload run. */
export function paramsFor(workload, mode) {
  const m = MODES[mode];
  const windowed = { warmupMs: m.warmupMs, durationMs: m.durationMs, hardMs: m.warmupMs + m.durationMs + 30_000 };
  switch (workload) {
    case "pingpong":
      return { ...windowed };
    case "pipelined":
      return { ...windowed, conns: 50, depth: 16 };
    case "bulk":
      return { writeSize: 64 * 1024, totalBytes: m.bulkBytes, hardMs: 120_000 };
    case "smallwrites":
      return { writeSize: 32, totalBytes: 32 * m.smallWrites, hardMs: 120_000 };
    case "connect_seq":
      return { ...windowed, concurrency: 1 };
    case "connect_c32":
      return { ...windowed, concurrency: 32 };
    case "idle_memory":
      return { conns: m.idleConns, steps: m.idleSteps, warm: m.idleWarm, settleMs: m.settleMs, hardMs: 120_000 };
    case "tls_handshake":
      return { ...windowed, concurrency: 32, tls: true };
    case "tls_bulk":
      return { writeSize: 64 * 1024, totalBytes: m.tlsBulkBytes, tls: true, hardMs: 120_000 };
    default:
      throw new Error(`unknown workload ${workload}`);
  }
}
