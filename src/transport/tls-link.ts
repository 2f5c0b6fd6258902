/**
 * What the core asks of a TLS connection, whichever engine runs it: node:tls over a
 * node:net socket (node-tls.ts, the fallback and STARTTLS), or Node's TLS wrap driven
 * directly on the handle transport's own handles (handle-tls.ts).
 */
import type { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import type { CipherNameAndProtocol, EphemeralKeyInfo, PeerCertificate } from "node:tls";
import type { Connection } from "./transport.js";

/**
 * The TLS session's facts and controls, as node:tls's TLSSocket names them (the node:tls
 * engine hands its TLSSocket over as it is). Callers ask only while `destroyed` is false.
 */
export interface TlsView {
  readonly destroyed: boolean;
  /** The negotiated ALPN protocol once the handshake is done (false: none). */
  readonly alpnProtocol: string | false | null;
  /** Server: the SNI the client sent (false or undefined: none). */
  readonly servername?: string | false | null;
  /** The native TLS wrap: its verifyError() is the chain verdict OpenSSL reached (Deno: the code as a string, "" when good). */
  readonly _handle: { verifyError(): Error | string | null } | null;
  getPeerX509Certificate(): X509Certificate | undefined;
  getX509Certificate(): X509Certificate | undefined;
  getCertificate(): PeerCertificate | object | null;
  getCipher(): CipherNameAndProtocol;
  getProtocol(): string | null;
  getSession(): Buffer | undefined;
  isSessionReused(): boolean;
  getTLSTicket(): Buffer | undefined;
  getFinished(): Buffer | undefined;
  getPeerFinished(): Buffer | undefined;
  getEphemeralKeyInfo(): EphemeralKeyInfo | object | null;
  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer;
  setMaxSendFragment(size: number): boolean;
  disableRenegotiation(): void;
}

/** A TLS connection: a Connection whose bytes are plaintext, plus the handshake controls. */
export interface TlsLink extends Connection {
  /** The session's view (see TlsView). */
  readonly socket: TlsView;
  /** Client: the handshake has been started (SNI and session can no longer change). */
  readonly started: boolean;
  /** Client: starts the handshake with the SNI and session the owner settled on. */
  startTls(servername: string | undefined, session: Buffer | undefined): void;
  /** Drops the connection at once, without flushing pending TLS output (a rejected handshake). */
  abort(): void;
  /**
   * Server: whether the next handshake asks for a client certificate, and whether
   * OpenSSL fails it when none comes (SSL_VERIFY_FAIL_IF_NO_PEER_CERT); setVerifyMode().
   */
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
}
