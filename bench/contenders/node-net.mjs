/**
 * The node:net / node:tls contender: the same workloads written the way a Node user
 * would write them: streams, write() returning false then 'drain', pipe() for echo,
 * destroy() to close a plain socket at once (what Bun's end() does), end() for TLS.
 * TCP_NODELAY is on at both ends, as it is in Bun and in bunsock.
 */
import * as net from "node:net";
import {
  HOST,
  commands,
  emit,
  fail,
  finish,
  hardDeadline,
  measureWindow,
  nowUs,
  cpuNow,
  serverWindow,
  parseArgs,
  serverPort,
  settledMemory,
  tlsFixtures,
  idleClient,
} from "./common.mjs";

const { role, workload, params } = parseArgs();
hardDeadline(params.hardMs ?? 120_000);
let port = 0;

const noop = () => {};
// node:tls only where a workload uses it: loading it costs start-up time in every other run.
const tls = params.tls ? await import("node:tls") : null;

// ---------------------------------------------------------------- server side

function onServerSocket(counters) {
  switch (workload) {
    case "pingpong":
    case "pipelined": {
      let opened = 0;
      return (s) => {
        if (++opened === (params.conns ?? 1)) serverWindow.startTimed(params.warmupMs, params.durationMs);
        s.on("error", noop);
        s.pipe(s);
      };
    }
    case "bulk":
    case "smallwrites":
    case "tls_bulk": {
      const total = params.totalBytes;
      return (s) => {
        let got = 0;
        let acked = false;
        serverWindow.begin();
        s.on("error", noop);
        s.on("data", (chunk) => {
          got += chunk.length;
          serverWindow.received += chunk.length;
          if (!acked && got >= total) {
            acked = true;
            serverWindow.end();
            s.write("ok");
          }
        });
      };
    }
    case "connect_seq":
    case "connect_c32":
    case "tls_handshake":
      // The server closes first (see bun-api.mjs): end() sends FIN (TLS: close_notify too).
      return (s) => {
        serverWindow.startTimed(params.warmupMs, params.durationMs);
        s.on("error", noop);
        s.resume();
        s.end();
      };
    case "idle_memory":
      return (s) => {
        counters.open++;
        s.on("error", noop);
        s.on("data", noop);
        s.on("close", () => counters.open--);
      };
    default:
      throw new Error(`unknown workload ${workload}`);
  }
}

async function runServer() {
  const counters = { open: 0 };
  const onSocket = onServerSocket(counters);
  let server;
  if (params.tls) {
    const f = tlsFixtures();
    server = tls.createServer({ key: f.key, cert: f.cert, noDelay: true }, onSocket);
    // A client that goes away mid-handshake is not the server's problem here.
    server.on("tlsClientError", noop);
  } else {
    server = net.createServer({ noDelay: true }, onSocket);
  }
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: HOST, port: 0, backlog: 4096 }, resolve);
  });
  const waitForConnections = async (n) => {
    const until = Date.now() + 30_000;
    while (counters.open < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  };
  commands(
    async (line) => {
      if (line === "stop") process.exit(0);
      else if (line === "cpu") await emit({ phase: "cpu", cpuUs: await serverWindow.result(), received: serverWindow.received });
      else if (line === "baseline") {
        await waitForConnections(params.warm);
        await emit({ phase: "baseline", mem: await settledMemory(params.settleMs), open: counters.open });
      } else if (line.startsWith("measure ")) {
        await waitForConnections(Number(line.slice(8)));
        await emit({ phase: "measured", mem: await settledMemory(params.settleMs), open: counters.open });
      }
    },
    () => process.exit(0),
  );
  await emit({ ready: true, port: server.address().port });
}

// ---------------------------------------------------------------- client side

function dial(onReady) {
  if (params.tls) {
    const s = tls.connect({ host: HOST, port, ca: tlsFixtures().ca, noDelay: true });
    s.once("secureConnect", () => onReady(s));
    return s;
  }
  const s = net.connect({ host: HOST, port, noDelay: true });
  s.once("connect", () => onReady(s));
  return s;
}

