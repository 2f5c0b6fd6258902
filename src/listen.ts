/** listen(): validate → context → transport.listen (synchronous bind) → SocketListener. */
import { dnsFailure } from "./errors.js";
import { SocketContext } from "./context.js";
import { SocketListener } from "./listener.js";
import { normaliseOptions } from "./options.js";
import { selectTransport } from "./transport/select.js";
import { buildTls } from "./tls/tls-options.js";

/** Binds and listens synchronously with Bun's `Bun.listen` semantics; throws bind errors. */
export function listenImpl(options: unknown): SocketListener {
  const o = normaliseOptions(options, "listen");
  // Bun refuses a bracketed host ("[::1]") before it looks at the TLS material.
  if (o.target.kind === "tcp" && o.target.hostname.startsWith("[")) throw dnsFailure("ENOTFOUND", o.target.hostname);
  const tls = o.tls === undefined ? null : buildTls(o.tls, "server", undefined);
  const ctx = new SocketContext(o.handlers, (options as { socket: object }).socket);
  const settings = { exclusive: o.exclusive, reusePort: o.reusePort, ipv6Only: o.ipv6Only };
  return new SocketListener(selectTransport(), o.target, settings, ctx, o.data, o.allowHalfOpen, tls);
}
