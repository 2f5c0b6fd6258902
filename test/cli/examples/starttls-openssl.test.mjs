// examples/starttls's server against an independent STARTTLS client, `openssl s_client -starttls smtp`.
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { cleanup, DEV_CERT, root, start } from "../helpers.mjs";

after(cleanup);

const example = join(root, "dist/examples/starttls.js");

test("the STARTTLS example serves openssl s_client -starttls smtp: EHLO answered over TLS", { timeout: 30_000 }, async () => {
  const server = start(process.execPath, [example, "--serve", "--port", "0"], { stdin: "ignore" });
  try {
    const port = Number((await server.waitFor(/server on 127\.0\.0\.1:(\d+)/, "stdout"))[1]);
    const client = start("openssl", ["s_client", "-starttls", "smtp", "-connect", `127.0.0.1:${port}`, "-CAfile", DEV_CERT, "-verify_return_error", "-quiet"]);
    client.child.stdin.write("EHLO openssl.example\r\n");
    await client.waitFor(/250 bunsock greets openssl\.example over TLSv1\.3/, "stdout");
    client.child.stdin.write("QUIT\r\n");
    await client.waitFor(/221 2\.0\.0 bye/, "stdout");
    // -quiet implies -ign_eof: s_client leaves when its stdin ends (as with real Bun's server).
    client.child.stdin.end();
    assert.equal((await client.wait()).code, 0, client.stderr());
  } finally {
    server.kill("SIGTERM");
  }
});
