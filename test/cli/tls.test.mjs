// The TLS side of the CLI, end to end: `bunsock connect --tls` against openssl s_server
// and a bunsock TLS listener, `openssl s_client` against `bunsock listen --tls`, and
// `bunsock probe` against both. Certificates: test/fixtures/tls (CA, localhost server).
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { BUN, bunsock, CLI, cleanup, DEV_CERT, DEV_KEY, FIXTURES, have, lib, listeningPort, runBunsock, stackLines, start } from "./helpers.mjs";

after(cleanup);
const T = { timeout: 30_000 };
const CA = join(FIXTURES, "ca.pem");
const CERT = join(FIXTURES, "server.pem");
const KEY = join(FIXTURES, "server-key.pem");

const NO_OPENSSL = have("openssl") ? false : "the openssl CLI is not installed";

/** A TCP server that accepts and never answers (a TLS handshake with it stalls); close() ends it. */
async function silentServer() {
  const held = new Set();
  const server = createServer((c) => {
    held.add(c);
    c.on("close", () => held.delete(c));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: server.address().port,
    close() {
      for (const c of held) c.destroy();
      server.close();
    },
  };
}

/** openssl s_server on an ephemeral port; resolves with the process and its port. */
async function sServer(extra = []) {
  const p = start("openssl", ["s_server", "-accept", "127.0.0.1:0", "-cert", CERT, "-key", KEY, ...extra]);
  const m = await p.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/, "stdout");
  return { p, port: Number(m[1]) };
}

/** A bunsock TLS echo listener in this process (fixtures' localhost certificate, ALPN h2). */
async function tlsEcho() {
  const { listen } = await lib();
  return listen({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert: readFileSync(CERT, "utf8"), key: readFileSync(KEY, "utf8"), ALPNProtocols: Buffer.from("\x02h2") },
    socket: {
      data(s, d) {
        s.write(d);
      },
    },
  });
}

test("connect --tls against openssl s_server: verified with --ca, ALPN list sent in wire format, both directions, exit 0", T, async () => {
  const server = await sServer(["-naccept", "1", "-alpn", "h2"]);
  try {
    const p = bunsock(["connect", "-v", "--tls", "--ca", CA, "--alpn", "h2,http/1.1", "127.0.0.1", String(server.port)]);
    p.child.stdin.write("hello s_server\n");
    await server.p.waitFor(/hello s_server/, "stdout");
    server.p.child.stdin.write("hello bunsock\n");
    await p.waitFor(/hello bunsock/, "stdout");
    p.child.stdin.end(); // EOF: close_notify; s_server closes too
    const { code } = await p.wait();
    assert.equal(code, 0, p.stderr());
    assert.equal(p.stdout().toString(), "hello bunsock\n");
    assert.match(server.p.stdout().toString(), /ALPN protocols advertised by the client: h2, http\/1\.1/);
    const err = p.stderr();
    assert.match(err, /TLS handshake done/);
    assert.match(err, /protocol +TLSv1\.3/);
    assert.match(err, /cipher +TLS_AES_\d+_GCM_SHA\d+|cipher +TLS_CHACHA20_POLY1305_SHA256/);
    assert.match(err, /ALPN +h2\n/);
    assert.match(err, /verified +yes/);
    assert.match(err, /peer +CN=localhost/);
  } finally {
    server.p.kill();
  }
});

test("connect --tls: an unverified certificate exits 3 with the reason; --insecure connects", T, async () => {
  const listener = await tlsEcho();
  try {
    const port = String(listener.port);
    const noCa = await runBunsock(["connect", "--tls", "127.0.0.1", port], { input: "x" });
    assert.equal(noCa.code, 3);
    assert.match(noCa.stderr, /^bunsock: TLS: certificate not verified: UNABLE_TO_VERIFY_LEAF_SIGNATURE.*--insecure\)\n$/);
    const wrongName = await runBunsock(["connect", "--tls", "--ca", CA, "--servername", "other.test", "127.0.0.1", port], { input: "x" });
    assert.equal(wrongName.code, 3);
    assert.match(wrongName.stderr, /ERR_TLS_CERT_ALTNAME_INVALID/);
    const insecure = bunsock(["connect", "--tls", "-k", "127.0.0.1", port]);
    insecure.child.stdin.write("echo me\n");
    await insecure.waitFor(/echo me/, "stdout");
    insecure.child.stdin.end();
    assert.equal((await insecure.wait()).code, 0, insecure.stderr());
  } finally {
    listener.stop(true);
  }
});

