/**
 * What a TLS connection negotiated and who the peer is, read through Bun's TLS members
 * (getTLSVersion, getCipher, alpnProtocol, getServername, authorized,
 * getAuthorizationError, getPeerX509Certificate/getPeerCertificate), and its
 * rendering as aligned `key  value` lines for `-v` and `probe`.
 */
import type { X509Certificate } from "node:crypto";
import type { Socket } from "../index.js";
import { errorCode } from "./describe-error.js";

/** One certificate as shown to the user. */
export interface CertSummary {
  subject: string;
  issuer: string;
  /** e.g. `DNS:localhost, IP Address:127.0.0.1`; null when the certificate has none. */
  subjectAltName: string | null;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  serialNumber: string;
}

export interface TlsSummary {
  protocol: string | null;
  cipher: { name: string | null; standardName: string | null } | null;
  /** The negotiated ALPN protocol; null when none was negotiated (Bun reports `false`). */
  alpn: string | null;
  servername: string | null;
  authorized: boolean;
  authorizationError: { code: string | null; message: string } | null;
  /** The peer's own certificate (none: the peer sent none); Bun's API exposes no issuers. */
  chain: CertSummary[];
}

/** The Bun-shaped `getPeerCertificate()` result (node:tls's PeerCertificate layout). */
interface PeerCertificateLike {
  subject?: Record<string, string | string[]>;
  issuer?: Record<string, string | string[]>;
  subjectaltname?: string;
  valid_from?: string;
  valid_to?: string;
  fingerprint256?: string;
  serialNumber?: string;
}

/** `CN=localhost, O=Example` from node's `C=..\nO=..\nCN=..` (X509Certificate) form, most specific first. */
function dnFromX509(text: string): string {
  return text
    .split("\n")
    .filter((s) => s !== "")
    .reverse()
    .join(", ");
}

function dnFromObject(dn: Record<string, string | string[]> | undefined): string {
  if (dn === undefined) return "";
  return Object.entries(dn)
    .reverse()
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`)
    .join(", ");
}

function fromX509(cert: X509Certificate): CertSummary {
  return {
    subject: dnFromX509(cert.subject),
    issuer: dnFromX509(cert.issuer),
    subjectAltName: cert.subjectAltName ?? null,
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}

function fromPeerCertificate(cert: PeerCertificateLike): CertSummary {
  return {
    subject: dnFromObject(cert.subject),
    issuer: dnFromObject(cert.issuer),
    subjectAltName: cert.subjectaltname ?? null,
    validFrom: cert.valid_from ?? "",
    validTo: cert.valid_to ?? "",
    fingerprint256: cert.fingerprint256 ?? "",
    serialNumber: cert.serialNumber ?? "",
  };
}

/**
 * The peer's certificate, as a one-entry chain. Bun's socket API gives the peer's own
 * certificate only: getPeerCertificate(true) has no issuerCertificate (spec §6.18) and
 * getPeerX509Certificate().issuerCertificate is undefined, even when the server sends its
 * CA (probed on Bun 1.4.5 against `openssl s_server -cert_chain`). Node's certificates may
 * link the issuer, so following that link would show a longer chain on some runtimes and
 * transports than on others; the CLI shows the same thing everywhere instead.
 */
function peerChain(socket: Socket<unknown>): CertSummary[] {
  const loose = socket as unknown as {
    getPeerX509Certificate?: () => X509Certificate | undefined;
    getPeerCertificate?: () => PeerCertificateLike | null | undefined;
  };
  const leaf = typeof loose.getPeerX509Certificate === "function" ? loose.getPeerX509Certificate() : undefined;
  if (leaf !== undefined && leaf !== null) return [fromX509(leaf)];
  const peer = typeof loose.getPeerCertificate === "function" ? loose.getPeerCertificate() : undefined;
  if (peer === undefined || peer === null || Object.keys(peer).length === 0) return [];
  return [fromPeerCertificate(peer)];
}

/** Reads the summary from an open TLS socket (call it in or after `handshake`). */
export function tlsSummary(socket: Socket<unknown>): TlsSummary {
  const cipher = socket.getCipher() as { name?: string | null; standardName?: string | null } | undefined;
  const authError = socket.getAuthorizationError();
  const alpn = socket.alpnProtocol;
  const servername = socket.getServername() as string | undefined;
  return {
    protocol: socket.getTLSVersion() ?? null,
    cipher: cipher === undefined || cipher === null ? null : { name: cipher.name ?? null, standardName: cipher.standardName ?? null },
    alpn: typeof alpn === "string" ? alpn : null,
    servername: servername ?? null,
    authorized: socket.authorized,
    authorizationError: authError === null || authError === undefined ? null : { code: errorCode(authError) ?? null, message: authError.message },
    chain: peerChain(socket),
  };
}

/** Days from now until `date` (negative when past); NaN when the date does not parse. */
export function daysUntil(date: string, now: number): number {
  const t = Date.parse(date);
  return Number.isNaN(t) ? Number.NaN : Math.floor((t - now) / 86_400_000);
}

/** Aligned `key  value` lines. */
export function table(rows: Array<[string, string]>, indent = "  "): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`);
}

/** `yes`, or `no (CODE: message)`. */
export function verifiedText(summary: TlsSummary): string {
  if (summary.authorized) return "yes";
  const e = summary.authorizationError;
  if (e === null) return "no";
  return `no (${e.code !== null ? `${e.code}: ` : ""}${e.message})`;
}

/** The certificate rows of one chain entry. */
export function certRows(cert: CertSummary, now: number): Array<[string, string]> {
  const days = daysUntil(cert.validTo, now);
  const left = Number.isNaN(days) ? "" : days < 0 ? ` (EXPIRED ${-days} days ago)` : ` (${days} days left)`;
  return [
    ["subject", cert.subject],
    ["issuer", cert.issuer],
    ["SANs", cert.subjectAltName ?? "(none)"],
    ["valid", `${cert.validFrom} → ${cert.validTo}${left}`],
    ["sha256", cert.fingerprint256],
    ["serial", cert.serialNumber],
  ];
}

/**
 * The short summary printed by `connect -v` / `listen -v` (stderr). A server that did not
 * ask for a client certificate says so (`clientCertificate: "not requested"`): Bun still
 * reports an authorization error for it (UNABLE_TO_GET_ISSUER_CERT, spec §5), which would
 * read as a failed verification of a certificate nobody sent.
 */
export function summaryLines(summary: TlsSummary, options: { clientCertificate?: "not requested" } = {}): string[] {
  const rows: Array<[string, string]> = [
    ["protocol", summary.protocol ?? "?"],
    ["cipher", summary.cipher?.name ?? "?"],
    ["ALPN", summary.alpn ?? "(none)"],
    ["SNI", summary.servername ?? "(none)"],
    options.clientCertificate === undefined ? ["verified", verifiedText(summary)] : ["client certificate", options.clientCertificate],
  ];
  const leaf = summary.chain[0];
  if (leaf !== undefined) {
    rows.push(["peer", leaf.subject], ["issuer", leaf.issuer], ["expires", leaf.validTo]);
  }
  return table(rows);
}
