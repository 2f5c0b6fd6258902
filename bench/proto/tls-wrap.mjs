/**
 * Throwaway prototype (issue 8): TLS straight on Node's TLS wrap binding over our own
 * libuv TCP handles: `tls_wrap.wrap(tcpHandle, secureContext.context, isServer)`, no
 * net.Socket, no TLSSocket, no streams. Only tls_handshake and tls_bulk, written the way
 * a transport would drive them (the same per-connection work: verify mode, SNI, the
 * handshake verdict from verifyError() and the peer certificate's checkIP, close_notify
 * on end), to see what the route could give before building it.
 *
 * Run as a bench contender: BENCH_PROTO_TLSWRAP=1 node bench/run.mjs --only tls_handshake,tls_bulk
 */
import tls from "node:tls";
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
  tlsFixtures,
} from "../contenders/common.mjs";

const { role, workload, params } = parseArgs();
hardDeadline(params.hardMs ?? 120_000);

if (workload !== "tls_handshake" && workload !== "tls_bulk") {
  await finish({ unavailable: "prototype: TLS workloads only" });
}

const { TCP, TCPConnectWrap, constants: TCPConstants } = process.binding("tcp_wrap");
const { WriteWrap, ShutdownWrap, streamBaseState, kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync } = process.binding("stream_wrap");
const tlsWrap = process.binding("tls_wrap");
const UV_EOF = -4095;

const kConn = Symbol("conn");
/** bunsock's cipher order (Bun's: AES-128-GCM first on TLS 1.3). */
const ciphers = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", ...tls.DEFAULT_CIPHERS.split(":").filter((c) => !c.startsWith("TLS_"))].join(":");
const noop = () => {};

// ---------------------------------------------------------------- one connection

/**
 * A TLS connection: the TCP handle below, the TLSWrap above it. Reads and writes go
 * through the TLSWrap (a StreamBase like the TCP handle); close goes to the TCP handle.
 */
class Conn {
  constructor(tcp, isServer, events) {
    // The TCP handle (kept alive by libuv while open) holds the connection and with it
    // the TLSWrap, which nothing else roots: a collected TLSWrap detaches from the
    // handle, and the handle's own reads then land on this no-op.
    tcp[kConn] = this;
    tcp.onread = noop;
    this.tcp = tcp;
    this.ssl = null;
    this.isServer = isServer;
    this.events = events;
    this.closed = false;
    this.pending = 0;
    this.inFlight = false;
    this.staged = undefined;
    this.spare = undefined;
    this.stagedLength = 0;
  }

  wrap(context) {
    const ssl = tlsWrap.wrap(this.tcp, context.context, this.isServer, false);
    ssl[kConn] = this;
    ssl.onhandshakestart = noop;
    ssl.onhandshakedone = onHandshakeDone;
    ssl.onerror = onError;
    ssl.onnewsession = noop;
    ssl.onread = onRead;
    if (!this.isServer) ssl.setVerifyMode(true, false);
    this.ssl = ssl;
  }

  /**
   * The TLSWrap takes one write at a time (it asserts !current_write_) and completes it
   * once the ciphertext has reached the TCP handle, a turn later at the soonest: writes
   * made meanwhile are staged in one buffer and handed over together on completion.
   */
  write(buf) {
    this.pending += buf.length;
    if (this.inFlight) {
      const need = this.stagedLength + buf.length;
      if (this.staged === undefined || this.staged.length < need) {
        const grown = Buffer.allocUnsafeSlow(Math.max(need, 2 * (this.staged?.length ?? 0), 65536));
        if (this.staged !== undefined) this.staged.copy(grown, 0, 0, this.stagedLength);
        this.staged = grown;
      }
      buf.copy(this.staged, this.stagedLength);
      this.stagedLength = need;
      return;
    }
    this.send(buf);
  }

  send(buf) {
    const req = new WriteWrap();
    req.oncomplete = onWriteDone;
    req.conn = this;
    req.buffer = buf;
    this.inFlight = true;
    const err = this.ssl.writeBuffer(req, buf);
    if (err !== 0) return this.close(err);
  }

  flushStaged() {
    const n = this.stagedLength;
    if (n === 0) return;
    // The in-flight buffer stays the TLSWrap's until completion: swap in the spare.
    const chunk = this.staged.subarray(0, n);
    this.staged = this.spare;
    this.spare = chunk.buffer === this.staged?.buffer ? undefined : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.buffer.byteLength - chunk.byteOffset);
    this.stagedLength = 0;
    this.send(chunk);
  }

  /** close_notify, then FIN (the TLSWrap's shutdown writes close_notify and shuts the TCP side down). */
  end() {
    const req = new ShutdownWrap();
    req.oncomplete = onShutdownDone;
    req.conn = this;
    const err = this.ssl.shutdown(req);
    if (err === 1) this.close(0);
    else if (err !== 0) this.close(err);
  }

  close(status) {
    if (this.closed) return;
    this.closed = true;
    const ssl = this.ssl;
    this.tcp.close(() => {
      // Not from inside OpenSSL's stack (as node:tls does it).
      if (ssl !== null) setImmediate(() => ssl.destroySSL());
      this.events.close?.(this, status);
    });
  }
}

