/**
 * What a TLS socket knows beyond a TCP one: its configuration, where the handshake
 * is, and the values Bun keeps after close (authorized, the authorization error).
 */
import type { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import type { TlsConfig } from "./tls-options.js";
import type { TlsLink } from "../transport/tls-link.js";

export class TlsState {
  readonly config: TlsConfig;
  readonly isServer: boolean;
  /** The TLS connection while the socket is open (null before attach and after close). */
  conn: TlsLink | null = null;
  handshakeDone = false;
  /** The user called end(): from then on Bun's members answer as on a closed socket. */
  userEnded = false;
  /** end(data) before the handshake finished: Bun drops the data and ends once it has. */
  endAfterHandshake = false;
  /** shutdown() came before the handshake finished: if it fails, Bun reports no error. */
  shutBeforeHandshake = false;
  /** Inside the report (handshake(false) or open) of a handshake that did not finish. */
  failing = false;
  /** Whether `open` already ran (with a handshake handler it runs before the handshake). */
  openFired = false;
  /**
   * The verification mode the handshake is judged by: the config's, until setVerifyMode()
   * replaces it for this socket (Bun sets it on the socket's own SSL).
   */
  requestCert: boolean;
  rejectUnauthorized: boolean;
  authorized = false;
  authError: Error | null = null;
  /** Client: the SNI to send (settable until the handshake starts). */
  servername: string | undefined;
  /**
   * Client: a name the STARTTLS raw half set (its setServername). Bun's raw half writes
   * only the shared session's name, which getServername() reports on both halves; the
   * SNI already chosen and the name verified stay `servername`.
   */
  shownServername: string | undefined;
  /** Client: a session to resume, set by setSession() before the handshake starts. */
  session: Buffer | undefined;
  alpn: string | false = false;
  /** STARTTLS: this TLS runs over a raw socket, which closes first. */
  overRaw = false;
  rawOpen = true;
  /** STARTTLS: the TLS connection closed before the raw half did; reported once it has. */
  closeWaiting: { error: unknown } | null = null;
  /**
   * The peer's certificate, taken at the handshake: OpenSSL 3 drops it from a TLS 1.3
   * client once a session ticket replaces the session, while Bun keeps reporting it.
   */
  peerX509: X509Certificate | undefined;

  constructor(config: TlsConfig, isServer: boolean) {
    this.config = config;
    this.isServer = isServer;
    this.servername = config.serverName;
    this.requestCert = config.requestCert;
    this.rejectUnauthorized = config.rejectUnauthorized;
  }
}
