/**
 * OpenSSL errors as Bun (BoringSSL) shapes them. Node links OpenSSL 3, whose codes,
 * numbers and wording differ; code written against Bun matches on Bun's `code`,
 * `reason` and message, so we translate (spec §5).
 */
import { codedError } from "../errors.js";

/** BoringSSL's library names and packed numbers for the errors TLS options raise. */
const OPTION_ERRORS: Record<string, { code: string; lib: string; reason: string; hex: string }> = {
  NO_START_LINE: { code: "ERR_OSSL_PEM_NO_START_LINE", lib: "PEM routines", reason: "NO_START_LINE", hex: "0900006e" },
  KEY_TYPE_MISMATCH: { code: "ERR_OSSL_X509_KEY_TYPE_MISMATCH", lib: "X.509 certificate routines", reason: "KEY_TYPE_MISMATCH", hex: "0b000073" },
  KEY_VALUES_MISMATCH: { code: "ERR_OSSL_X509_KEY_VALUES_MISMATCH", lib: "X.509 certificate routines", reason: "KEY_VALUES_MISMATCH", hex: "0b000074" },
  BAD_DECRYPT: { code: "ERR_OSSL_BAD_DECRYPT", lib: "Cipher functions", reason: "BAD_DECRYPT", hex: "1e000065" },
};

/** Bun's error for unusable PEM material: own `library, function, reason, code`. */
export function pemError(kind: keyof typeof OPTION_ERRORS): Error {
  const d = OPTION_ERRORS[kind]!;
  const e = new Error(`error:${d.hex}:${d.lib}:OPENSSL_internal:${d.reason}`);
  return Object.assign(e, { library: d.lib, function: "OPENSSL_internal", reason: d.reason, code: d.code });
}

/** Translates what tls.createSecureContext() threw into Bun's error. */
export function contextError(err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case "ERR_OSSL_PEM_NO_START_LINE":
    case "ERR_OSSL_UNSUPPORTED":
    case "ERR_OSSL_PEM_BAD_END_LINE":
    case "ERR_OSSL_PEM_BAD_BASE64_DECODE":
      return pemError("NO_START_LINE");
    case "ERR_OSSL_X509_KEY_VALUES_MISMATCH":
      return pemError("KEY_VALUES_MISMATCH");
    case "ERR_OSSL_BAD_DECRYPT":
    case "ERR_OSSL_EVP_BAD_DECRYPT":
      return pemError("BAD_DECRYPT");
    case "ERR_SSL_NO_CIPHER_MATCH":
      return codedError("ERR_BORINGSSL", "Invalid ciphers");
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * BoringSSL reason numbers (SSL library, packed as 0x10000000 | n) where they differ
 * from OpenSSL 3's; alerts (1000 + alert number) are the same in both.
 */
const SSL_REASONS: Record<string, number> = {
  DECODE_ERROR: 137,
  DECRYPTION_FAILED_OR_BAD_RECORD_MAC: 139,
  HTTP_REQUEST: 156,
  NO_CERTIFICATE_SET: 174,
  NO_CIPHERS_AVAILABLE: 175,
  NO_SHARED_CIPHER: 184,
  PEER_DID_NOT_RETURN_A_CERTIFICATE: 192,
  RECORD_LENGTH_MISMATCH: 199,
  UNEXPECTED_MESSAGE: 223,
  UNEXPECTED_RECORD: 225,
  UNSUPPORTED_PROTOCOL: 240,
  WRONG_VERSION_NUMBER: 247,
};

/**
 * A TLS protocol failure as Bun reports it: `Error` with code `EPROTO` and BoringSSL's
 * message (`error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE`).
 * Returns undefined for errors that are not OpenSSL's (resets and the like).
 */
export function protocolError(err: unknown): Error | undefined {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; reason?: unknown };
  if (typeof e.code !== "string" || !e.code.startsWith("ERR_SSL_")) return undefined;
  const name = e.code.slice(8);
  let n = SSL_REASONS[name];
  if (n === undefined) {
    const m = typeof e.message === "string" ? /error:([0-9A-Fa-f]{8})/.exec(e.message) : null;
    n = m !== null ? parseInt(m[1]!, 16) & 0xfff : 0;
  }
  const hex = (0x10000000 | n).toString(16).padStart(8, "0");
  const out = new Error(`error:${hex}:SSL routines:OPENSSL_internal:${name}`);
  return Object.assign(out, { code: "EPROTO", errno: 0 });
}