function onHandshakeDone() {
  const c = this[kConn];
  if (!c.isServer) {
    // The verdict a client makes (as bunsock's judgeHandshake): chain result, then the name.
    const verifyError = this.verifyError();
    const peer = this.getPeerX509Certificate();
    if (verifyError !== null || peer === undefined || peer.checkIP(HOST, 0) === undefined) {
      fail(new Error(`handshake verdict: ${verifyError ?? "no peer / name mismatch"}`));
      return;
    }
    this.getALPNNegotiatedProtocol();
  }
  c.events.handshake?.(c);
}

function onError(err) {
  const c = this[kConn];
  c.close(err);
}

function onRead(arrayBuffer) {
  const c = this[kConn];
  const n = streamBaseState[kReadBytesOrError];
  if (n > 0) {
    c.events.data?.(c, Buffer.from(arrayBuffer, streamBaseState[kArrayBufferOffset], n));
    return;
  }
  if (n === 0) return;
  if (n === UV_EOF) {
    c.events.end?.(c);
    return;
  }
  c.close(n);
}

function onWriteDone(status) {
  const c = this.conn;
  c.pending -= this.buffer.length;
  c.inFlight = false;
  this.conn = null;
  this.buffer = null;
  if (status < 0) return c.close(status);
  c.flushStaged();
  c.events.drain?.(c);
}

function onShutdownDone() {
  this.conn.close(0);
}

// ---------------------------------------------------------------- server

async function runServer() {
  const f = tlsFixtures();
  const context = tls.createSecureContext({ key: f.key, cert: f.cert, ciphers });
  const total = params.totalBytes;
  const events =
    workload === "tls_handshake"
      ? {
          handshake(c) {
            serverWindow.startTimed(params.warmupMs, params.durationMs);
            c.end();
          },
        }
      : {
          handshake() {
            serverWindow.begin();
          },
          data(c, chunk) {
            c.got = (c.got ?? 0) + chunk.length;
            serverWindow.received += chunk.length;
            if (!c.acked && c.got >= total) {
              c.acked = true;
              serverWindow.end();
              c.write(Buffer.from("ok"));
            }
          },
          end(c) {
            c.close(0);
          },
        };
  const server = new TCP(TCPConstants.SERVER);
  if (server.bind(HOST, 0) !== 0 || server.listen(4096) !== 0) throw new Error("bind/listen failed");
  server.onconnection = (status, handle) => {
    if (status !== 0) return;
    handle.setNoDelay(true);
    const c = new Conn(handle, true, events);
    c.wrap(context);
    c.ssl.readStart();
  };
  const out = {};
  server.getsockname(out);
  commands(
    async (line) => {
      if (line === "stop") process.exit(0);
      else if (line === "cpu") await emit({ phase: "cpu", cpuUs: await serverWindow.result(), received: serverWindow.received });
    },
    () => process.exit(0),
  );
  await emit({ ready: true, port: out.port });
}

// ---------------------------------------------------------------- client

function dial(port, context, events) {
  const tcp = new TCP(TCPConstants.SOCKET);
  const c = new Conn(tcp, false, events);
  const req = new TCPConnectWrap();
  req.oncomplete = (status) => {
    if (status !== 0) return fail(new Error(`connect: ${status}`));
    tcp.setNoDelay(true);
    c.wrap(context);
    c.ssl.setServername(HOST);
    c.ssl.readStart();
    c.ssl.start();
  };
  const err = tcp.connect(req, HOST, port);
  if (err !== 0) fail(new Error(`connect: ${err}`));
  return c;
}

function connectLoop(port, context) {
  let count = 0;
  let stopping = false;
  const events = {
    end(c) {
      c.close(0);
    },
    close() {
      count++;
      if (!stopping) dial(port, context, events);
    },
  };
  for (let i = 0; i < params.concurrency; i++) dial(port, context, events);
  measureWindow(params.warmupMs, params.durationMs, () => count, (r) => {
    stopping = true;
    finish({ result: { value: r.rate, count: r.count, seconds: r.seconds, windowUs: r.windowUs, cpuUs: r.cpuUs } });
  });
}

/** Bulk: one 64 KiB write in flight at a time beyond what the kernel took (the TLSWrap completes every write a turn later). */
function bulk(port, context) {
  const size = params.writeSize;
  const total = params.totalBytes;
  const chunk = Buffer.alloc(size, 0x62);
  let sent = 0;
  let t0 = 0;
  let u0 = 0;
  let cpu0 = 0;
  let done = false;
  const pump = (c) => {
    // Writes are encrypted at once; keep up to 4 in flight so the kernel always has some.
    while (sent < total && c.pending < 4 * size) {
      const n = Math.min(size, total - sent);
      sent += n;
      c.write(n === size ? chunk : chunk.subarray(0, n));
    }
  };
  dial(port, context, {
    handshake(c) {
      t0 = performance.now();
      u0 = nowUs();
      cpu0 = cpuNow();
      pump(c);
    },
    drain: pump,
    data() {
      if (done) return;
      done = true;
      const seconds = (performance.now() - t0) / 1000;
      finish({ result: { value: total / seconds / 1e6, bytes: total, seconds, windowUs: [u0, nowUs()], cpuUs: cpuNow() - cpu0 } });
    },
  });
}

try {
  if (role === "server") await runServer();
  else {
    const port = await serverPort(params);
    const context = tls.createSecureContext({ ca: tlsFixtures().ca, ciphers });
    if (workload === "tls_handshake") connectLoop(port, context);
    else bulk(port, context);
  }
} catch (e) {
  await fail(e);
}
