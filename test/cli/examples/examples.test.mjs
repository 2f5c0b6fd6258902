// The examples suite: every program in examples/ runs its bounded self-check (--smoke)
// and exits 0; the chat demo (what `npm start` runs) serves real clients until SIGINT.
// STARTTLS has its own file (starttls.test.mjs).
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { bunsock, cleanup, DEV_CERT, have, root, start } from "../helpers.mjs";

after(cleanup);

const example = (name) => join(root, "dist/examples", `${name}.js`);

for (const name of ["echo", "backpressure-client", "unix-socket", "chat"]) {
  test(`examples/${name} --smoke passes and exits 0`, { timeout: 90_000 }, async () => {
    const p = start(process.execPath, [example(name), "--smoke"], { stdin: "ignore" });
    const { code, signal } = await p.wait(80_000);
    assert.equal(signal, null);
    assert.equal(code, 0, `stdout: ${p.stdout()} stderr: ${p.stderr()}`);
    assert.match(p.stdout().toString(), new RegExp(`^${name}: smoke check passed`, "m"));
  });
}

test("the chat demo serves a bunsock client (TCP) and an openssl client (TLS) until SIGINT, then exits 0", { timeout: 60_000 }, async () => {
  const demo = start(process.execPath, [example("chat"), "--port", "0", "--tls-port", "0"], { stdin: "ignore" });
  try {
    const tcp = Number((await demo.waitFor(/plain TCP +127\.0\.0\.1:(\d+)/, "stdout"))[1]);
    const tls = Number((await demo.waitFor(/TLS +127\.0\.0\.1:(\d+)/, "stdout"))[1]);
    const banner = demo.stdout().toString();
    assert.match(banner, new RegExp(`npx bunsock connect 127\\.0\\.0\\.1 ${tcp}`));
    assert.match(banner, new RegExp(`npx bunsock connect --tls --ca \\S*dev-cert\\.pem 127\\.0\\.0\\.1 ${tls}`));
    assert.match(banner, new RegExp(`nc 127\\.0\\.0\\.1 ${tcp}`));
    assert.match(banner, new RegExp(`openssl s_client -quiet -connect 127\\.0\\.0\\.1:${tls} -CAfile \\S*dev-cert\\.pem`));

    const alice = bunsock(["connect", "127.0.0.1", String(tcp)]);
    await alice.waitFor(/you are guest-1/, "stdout");
    alice.child.stdin.write("/nick alice\n");
    await alice.waitFor(/you are now alice/, "stdout");
    const bob = start("openssl", ["s_client", "-quiet", "-connect", `127.0.0.1:${tls}`, "-CAfile", DEV_CERT, "-verify_return_error"]);
    await bob.waitFor(/\(tls\); you are guest-2/, "stdout");
    await alice.waitFor(/guest-2 joined \(tls\)/, "stdout");
    alice.child.stdin.write("hello over plain tcp\n");
    await bob.waitFor(/<alice> hello over plain tcp/, "stdout");
    bob.child.stdin.write("hello over tls\n");
    await alice.waitFor(/<guest-2> hello over tls/, "stdout");

    demo.kill("SIGINT");
    await alice.waitFor(/server shutting down/, "stdout");
    await bob.waitFor(/server shutting down/, "stdout");
    const { code } = await demo.wait(10_000);
    assert.equal(code, 0, demo.stderr());
    // A piped stdin is still sent after the peer's FIN (half-close); its EOF ends the client.
    alice.child.stdin.end();
    assert.equal((await alice.wait()).code, 0, alice.stderr());
    assert.match(demo.stdout().toString(), /\(SIGINT\) stopping the chat server/);
  } finally {
    demo.kill();
  }
});

// The banner's own instructions, as printed: `nc HOST PORT` and `openssl s_client -quiet
// -connect HOST:PORT -CAfile dev-cert.pem`, run as the real tools, talk to each other.
test("the chat demo's printed nc and openssl s_client commands join and exchange messages", {
  timeout: 60_000,
  skip: have("nc") && have("openssl") ? false : "needs nc and the openssl CLI",
}, async () => {
  const demo = start(process.execPath, [example("chat"), "--port", "0", "--tls-port", "0"], { stdin: "ignore" });
  try {
    await demo.waitFor(/Commands: \/nick/, "stdout");
    const banner = demo.stdout().toString();
    const command = (pattern) => {
      const m = new RegExp(`^ *(${pattern}.*)$`, "m").exec(banner);
      assert.ok(m !== null, `the banner prints a ${pattern} command: ${banner}`);
      return m[1].trim().split(/ +/);
    };
    const [nc, ...ncArgs] = command("nc ");
    const [openssl, ...sslArgs] = command("openssl s_client ");
    const carol = start(nc, ncArgs);
    await carol.waitFor(/you are guest-1/, "stdout");
    carol.child.stdin.write("/nick carol\n");
    await carol.waitFor(/you are now carol/, "stdout");
    const dave = start(openssl, sslArgs);
    await dave.waitFor(/\(tls\); you are guest-2/, "stdout");
    await carol.waitFor(/guest-2 joined \(tls\)/, "stdout");
    carol.child.stdin.write("hi from nc\n");
    await dave.waitFor(/<carol> hi from nc/, "stdout");
    dave.child.stdin.write("hi from s_client\n");
    await carol.waitFor(/<guest-2> hi from s_client/, "stdout");
    // /quit: the demo ends each connection. OpenBSD nc keeps running while its stdin is
    // open, as at a terminal until Ctrl-D, so its stdin ends with the command.
    carol.child.stdin.end("/quit\n");
    dave.child.stdin.write("/quit\n");
    assert.equal((await carol.wait()).code, 0, carol.stderr());
    assert.equal((await dave.wait()).code, 0, dave.stderr());
    demo.kill("SIGINT");
    assert.equal((await demo.wait(10_000)).code, 0, demo.stderr());
  } finally {
    demo.kill();
  }
});