test("openssl s_client against bunsock listen --tls: verified, ALPN h2, both directions, exit 0", T, async () => {
  const p = bunsock(["listen", "--tls", "--cert", CERT, "--key", KEY, "--alpn", "h2", "0"]);
  const port = await listeningPort(p);
  p.child.stdin.write("from listen\n");
  const client = start("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-CAfile", CA, "-servername", "localhost", "-alpn", "h2"]);
  client.child.stdin.write("from s_client\n");
  await client.waitFor(/from listen/, "stdout");
  await p.waitFor(/from s_client/, "stdout");
  client.child.stdin.end(); // s_client closes at EOF
  p.child.stdin.end();
  assert.equal((await client.wait()).code, 0, client.stderr());
  assert.equal((await p.wait()).code, 0, p.stderr());
  const out = client.stdout().toString();
  assert.match(out, /ALPN protocol: h2/);
  assert.match(out, /Verify return code: 0 \(ok\)/);
  assert.equal(p.stdout().toString(), "from s_client\n");
});

test("bunsock connect --tls to bunsock listen --tls: both directions, exit 0 on both", T, async () => {
  const server = bunsock(["listen", "--tls", "--cert", CERT, "--key", KEY, "0"]);
  const port = await listeningPort(server);
  const c = bunsock(["connect", "--tls", "--ca", CA, "--servername", "localhost", "127.0.0.1", String(port)]);
  c.child.stdin.end("from connect\n");
  server.child.stdin.end("from listen\n");
  assert.equal((await c.wait()).code, 0, c.stderr());
  assert.equal((await server.wait()).code, 0, server.stderr());
  assert.equal(c.stdout().toString(), "from listen\n");
  assert.equal(server.stdout().toString(), "from connect\n");
});

