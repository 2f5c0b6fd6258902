/**
 * TLSSocket: a TCPSocket with a TLS session. Its TLS members return what Bun's do in
 * each state (spec §5 "TLS members"): before the handshake, once it is done, and
 * after close (most return undefined/null then; `authorized` and the authorization
 * error keep their last value).
 */
import { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import type { CipherNameAndProtocol, EphemeralKeyInfo, PeerCertificate } from "node:tls";
import { plainError } from "../errors.js";
import { kTlsState, TCPSocket } from "../socket.js";
import { peerCertificateObject } from "./certificate.js";
import type { TlsState } from "./tls-state.js";
import { authorizationError, copyAuthorizationError } from "./verify.js";
import type { SecureSocket } from "../transport/node-tls.js";

function state(socket: TLSSocket): TlsState {
  return socket[kTlsState] as TlsState;
}

/**
 * The node:tls socket while it can still be asked: calling into a destroyed one
 * (inside the callbacks of a failed handshake) can crash Node, so it never is.
 */
function live(socket: TLSSocket): SecureSocket | undefined {
  const s = state(socket).conn?.socket;
  return s === undefined || s.destroyed ? undefined : s;
}

/** The node:tls socket once the handshake is done and while open. */
function established(socket: TLSSocket): SecureSocket | undefined {
  return state(socket).handshakeDone ? live(socket) : undefined;
}

const MIN_FRAGMENT = 512;
/** HKDF-Expand's limit with SHA-384 (255 blocks): BoringSSL refuses more. */
const MAX_KEYING_MATERIAL = 255 * 48;
const MAX_FRAGMENT = 16384;

export class TLSSocket extends TCPSocket {
  override get authorized(): boolean {
    return state(this).authorized;
  }

  override get alpnProtocol(): string | false | null {
    return state(this).alpn;
  }

  override getAuthorizationError(): Error | null {
    const st = state(this);
    // Before the handshake Bun already reports an unverified peer.
    if (!st.handshakeDone) return authorizationError("UNABLE_TO_GET_ISSUER_CERT");
    return st.authError === null ? null : copyAuthorizationError(st.authError);
  }

  override getCipher(): CipherNameAndProtocol | undefined {
    const st = state(this);
    if (st.conn === null) return undefined;
    const s = established(this);
    if (s === undefined) return { name: null, standardName: null, version: null } as unknown as CipherNameAndProtocol;
    const c = s.getCipher();
    return { name: c.name, standardName: c.standardName, version: c.version };
  }

  override getTLSVersion(): string | null {
    const st = state(this);
    if (st.conn === null) return null;
    // Bun says TLSv1.2 until the handshake has negotiated something.
    const s = established(this);
    if (s === undefined) return "TLSv1.2";
    return s.getProtocol() ?? "unknown";
  }

  /** Bun's object has no `issuerCertificate`, even with `detailed`. */
  override getPeerCertificate(): PeerCertificate | undefined {
    const st = state(this);
    if (st.conn === null || !st.handshakeDone) return undefined;
    return peerCertificateObject(st.peerX509?.toLegacyObject() as PeerCertificate | undefined);
  }

  override getCertificate(): PeerCertificate | undefined {
    const s = live(this);
    if (s === undefined) return undefined;
    const own = s.getCertificate();
    return own === null ? undefined : peerCertificateObject(own as PeerCertificate);
  }

  getX509Certificate(): X509Certificate | undefined {
    return live(this)?.getX509Certificate();
  }

  getPeerX509Certificate(): X509Certificate | undefined {
    const st = state(this);
    if (st.conn === null || !st.handshakeDone) return undefined;
    return st.peerX509;
  }

  override getSession(): Buffer | undefined {
    return established(this)?.getSession();
  }

  override setSession(session: unknown): void {
    const ok = typeof session === "string" || ArrayBuffer.isView(session) || session instanceof ArrayBuffer;
    if (!ok) throw plainError("Expected session to be a string, Buffer or TypedArray");
    const st = state(this);
    if (st.conn === null || st.isServer || st.conn.started) return;
    st.session =
      typeof session === "string"
        ? Buffer.from(session, "latin1")
        : ArrayBuffer.isView(session)
          ? Buffer.from(session.buffer, session.byteOffset, session.byteLength)
          : Buffer.from(session as ArrayBuffer);
  }

  override isSessionReused(): boolean {
    return established(this)?.isSessionReused() ?? false;
  }

  override getTLSTicket(): Buffer | undefined {
    const st = state(this);
    if (st.isServer) return undefined;
    return established(this)?.getTLSTicket();
  }

  override getTLSFinishedMessage(): Buffer | undefined {
    const s = established(this);
    // TLS 1.3 has no Finished message in the 1.2 sense; Bun returns nothing there.
    if (s === undefined || s.getProtocol() === "TLSv1.3") return undefined;
    return s.getFinished();
  }

  override getTLSPeerFinishedMessage(): Buffer | undefined {
    const s = established(this);
    if (s === undefined || s.getProtocol() === "TLSv1.3") return undefined;
    return s.getPeerFinished();
  }

  override exportKeyingMaterial(length?: unknown, label?: unknown, context?: unknown): Buffer | undefined {
    const st = state(this);
    if (st.conn === null) return undefined;
    if (length === undefined || label === undefined) throw plainError("Expected length and label to be provided");
    if (typeof length !== "number") throw plainError("Expected length to be a number");
    if (!(length >= 0) || length === Infinity) throw plainError("Expected length to be a positive number");
    if (typeof label !== "string") throw plainError("Expected label to be a string");
    let ctx: Buffer | undefined;
    if (typeof context === "string") ctx = Buffer.from(context);
    else if (ArrayBuffer.isView(context)) ctx = Buffer.from(context.buffer, context.byteOffset, context.byteLength);
    else if (context instanceof ArrayBuffer) ctx = Buffer.from(context);
    else if (context !== undefined) throw plainError("Expected context to be a string, Buffer or TypedArray");
    if (!st.handshakeDone) throw plainError("OpenSSL HANDSHAKE_NOT_COMPLETE via OPENSSL_internal SSL routines");
    const n = Math.floor(length);
    if (n === 0) return Buffer.alloc(0);
    if (n > MAX_KEYING_MATERIAL) throw plainError("OpenSSL OUTPUT_TOO_LARGE via OPENSSL_internal HKDF functions");
    const s = established(this);
    if (s === undefined) throw plainError("OpenSSL HANDSHAKE_NOT_COMPLETE via OPENSSL_internal SSL routines");
    return s.exportKeyingMaterial(n, label, ctx as Buffer);
  }

  override getServername(): string | undefined {
    const st = state(this);
    if (st.conn === null) return undefined;
    if (!st.isServer) return st.servername;
    const name = live(this)?.servername;
    return typeof name === "string" ? name : undefined;
  }

  override setServername(name: string): void {
    const st = state(this);
    if (st.isServer) throw plainError("Cannot issue SNI from a TLS server-side socket");
    if (st.conn === null) return;
    if (st.conn.started) throw plainError("Already started.");
    st.servername = String(name);
  }

  override getEphemeralKeyInfo(): EphemeralKeyInfo | Record<string, never> | null {
    const st = state(this);
    if (st.conn === null || st.isServer) return null;
    const s = established(this);
    if (s === undefined) return {};
    // TLS 1.3 key shares are not reported by Bun.
    if (s.getProtocol() === "TLSv1.3") return {};
    return (s.getEphemeralKeyInfo() as EphemeralKeyInfo | null) ?? {};
  }

  /** Bun reports no shared signature algorithms at all (spec §5). */
  override getSharedSigalgs(): string[] | null {
    return state(this).conn === null ? null : [];
  }

  override setMaxSendFragment(size: number): boolean {
    const s = live(this);
    if (s === undefined || typeof size !== "number" || size < MIN_FRAGMENT || size > MAX_FRAGMENT) return false;
    return s.setMaxSendFragment(size);
  }

  override disableRenegotiation(): void {
    live(this)?.disableRenegotiation();
  }

  override renegotiate(): void {
    if (state(this).conn === null) return;
    throw plainError("OpenSSL function should not have been called via OPENSSL_internal SSL routines");
  }

  override get [Symbol.toStringTag](): string {
    return "TLSSocket";
  }
}

// As for TCPSocket: Bun's sockets report `constructor.name` "Object".
Object.defineProperty(TLSSocket.prototype, "constructor", { value: Object, writable: true, configurable: true });
