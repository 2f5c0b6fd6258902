/**
 * One readable line for the errors bunsock hands us: network errors keep their code
 * (scripts and search engines know `ECONNREFUSED`) followed by plain words.
 */

const WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by peer",
  EPIPE: "broken pipe (the peer closed the connection)",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "temporary failure in name resolution",
  EADDRINUSE: "address already in use",
  EADDRNOTAVAIL: "address not available on this machine",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  EINVAL: "invalid argument (a unix socket path that is too long?)",
  ENOTSOCK: "not a socket",
  EPROTO: "protocol error",
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** `ECONNREFUSED (connection refused)`, `CERT_HAS_EXPIRED: certificate has expired`, or the message. */
export function describeError(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && WORDS[code] !== undefined) return `${code} (${WORDS[code]})`;
  if (code !== undefined && !message.includes(code)) return `${code}: ${message}`;
  return message;
}

/** The error's code, if it has one (`ECONNREFUSED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...). */
export function errorCode(error: unknown): string | undefined {
  return codeOf(error);
}
