/**
 * The Bun-API contender: one code path for bunsock on Node (BENCH_IMPL=bunsock, imported
 * from BENCH_BUNSOCK_ENTRY, the built dist/src/index.js) and for real Bun
 * (BENCH_IMPL=bun, Bun.connect/Bun.listen). Same code, so the comparison is the runtime
 * and the library, not the benchmark.
 *
 * Bun's write contract applies: write() returns the bytes accepted now (maybe fewer than
 * given, 0 while the kernel is full, -1 once closed); the unaccepted rest is ours to
 * re-send, and `drain` says when to try again. The `Outbox` below does that.
 */
import { pathToFileURL } from "node:url";
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
// Set once the driver sends the server's port (after this process has loaded everything).
let port = 0;

async function loadApi() {
  if (process.env.BENCH_IMPL === "bun") {
    const Bun = globalThis.Bun;
    if (Bun === undefined) throw new Error("BENCH_IMPL=bun needs the bun runtime");
    return { connect: (o) => Bun.connect(o), listen: (o) => Bun.listen(o), name: "bun" };
  }
  const entry = process.env.BENCH_BUNSOCK_ENTRY;
  if (!entry) throw new Error("BENCH_BUNSOCK_ENTRY is not set");
  const mod = await import(pathToFileURL(entry).href);
  return { connect: mod.connect, listen: mod.listen, name: "bunsock" };
}

/**
 * Per-socket send queue for Bun's write contract: what write() did not accept is kept
 * (in order) and re-sent on `drain`. Nothing new is written while older bytes wait.
 */
class Outbox {
  q = null;
  send(s, buf) {
    if (this.q !== null) {
      this.q.push(buf);
      return;
    }
    const n = s.write(buf);
    if (n >= 0 && n < buf.length) this.q = [buf.subarray(n)];
  }
  flush(s) {
    const q = this.q;
    if (q === null) return;
    while (q.length > 0) {
      const c = q[0];
      const n = s.write(c);
      if (n < 0) break;
      if (n < c.length) {
        q[0] = c.subarray(n);
        return;
      }
      q.shift();
    }
    this.q = null;
  }
}

const TLS_UNAVAILABLE = "ERR_BUNSOCK_TLS_UNAVAILABLE";

function tlsUnavailable(e) {
  return e !== null && typeof e === "object" && e.code === TLS_UNAVAILABLE;
}

function serverTls() {
  if (!params.tls) return undefined;
  const f = tlsFixtures();
  return { key: f.key, cert: f.cert };
}

function clientTls() {
  if (!params.tls) return undefined;
  // The server certificate has IP:127.0.0.1 in its SAN: verification is on, as in real use.
  return { ca: tlsFixtures().ca };
}

// ---------------------------------------------------------------- server side

function serverHandlers(counters) {
  const common = {
    error(_s, e) {
      fail(e);
    },
  };
  switch (workload) {
    case "pingpong":
    case "pipelined": {
      let opened = 0;
      return {
        ...common,
        open(s) {
          s.data = new Outbox();
          if (++opened === (params.conns ?? 1)) serverWindow.startTimed(params.warmupMs, params.durationMs);
        },
        data(s, chunk) {
          s.data.send(s, chunk);
        },
        drain(s) {
          s.data.flush(s);
        },
        close() {},
      };
    }
    case "bulk":
    case "smallwrites":
    case "tls_bulk": {
      const total = params.totalBytes;
      return {
        ...common,
        open(s) {
          s.data = { got: 0, acked: false };
          serverWindow.begin();
        },
        data(s, chunk) {
          const st = s.data;
          st.got += chunk.length;
          serverWindow.received += chunk.length;
          if (!st.acked && st.got >= total) {
            st.acked = true;
            serverWindow.end();
            s.write("ok");
          }
        },
        close() {},
      };
    }
    case "connect_seq":
    case "connect_c32":
    case "tls_handshake":
      // The server closes first, so TIME_WAIT lands on its side, not on the client's
      // ephemeral ports: a full run makes ~100k connections, more than the port range
      // holds within TIME_WAIT's 60 s on a machine others use too.
      return {
        ...common,
        open(s) {
          serverWindow.startTimed(params.warmupMs, params.durationMs);
          s.end();
        },
        data() {},
        close() {},
      };
    case "idle_memory":
      return {
        ...common,
        open() {
          counters.open++;
        },
        data() {},
        close() {
          counters.open--;
        },
      };
    default:
      throw new Error(`unknown workload ${workload}`);
  }
}

