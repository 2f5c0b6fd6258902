/**
 * What a failed TLS handshake means, in words a user can act on. Bun hands every failure
 * to the `handshake` handler as its authorization error (spec §5): a certificate that did
 * not verify, but also a peer that does not speak TLS (EPROTO: WRONG_VERSION_NUMBER) and a
 * connection that closed first (ECONNRESET: "disconnected before secure TLS connection was
 * established"). Only the first is a certificate problem, so only it suggests --ca.
 */
import { describeError, errorCode } from "./describe-error.js";

export type HandshakeFailureKind = "certificate" | "protocol" | "closed" | "unknown";

/** Codes of a connection that ended before the handshake did. */
const CLOSED = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);

/** Which kind of failure the handshake's error is. */
export function handshakeFailureKind(error: Error | null | undefined): HandshakeFailureKind {
  if (error === null || error === undefined) return "unknown";
  const code = errorCode(error);
  if (code !== undefined && CLOSED.has(code)) return "closed";
  // OpenSSL's handshake errors: EPROTO from the socket, ERR_SSL_* from node:tls's names.
  if (code === "EPROTO" || code?.startsWith("ERR_SSL_") === true) return "protocol";
  return "certificate";
}

/** One line (without the `bunsock:` prefix) saying why the handshake with `label` failed. */
export function handshakeFailureText(error: Error | null | undefined, label: string): string {
  switch (handshakeFailureKind(error)) {
    case "certificate":
      return `TLS: certificate not verified: ${describeError(error)} (use --ca FILE to trust a CA, or --insecure)`;
    case "protocol": {
      // OpenSSL's reason is the last field of `error:100000f7:SSL routines:...:WRONG_VERSION_NUMBER`.
      const reason = (error as Error).message.split(":").pop()?.trim() ?? "";
      const what = reason === "" ? describeError(error) : `${errorCode(error) ?? "error"} (protocol error: ${reason})`;
      return `TLS handshake with ${label} failed: ${what}; does the server speak TLS on this port?`;
    }
    case "closed":
      return `TLS handshake with ${label} failed: the connection ended before the handshake finished (${errorCode(error) ?? "closed"})`;
    case "unknown":
      return `TLS handshake with ${label} failed`;
  }
}
