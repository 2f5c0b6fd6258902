import { test } from "node:test";
import * as assert from "node:assert/strict";
import { connectAny, dial, listenAny, serve } from "../helpers/net.js";

test("IPv6 loopback: listen on ::1, connect to '::1' and '[::1]'", async () => {
  using srv = serve({ hostname: "::1" });
  assert.equal(srv.listener.hostname, "::1");
  for (const hostname of ["::1", "[::1]"]) {
    const { socket, events } = await dial(srv.port, { hostname });
    assert.equal(socket.remoteAddress, "::1");
    assert.equal(socket.remoteFamily, "IPv6");
    assert.equal(socket.localAddress, "::1");
    assert.equal(socket.localFamily, "IPv6");
    assert.equal(socket.remotePort, srv.port);
    const server = await srv.accepted;
    if (hostname === "::1") {
      assert.equal(server.remoteFamily, "IPv6");
      assert.equal(server.remoteAddress, "::1");
    }
    socket.write("v6");
    await srv.events.next("data");
    socket.close();
    await events.next("close");
  }
});

test("an IPv4 client is refused by a ::1 listener", async () => {
  using srv = serve({ hostname: "::1" });
  await assert.rejects(connectAny({ hostname: "127.0.0.1", port: srv.port, socket: { data() {} } }), (e: unknown) => {
    return (e as { code?: unknown }).code === "ECONNREFUSED";
  });
});

test("listening on '::' accepts IPv4 clients as v4-mapped IPv6", async () => {
  using srv = serve({ hostname: "::" });
  const { socket } = await dial(srv.port);
  const server = await srv.accepted;
  assert.equal(server.remoteAddress, "::ffff:127.0.0.1");
  assert.equal(server.remoteFamily, "IPv6");
  assert.equal(server.localFamily, "IPv6");
  assert.equal(socket.remoteAddress, "127.0.0.1");
  socket.close();
});

test("ipv6Only on '::' refuses IPv4 clients", async () => {
  const l = listenAny({ hostname: "::", port: 0, ipv6Only: true, socket: { data() {} } });
  try {
    await assert.rejects(connectAny({ hostname: "127.0.0.1", port: l.port, socket: { data() {} } }), (e: unknown) => {
      return (e as { code?: unknown }).code === "ECONNREFUSED";
    });
  } finally {
    l.stop();
  }
});

test("listen({hostname: '[::1]'}) throws ENOTFOUND (errno 4, syscall getaddrinfo)", () => {
  assert.throws(
    () => listenAny({ hostname: "[::1]", port: 0, socket: { data() {} } }),
    (e: unknown) => {
      const err = e as { code?: unknown; errno?: unknown; syscall?: unknown };
      return err.code === "ENOTFOUND" && err.errno === 4 && err.syscall === "getaddrinfo";
    },
  );
});