test("probe against a bunsock TLS listener: the table shows protocol, cipher, ALPN, SNI, verification, reuse, the certificate", T, async () => {
  const listener = await tlsEcho();
  try {
    const r = await runBunsock(["probe", "--ca", CA, "--servername", "localhost", `127.0.0.1:${listener.port}`]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.toString();
    const fingerprint = new X509Certificate(readFileSync(CERT)).fingerprint256;
    for (const row of [
      /^TLS probe of 127\.0\.0\.1:\d+$/m,
      /^  protocol +TLSv1\.3$/m,
      /^  cipher +TLS_AES_128_GCM_SHA256$/m,
      /^  ALPN +h2 \(offered: h2, http\/1\.1\)$/m,
      /^  SNI +localhost$/m,
      /^  verified +yes$/m,
      /^  session reuse +yes/m,
      /^  \[0\] subject +CN=localhost, O=bunsock, C=US$/m,
      /^ +issuer +CN=bunsock test CA, O=bunsock, C=US$/m,
      /^ +SANs +DNS:localhost, IP Address:127\.0\.0\.1/m,
      /^ +valid +.+ → .+ \(\d+ days left\)$/m,
      new RegExp(`^ +sha256 +${fingerprint}$`, "m"),
    ]) {
      assert.match(out, row);
    }
    assert.match(r.stderr, /connecting to 127\.0\.0\.1:\d+ \(TLS, SNI localhost\)\.\.\./, "progress on stderr");
    assert.match(r.stderr, /second connection, offering the first one's session/);
  } finally {
    listener.stop(true);
  }
});

test("probe --json: one parseable object; without --ca it still reports, and exits 3", T, async () => {
  const listener = await tlsEcho();
  try {
    const ok = await runBunsock(["probe", "--json", "-q", "--ca", CA, `localhost:${listener.port}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, "", "-q: no progress");
    const report = JSON.parse(ok.stdout.toString());
    assert.equal(report.ok, true);
    assert.equal(report.protocol, "TLSv1.3");
    assert.equal(report.alpn, "h2");
    assert.equal(report.sni, "localhost");
    assert.equal(report.verified, true);
    assert.equal(report.sessionReuse.tested, true);
    assert.equal(report.sessionReuse.reused, true);
    assert.equal(report.chain.length, 1);
    assert.equal(report.chain[0].fingerprint256, new X509Certificate(readFileSync(CERT)).fingerprint256);

    const unverified = await runBunsock(["probe", "--json", "-q", `127.0.0.1:${listener.port}`]);
    assert.equal(unverified.code, 3);
    const r2 = JSON.parse(unverified.stdout.toString());
    assert.equal(r2.verified, false);
    assert.equal(r2.verifyError.code, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    assert.match(unverified.stderr, /^bunsock: certificate not verified: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    const insecure = await runBunsock(["probe", "--json", "-q", "-k", `127.0.0.1:${listener.port}`]);
    assert.equal(insecure.code, 0);
  } finally {
    listener.stop(true);
  }
});

test("probe against openssl s_server: resumes the session, reports the certificate; a plain TCP server exits 3", T, async () => {
  const server = await sServer(["-naccept", "2"]);
  try {
    const r = await runBunsock(["probe", "--json", "-q", "--ca", CA, `localhost:${server.port}`]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout.toString());
    assert.equal(report.verified, true);
    assert.equal(report.alpn, null, "s_server without -alpn negotiates none");
    assert.equal(report.sessionReuse.reused, true);
    assert.match(report.chain[0].subject, /CN=localhost/);
  } finally {
    server.p.kill();
  }
  const plain = createServer((c) => c.end("this is not TLS\n"));
  await new Promise((r) => plain.listen(0, "127.0.0.1", r));
  try {
    const r = await runBunsock(["probe", "-q", `127.0.0.1:${plain.address().port}`]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^bunsock: TLS handshake with 127\.0\.0\.1:\d+ failed/);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1);
  } finally {
    plain.close();
  }
});

test("probe prints the same table on real Bun (its native sockets) as on Node with bunsock", T, async () => {
  const listener = await tlsEcho();
  try {
    const args = [CLI, "probe", "-q", "--ca", CA, `localhost:${listener.port}`];
    const onBun = start(BUN, args, { stdin: "ignore" });
    const onNode = start(process.execPath, args, { stdin: "ignore" });
    const [bunExit, nodeExit] = await Promise.all([onBun.wait(), onNode.wait()]);
    assert.equal(bunExit.code, 0, onBun.stderr());
    assert.equal(nodeExit.code, 0, onNode.stderr());
    // Everything but the measured handshake time is equal.
    const table = (p) => p.stdout().toString().replace(/^  handshake .*$/m, "");
    assert.equal(table(onNode), table(onBun));
  } finally {
    listener.stop(true);
  }
});

test("probe against openssl s_server -cert_chain shows the server's own certificate, the same on both transports and on real Bun", { ...T, skip: NO_OPENSSL }, async () => {
  // The server sends its CA after its certificate; Bun's socket API exposes only the
  // certificate (getPeerX509Certificate().issuerCertificate is undefined on Bun 1.4.5).
  const server = await sServer(["-cert_chain", CA]);
  try {
    const args = [CLI, "probe", "--json", "-q", "--no-reuse", "--ca", CA, `localhost:${server.port}`];
    const runs = [
      start(process.execPath, args, { stdin: "ignore" }),
      start(process.execPath, args, { stdin: "ignore", env: { BUNSOCK_TRANSPORT: "node" } }),
      start(BUN, args, { stdin: "ignore" }),
    ];
    const leaf = new X509Certificate(readFileSync(CERT)).fingerprint256;
    for (const p of runs) {
      const { code } = await p.wait();
      assert.equal(code, 0, p.stderr());
      const report = JSON.parse(p.stdout().toString());
      assert.equal(report.verified, true);
      assert.deepEqual(report.chain.map((c) => c.fingerprint256), [leaf], p.child.spawnargs.join(" "));
    }
    const table = await runBunsock(["probe", "-q", "--no-reuse", "--ca", CA, `localhost:${server.port}`]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout.toString(), /^Peer certificate \(the server's own; Bun's socket API does not expose the issuers it sent\)$/m);
    assert.equal(table.stdout.toString().match(/ subject +CN=/g).length, 1);
  } finally {
    server.p.kill();
  }
});

test("probe -w against a server that never answers: a timeout, exit 1 (not a failed handshake)", T, async () => {
  const silent = await silentServer();
  try {
    const r = await runBunsock(["probe", "-q", "-w", "1", `127.0.0.1:${silent.port}`]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^bunsock: timed out after 1 s probing 127\.0\.0\.1:\d+\n$/);
  } finally {
    silent.close();
  }
});

test("listen --tls -v: the summary of an openssl s_client connection (protocol, cipher, ALPN, SNI; client certificate not requested)", { ...T, skip: NO_OPENSSL }, async () => {
  const p = bunsock(["listen", "-v", "-d", "--tls", "--cert", CERT, "--key", KEY, "--alpn", "h2", "0"]);
  const port = await listeningPort(p);
  const client = start("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-CAfile", CA, "-servername", "localhost", "-alpn", "h2"]);
  await p.waitFor(/TLS handshake done/);
  client.child.stdin.end("bye\n"); // s_client closes at EOF
  assert.equal((await client.wait()).code, 0, client.stderr());
  assert.equal((await p.wait()).code, 0, p.stderr());
  const err = p.stderr();
  assert.match(err, /^bunsock: connection #1 from 127\.0\.0\.1:\d+: TLS handshake done$/m);
  assert.match(err, /^  protocol +TLSv1\.3$/m);
  assert.match(err, /^  cipher +TLS_\w+$/m);
  assert.match(err, /^  ALPN +h2$/m);
  assert.match(err, /^  SNI +localhost$/m);
  assert.match(err, /^  client certificate +not requested$/m);
  assert.doesNotMatch(err, /verified|UNABLE_TO_GET_ISSUER_CERT/);
  assert.equal(p.stdout().toString(), "bye\n");
});

test("connect --tls to a server that does not speak TLS: one line saying so, not a certificate problem; exit 3 (also with --insecure)", T, async () => {
  const plain = createServer((c) => c.end("hello\n"));
  await new Promise((r) => plain.listen(0, "127.0.0.1", r));
  try {
    for (const extra of [[], ["--insecure"]]) {
      const r = await runBunsock(["connect", "--tls", ...extra, "127.0.0.1", String(plain.address().port)], { input: "" });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /^bunsock: TLS handshake with 127\.0\.0\.1:\d+ failed: EPROTO \(protocol error: \w+\); does the server speak TLS on this port\?\n$/);
      assert.doesNotMatch(r.stderr, /certificate|--ca/);
      assert.equal(r.stdout.length, 0);
    }
  } finally {
    plain.close();
  }
});

test("connect --tls stopped by SIGTERM during a stalled handshake: says so (no certificate message), exit 143", T, async () => {
  const silent = await silentServer();
  try {
    const p = bunsock(["connect", "-v", "--tls", "127.0.0.1", String(silent.port)]);
    await p.waitFor(/connected to 127\.0\.0\.1:\d+/);
    p.kill("SIGTERM");
    const { code } = await p.wait();
    assert.equal(code, 143, p.stderr());
    assert.match(p.stderr(), /^bunsock: stopped \(SIGTERM\) during the TLS handshake with 127\.0\.0\.1:\d+$/m);
    assert.doesNotMatch(p.stderr(), /certificate|handshake failed/);
  } finally {
    silent.close();
  }
});

test("TLS material the flag cannot use is a usage error (exit 2): one line naming the flag, no stack", T, async () => {
  const cases = [
    // A certificate given as the key.
    [["listen", "--tls", "--cert", DEV_CERT, "--key", DEV_CERT, "0"], /--key \S*dev-cert\.pem does not hold a PEM private key/],
    // A key that does not belong to the certificate: readable PEM the TLS library refuses.
    [["listen", "--tls", "--cert", CERT, "--key", join(FIXTURES, "client-key.pem"), "0"], /the TLS material given \(--cert, --key\) was refused: the --key does not belong to the --cert/],
    // A key given as the CA.
    [["connect", "--tls", "--ca", DEV_KEY, "127.0.0.1", "1"], /--ca \S*dev-key\.pem does not hold PEM certificates/],
    [["probe", "--ca", DEV_KEY, "127.0.0.1:1"], /--ca \S*dev-key\.pem does not hold PEM certificates/],
    [["probe", "-q", "--ca", CA, "--cert", CERT, "--key", join(FIXTURES, "client-key.pem"), "127.0.0.1:1"], /the TLS material given \(--ca, --cert, --key\) was refused: the --key does not belong/],
  ];
  for (const [args, message] of cases) {
    const r = await runBunsock(args, { input: "" });
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.deepEqual(stackLines(r.stderr), []);
  }
});
