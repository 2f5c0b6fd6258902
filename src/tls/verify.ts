/**
 * Judges a finished handshake as Bun does (spec §5 "Verification defaults"): what
 * `handshake(socket, success, authorizationError)` receives, whether the socket is
 * authorized, and whether Bun then closes it. Bun's `success` is not "verified":
 * a client with rejectUnauthorized:false succeeds on a bad chain but not on a host
 * mismatch, and a server succeeds whatever the client certificate says.
 */
import { isIP } from "node:net";
import type { X509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { nodeTls } from "./lazy.js";

/** BoringSSL's wording of the verification errors (OpenSSL 3 says "self-signed", for one). */
const MESSAGES: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT: "unable to get issuer certificate",
  UNABLE_TO_GET_CRL: "unable to get certificate CRL",
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: "unable to decrypt certificate's signature",
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: "unable to decrypt CRL's signature",
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: "unable to decode issuer public key",
  CERT_SIGNATURE_FAILURE: "certificate signature failure",
  CRL_SIGNATURE_FAILURE: "CRL signature failure",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  CERT_HAS_EXPIRED: "certificate has expired",
  CRL_NOT_YET_VALID: "CRL is not yet valid",
  CRL_HAS_EXPIRED: "CRL has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self signed certificate in certificate chain",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unable to get local issuer certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unable to verify the first certificate",
  CERT_CHAIN_TOO_LONG: "certificate chain too long",
  CERT_REVOKED: "certificate revoked",
  INVALID_CA: "invalid CA certificate",
  PATH_LENGTH_EXCEEDED: "path length constraint exceeded",
  INVALID_PURPOSE: "unsupported certificate purpose",
  CERT_UNTRUSTED: "certificate not trusted",
  CERT_REJECTED: "certificate rejected",
  HOSTNAME_MISMATCH: "Hostname mismatch",
};

/** Bun's authorization error: `Error` with own `code` and `errno` (0). */
export function authorizationError(code: string, message?: string): Error {
  const e = new Error(MESSAGES[code] ?? message ?? code);
  return Object.assign(e, { code, errno: 0 });
}

/** An equal but distinct copy, as getAuthorizationError() returns each time. */
export function copyAuthorizationError(e: Error): Error {
  const copy = new Error(e.message);
  return Object.assign(copy, { code: (e as { code?: unknown }).code, errno: (e as { errno?: unknown }).errno });
}

export interface Verdict {
  readonly success: boolean;
  readonly error: Error | null;
  readonly authorized: boolean;
  /** Bun closes the socket right after the handshake callback. */
  readonly reject: boolean;
}

export interface HandshakeFacts {
  readonly isServer: boolean;
  readonly verifyError: Error | string | null;
  readonly rejectUnauthorized: boolean;
  readonly requestCert: boolean;
  /** Client: the name the certificate must match (SNI, else the hostname). */
  readonly host: string | undefined;
  readonly peer: X509Certificate | undefined;
}

function chainError(e: Error | string | null): Error | null {
  // Deno's verifyError() gives the code as a string, "" for a good chain.
  if (e === null || e === "") return null;
  if (typeof e === "string") return authorizationError(e);
  const code = (e as { code?: unknown }).code;
  return authorizationError(typeof code === "string" ? code : "UNABLE_TO_GET_ISSUER_CERT", e.message);
}

/**
 * The chain's verdict. A server whose client sent no certificate has nothing verified:
 * OpenSSL (Node, Bun) reports the missing issuer, Deno's verifyError() says "".
 */
function chainVerdict(f: HandshakeFacts): Error | null {
  if (f.isServer && f.peer === undefined && f.verifyError === "") return authorizationError("UNABLE_TO_GET_ISSUER_CERT");
  return chainError(f.verifyError);
}

export function judgeHandshake(f: HandshakeFacts): Verdict {
  const chain = chainVerdict(f);
  if (f.isServer) {
    const reject = f.requestCert && f.rejectUnauthorized && chain !== null;
    return { success: true, error: chain, authorized: chain === null, reject };
  }
  if (chain !== null) {
    return { success: !f.rejectUnauthorized, error: chain, authorized: false, reject: f.rejectUnauthorized };
  }
  const hostError = f.host !== undefined && f.peer !== undefined ? hostMismatch(f.host, f.peer) : undefined;
  if (hostError !== undefined) {
    const e = authorizationError(String((hostError as { code?: unknown }).code ?? "ERR_TLS_CERT_ALTNAME_INVALID"), hostError.message);
    return { success: false, error: e, authorized: false, reject: f.rejectUnauthorized };
  }
  return { success: true, error: null, authorized: true, reject: false };
}

/**
 * node:tls's host check, with OpenSSL's own check first: it answers the common case (a
 * match) without building the legacy certificate object; a mismatch is re-checked by
 * tls.checkServerIdentity, whose error message Bun reproduces.
 */
function hostMismatch(host: string, peer: X509Certificate): Error | undefined {
  const matched = isIP(host) !== 0 ? peer.checkIP(host) : peer.checkHost(host);
  if (matched !== undefined) return undefined;
  return nodeTls().checkServerIdentity(host, peer.toLegacyObject() as PeerCertificate);
}

/** What a server reports when the client went away before the handshake finished. */
export function disconnectedDuringHandshake(): Error {
  const e = new Error("Client network socket disconnected before secure TLS connection was established");
  return Object.assign(e, { code: "ECONNRESET", errno: 0 });
}
