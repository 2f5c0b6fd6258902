/**
 * Certificates as Bun's getPeerCertificate()/getCertificate() return them: the same
 * fields node:tls computes, in Bun's key order, as plain objects, without the
 * `issuerCertificate` chain (Bun does not add it, even for `(true)`).
 */
import type { PeerCertificate } from "node:tls";

const ORDER = [
  "subject",
  "issuer",
  "subjectaltname",
  "infoAccess",
  "modulus",
  "exponent",
  "bits",
  "pubkey",
  "valid_from",
  "valid_to",
  "fingerprint",
  "fingerprint256",
  "fingerprint512",
  "ext_key_usage",
  "serialNumber",
  "raw",
  "ca",
] as const;

function plain(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Object.getPrototypeOf(v) !== null) return v;
  return { ...(v as object) };
}

/** Bun's certificate object, or undefined when there is no certificate. */
export function peerCertificateObject(cert: PeerCertificate | null | undefined): PeerCertificate | undefined {
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return undefined;
  const src = cert as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Bun lists every key, with undefined for what the certificate lacks (no SANs, say).
  for (const key of ORDER) out[key] = plain(src[key]);
  // Fields beyond Bun's list (an EC key's curve names) only when they carry a value.
  for (const key of Object.keys(src)) {
    if (!(key in out) && key !== "issuerCertificate" && src[key] !== undefined) out[key] = plain(src[key]);
  }
  return out as unknown as PeerCertificate;
}

/**
 * The peer's certificate as Bun's getPeerX509Certificate() gives it: the leaf alone. Node
 * links `issuerCertificate` when the issuer was sent or is in the trust store (and its TLS
 * wrap only from a process's second connection on); Bun's is always undefined.
 */
export function leafX509<T extends object>(cert: T | undefined): T | undefined {
  if (cert !== undefined) Object.defineProperty(cert, "issuerCertificate", { value: undefined, configurable: true });
  return cert;
}