function pingpong() {
  const msg = Buffer.alloc(64, 0x61);
  let rounds = 0;
  let got = 0;
  let stopping = false;
  const s = dial(() => {
    s.write(msg);
    measureWindow(params.warmupMs, params.durationMs, () => rounds, (r) => {
      stopping = true;
      finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
    });
  });
  s.on("error", fail);
  s.on("data", (chunk) => {
    got += chunk.length;
    while (got >= 64) {
      got -= 64;
      rounds++;
      if (!stopping) s.write(msg);
    }
  });
}

function pipelined() {
  const msg = Buffer.alloc(64, 0x61);
  let msgs = 0;
  let opened = 0;
  let stopping = false;
  for (let i = 0; i < params.conns; i++) {
    let got = 0;
    const s = dial(() => {
      for (let j = 0; j < params.depth; j++) s.write(msg);
      if (++opened === params.conns) {
        measureWindow(params.warmupMs, params.durationMs, () => msgs, (r) => {
          stopping = true;
          finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
        });
      }
    });
    s.on("error", fail);
    s.on("data", (chunk) => {
      got += chunk.length;
      while (got >= 64) {
        got -= 64;
        msgs++;
        if (!stopping) s.write(msg);
      }
    });
  }
}

function stream() {
  const size = params.writeSize;
  const total = params.totalBytes;
  const chunk = Buffer.alloc(size, 0x62);
  let sent = 0;
  let t0 = 0;
  let u0 = 0;
  let cpu0 = 0;
  let ack = 0;
  let done = false;
  const pump = () => {
    while (sent < total) {
      const n = Math.min(size, total - sent);
      sent += n;
      if (!s.write(n === size ? chunk : chunk.subarray(0, n))) {
        s.once("drain", pump);
        return;
      }
    }
  };
  const s = dial(() => {
    t0 = performance.now();
    u0 = nowUs();
    cpu0 = cpuNow();
    pump();
  });
  s.on("error", fail);
  s.on("data", (d) => {
    ack += d.length;
    if (done || ack < 2) return;
    done = true;
    const seconds = (performance.now() - t0) / 1000;
    const value = workload === "smallwrites" ? total / size / seconds : total / seconds / 1e6;
    finish({ result: { value, bytes: total, seconds, windowUs: [u0, nowUs()], cpuUs: cpuNow() - cpu0 } });
  });
}

function connectLoop() {
  let count = 0;
  let stopping = false;
  const one = () => {
    // The server ends the connection; allowHalfOpen is off, so Node ends ours in turn.
    const s = dial(noop);
    s.on("error", fail);
    s.resume();
    s.on("close", () => {
      count++;
      if (!stopping) one();
    });
  };
  for (let i = 0; i < params.concurrency; i++) one();
  measureWindow(params.warmupMs, params.durationMs, () => count, (r) => {
    stopping = true;
    finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
  });
}

async function idleMemory() {
  const sockets = [];
  const openMany = async (n) => {
    const batch = 100;
    for (let i = 0; i < n; i += batch) {
      const k = Math.min(batch, n - i);
      const got = await Promise.all(
        Array.from(
          { length: k },
          () =>
            new Promise((resolve, reject) => {
              const s = dial(() => resolve(s));
              s.on("error", reject);
              s.on("data", noop);
            }),
        ),
      );
      sockets.push(...got);
    }
  };
  await idleClient(params, openMany, () => sockets.length);
}

try {
  if (role === "server") await runServer();
  else {
    port = await serverPort(params);
    switch (workload) {
      case "pingpong":
        pingpong();
        break;
      case "pipelined":
        pipelined();
        break;
      case "bulk":
      case "smallwrites":
      case "tls_bulk":
        stream();
        break;
      case "connect_seq":
      case "connect_c32":
      case "tls_handshake":
        connectLoop();
        break;
      case "idle_memory":
        await idleMemory();
        break;
      default:
        throw new Error(`unknown workload ${workload}`);
    }
  }
} catch (e) {
  await fail(e);
}