async function runServer(api) {
  const counters = { open: 0 };
  let listener;
  try {
    listener = api.listen({ hostname: HOST, port: 0, tls: serverTls(), socket: serverHandlers(counters) });
  } catch (e) {
    if (tlsUnavailable(e)) return finish({ unavailable: `${e.code}: ${e.message}` });
    throw e;
  }
  const waitForConnections = async (n) => {
    const until = Date.now() + 30_000;
    while (counters.open < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  };
  commands(
    async (line) => {
      if (line === "stop") {
        listener.stop(true);
        process.exit(0);
      } else if (line === "cpu") {
        await emit({ phase: "cpu", cpuUs: await serverWindow.result(), received: serverWindow.received });
      } else if (line === "baseline") {
        await waitForConnections(params.warm);
        await emit({ phase: "baseline", mem: await settledMemory(params.settleMs), open: counters.open });
      } else if (line.startsWith("measure ")) {
        await waitForConnections(Number(line.slice(8)));
        await emit({ phase: "measured", mem: await settledMemory(params.settleMs), open: counters.open });
      }
    },
    () => process.exit(0),
  );
  await emit({ ready: true, port: listener.port });
}

// ---------------------------------------------------------------- client side

function connectOrUnavailable(api, options) {
  try {
    return api.connect(options);
  } catch (e) {
    if (tlsUnavailable(e)) finish({ unavailable: `${e.code}: ${e.message}` });
    else fail(e);
    return new Promise(() => {});
  }
}

const earlyClose = (_s, err) => fail(err ?? new Error("connection closed before the workload ended"));
const connectError = (_s, e) => fail(e);

function pingpong(api) {
  const msg = Buffer.alloc(64, 0x61);
  let rounds = 0;
  let got = 0;
  let stopping = false;
  const out = new Outbox();
  connectOrUnavailable(api, {
    hostname: HOST,
    port,
    socket: {
      open(s) {
        out.send(s, msg);
        measureWindow(params.warmupMs, params.durationMs, () => rounds, (r) => {
          stopping = true;
          finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
        });
      },
      data(s, chunk) {
        got += chunk.length;
        while (got >= 64) {
          got -= 64;
          rounds++;
          if (!stopping) out.send(s, msg);
        }
      },
      drain(s) {
        out.flush(s);
      },
      close(s, err) {
        if (!stopping) earlyClose(s, err);
      },
      connectError,
      error: connectError,
    },
  });
}

function pipelined(api) {
  const msg = Buffer.alloc(64, 0x61);
  let msgs = 0;
  let opened = 0;
  let stopping = false;
  const handlers = {
    open(s) {
      for (let i = 0; i < params.depth; i++) s.data.out.send(s, msg);
      if (++opened === params.conns) {
        measureWindow(params.warmupMs, params.durationMs, () => msgs, (r) => {
          stopping = true;
          finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
        });
      }
    },
    data(s, chunk) {
      const st = s.data;
      st.got += chunk.length;
      while (st.got >= 64) {
        st.got -= 64;
        msgs++;
        if (!stopping) st.out.send(s, msg);
      }
    },
    drain(s) {
      s.data.out.flush(s);
    },
    close(s, err) {
      if (!stopping) earlyClose(s, err);
    },
    connectError,
    error: connectError,
  };
  for (let i = 0; i < params.conns; i++) {
    connectOrUnavailable(api, { hostname: HOST, port, data: { out: new Outbox(), got: 0 }, socket: handlers });
  }
}

/** bulk / tls_bulk / smallwrites: send totalBytes in `size`-byte writes, timed until the server's ack. */
function stream(api) {
  const size = params.writeSize;
  const total = params.totalBytes;
  const chunk = Buffer.alloc(size, 0x62);
  let sent = 0;
  let off = 0; // bytes of the current write already accepted
  let t0 = 0;
  let u0 = 0;
  let cpu0 = 0;
  let done = false;
  let ack = 0;
  const pump = (s) => {
    while (sent < total) {
      const end = Math.min(size, off + (total - sent));
      const piece = off === 0 && end === size ? chunk : chunk.subarray(off, end);
      const n = s.write(piece);
      if (n <= 0) return; // 0: the kernel is full, `drain` follows; -1: closed
      sent += n;
      off += n;
      if (off >= size) off = 0;
      if (n < piece.length) return;
    }
  };
  connectOrUnavailable(api, {
    hostname: HOST,
    port,
    tls: clientTls(),
    socket: {
      open(s) {
        t0 = performance.now();
        u0 = nowUs();
        cpu0 = cpuNow();
        pump(s);
      },
      drain: pump,
      data(s, d) {
        ack += d.length;
        if (done || ack < 2) return; // the server's "ok"
        done = true;
        const seconds = (performance.now() - t0) / 1000;
        const value = workload === "smallwrites" ? total / size / seconds : total / seconds / 1e6;
        finish({ result: { value, bytes: total, seconds, windowUs: [u0, nowUs()], cpuUs: cpuNow() - cpu0 } });
      },
      close(s, err) {
        if (!done) earlyClose(s, err);
      },
      connectError,
      error: connectError,
    },
  });
}

/**
 * connect_seq / connect_c32 / tls_handshake: `concurrency` loops of connect → open → the
 * server's end → close, then the next connect.
 */
function connectLoop(api) {
  let count = 0;
  let stopping = false;
  const tls = clientTls();
  const handlers = {
    open() {},
    data() {},
    close() {
      count++;
      if (!stopping) one();
    },
    connectError,
    error: connectError,
  };
  const one = () => {
    connectOrUnavailable(api, { hostname: HOST, port, tls, socket: handlers });
  };
  for (let i = 0; i < params.concurrency; i++) one();
  measureWindow(params.warmupMs, params.durationMs, () => count, (r) => {
    stopping = true;
    finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
  });
}

async function idleMemory(api) {
  const sockets = [];
  const handlers = { open() {}, data() {}, close() {}, connectError, error: connectError };
  const openMany = async (n) => {
    const batch = 100;
    for (let i = 0; i < n; i += batch) {
      const k = Math.min(batch, n - i);
      const got = await Promise.all(Array.from({ length: k }, () => api.connect({ hostname: HOST, port, socket: handlers })));
      sockets.push(...got);
    }
  };
  await idleClient(params, openMany, () => sockets.length);
}

async function runClient(api) {
  switch (workload) {
    case "pingpong":
      return pingpong(api);
    case "pipelined":
      return pipelined(api);
    case "bulk":
    case "smallwrites":
    case "tls_bulk":
      return stream(api);
    case "connect_seq":
    case "connect_c32":
    case "tls_handshake":
      return connectLoop(api);
    case "idle_memory":
      return idleMemory(api);
    default:
      throw new Error(`unknown workload ${workload}`);
  }
}

try {
  const api = await loadApi();
  if (role === "server") await runServer(api);
  else {
    port = await serverPort(params);
    await runClient(api);
  }
} catch (e) {
  await fail(e);
}
