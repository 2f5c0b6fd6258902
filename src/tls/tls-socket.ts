/**
 * TLSSocket: a TCPSocket with a TLS session. Its TLS members return what Bun's do in
 * each state (spec §5 "TLS members"): before the handshake, once it is done, and
 * after close (most return undefined/null then; `authorized` and the authorization
 * error keep their last value).
 */
import { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import type { CipherNameAndProtocol, EphemeralKeyInfo, PeerCertificate } from "node:tls";
import { plainError, valueOutOfRange } from "../errors.js";
import { kClosedForUser, kTlsState, TCPSocket } from "../socket.js";
import { peerCertificateObject } from "./certificate.js";
import type { TlsState } from "./tls-state.js";
import { authorizationError, copyAuthorizationError } from "./verify.js";
import type { TlsView } from "../transport/tls-link.js";

function state(socket: TCPSocket): TlsState {
  return socket[kTlsState] as TlsState;
}

/**
 * Whether the socket is gone for its TLS members: closed, or ended (after a TLS end()
 * Bun's members answer as they do after close, at once).
 */
function gone(socket: TCPSocket): boolean {
  return state(socket).conn === null || socket[kClosedForUser];
}

/**
 * The node:tls socket while it can still be asked: calling into a destroyed one
 * (inside the callbacks of a failed handshake) can crash Node, so it never is.
 */
function live(socket: TLSSocket): TlsView | undefined {
  if (gone(socket)) return undefined;
  const s = state(socket).conn?.socket;
  return s === undefined || s.destroyed ? undefined : s;
}

/** The node:tls socket once the handshake is done and while open. */
function established(socket: TLSSocket): TlsView | undefined {
  return state(socket).handshakeDone ? live(socket) : undefined;
}

const MIN_FRAGMENT = 512;
/** HKDF-Expand's limit, 255 blocks of the suite's hash: BoringSSL refuses more. */
const HKDF_BLOCKS = 255;
const MAX_FRAGMENT = 16384;
const MAX_BUFFER = 2 ** 32;

const isStringLike = (v: unknown): v is string | String => typeof v === "string" || v instanceof String;

/** A string, String object, view or ArrayBuffer as bytes (`latin1` for strings when asked), else undefined. */
function bytesOf(v: unknown, encoding: "latin1" | "utf8"): Buffer | undefined {
  if (isStringLike(v)) return Buffer.from(String(v), encoding);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  return undefined;
}

/**
 * setServername()'s checks and answers, in Bun's order: the name the call sets, or
 * undefined when it changes nothing. Shared with the STARTTLS raw half (starttls.ts).
 */
export function acceptedServername(socket: TCPSocket, args: IArguments): string | undefined {
  const st = state(socket);
  if (st.isServer) throw plainError("Cannot issue SNI from a TLS server-side socket");
  if (args.length === 0) throw plainError("Expected 1 argument");
  const name: unknown = args[0];
  if (!isStringLike(name)) throw plainError('Expected "serverName" to be a string');
  // A closed socket, or an empty name, changes nothing (before "Already started." on Bun).
  if (st.conn === null || gone(socket) || String(name) === "") return undefined;
  // Under STARTTLS Bun has sent the ClientHello already, yet renames until the handshake ends.
  if (st.conn.started && !(st.overRaw && !st.handshakeDone)) throw plainError("Already started.");
  return String(name);
}

export class TLSSocket extends TCPSocket {
  override get authorized(): boolean {
    return state(this).authorized;
  }

  /** Gone with the socket: Bun answers false right after end(), as after close. */
  override get alpnProtocol(): string | false | null {
    return gone(this) ? false : state(this).alpn;
  }

  override getAuthorizationError(): Error | null {
    const st = state(this);
    // Before the handshake Bun already reports an unverified peer.
    if (!st.handshakeDone) return authorizationError("UNABLE_TO_GET_ISSUER_CERT");
    return st.authError === null ? null : copyAuthorizationError(st.authError);
  }

  override getCipher(): CipherNameAndProtocol | undefined {
    if (gone(this)) return undefined;
    const s = established(this);
    if (s === undefined) return { name: null, standardName: null, version: null } as unknown as CipherNameAndProtocol;
    const c = s.getCipher();
    return { name: c.name, standardName: c.standardName, version: c.version };
  }

  override getTLSVersion(): string | null {
    if (gone(this)) return null;
    // Bun says TLSv1.2 until the handshake has negotiated something.
    const s = established(this);
    if (s === undefined) return "TLSv1.2";
    return s.getProtocol() ?? "unknown";
  }

  /** Bun's object has no `issuerCertificate`, even with `detailed` (which must be a boolean when given). */
  override getPeerCertificate(detailed?: boolean): PeerCertificate | undefined {
    if (arguments.length > 0 && typeof detailed !== "boolean") throw plainError("Expected abbreviated to be a boolean");
    const st = state(this);
    if (gone(this) || !st.handshakeDone) return undefined;
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
    if (gone(this) || !st.handshakeDone) return undefined;
    return st.peerX509;
  }

  override getSession(): Buffer | undefined {
    return established(this)?.getSession();
  }

  /** A closed socket ignores the call before looking at `session`. */
  override setSession(session: unknown): void {
    if (gone(this)) return;
    const bytes = bytesOf(session, "latin1");
    if (bytes === undefined) throw plainError("Expected session to be a string, Buffer or TypedArray");
    const st = state(this);
    if (st.conn === null || st.isServer || st.conn.started) return;
    st.session = bytes;
  }

  override isSessionReused(): boolean {
    return established(this)?.isSessionReused() ?? false;
  }

  override getTLSTicket(): Buffer | undefined {
    const st = state(this);
    if (st.isServer) return undefined;
    // Deno's node:tls has no getTLSTicket(): no ticket to give.
    return established(this)?.getTLSTicket?.();
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

  /**
   * Bun counts arguments (an explicit undefined is checked as a value), truncates the
   * length toward zero (-0.5 asks for 0 bytes), takes String objects as strings, and on a
   * closed socket returns undefined before looking at anything.
   */
  override exportKeyingMaterial(length?: unknown, label?: unknown, context?: unknown): Buffer | undefined {
    const st = state(this);
    if (gone(this)) return undefined;
    if (arguments.length < 2) throw plainError("Expected length and label to be provided");
    if (typeof length !== "number") throw plainError("Expected length to be a number");
    const n = Math.trunc(length);
    // Bun reads the length as a signed 64-bit integer: 2^63 and up are not positive there.
    if (!(n >= 0) || n >= 2 ** 63) throw plainError("Expected length to be a positive number");
    if (!isStringLike(label)) throw plainError("Expected label to be a string");
    let ctx: Buffer | undefined;
    if (arguments.length > 2) {
      ctx = bytesOf(context, "utf8");
      if (ctx === undefined) throw plainError("Expected context to be a string, Buffer or TypedArray");
    }
    if (!st.handshakeDone) throw plainError("OpenSSL HANDSHAKE_NOT_COMPLETE via OPENSSL_internal SSL routines");
    if (n === 0) return Buffer.alloc(0);
    const s = established(this);
    if (s === undefined) throw plainError("OpenSSL HANDSHAKE_NOT_COMPLETE via OPENSSL_internal SSL routines");
    // The output buffer comes first: Bun's (and Node's) Buffers stop at 2^32 bytes.
    if (n > MAX_BUFFER) throw valueOutOfRange("size", 0, MAX_BUFFER, n);
    // TLS 1.3 exports through HKDF-Expand with the suite's hash; BoringSSL refuses past its limit.
    const hash = s.getProtocol() === "TLSv1.3" && !/SHA384$/.test(s.getCipher().standardName) ? 32 : 48;
    if (n > HKDF_BLOCKS * hash) throw plainError("OpenSSL OUTPUT_TOO_LARGE via OPENSSL_internal HKDF functions");
    return s.exportKeyingMaterial(n, String(label), ctx as Buffer);
  }

  override getServername(): string | undefined {
    const st = state(this);
    if (gone(this)) return undefined;
    if (!st.isServer) return st.shownServername ?? st.servername;
    const name = live(this)?.servername;
    return typeof name === "string" ? name : undefined;
  }

  /** The name is the SNI to send and the name the peer's certificate must match. */
  override setServername(name: string): void {
    void name;
    const sni = acceptedServername(this, arguments);
    if (sni === undefined) return;
    const st = state(this);
    st.servername = sni;
    st.shownServername = undefined;
  }

  override getEphemeralKeyInfo(): EphemeralKeyInfo | Record<string, never> | null {
    const st = state(this);
    if (gone(this) || st.isServer) return null;
    const s = established(this);
    if (s === undefined) return {};
    // TLS 1.3 key shares are not reported by Bun.
    if (s.getProtocol() === "TLSv1.3") return {};
    return (s.getEphemeralKeyInfo() as EphemeralKeyInfo | null) ?? {};
  }

  /** Bun reports no shared signature algorithms at all (spec §5). */
  override getSharedSigalgs(): string[] | null {
    return gone(this) ? null : [];
  }

  /** Bun takes any number, truncated toward zero; a non-number is an error even once closed. */
  override setMaxSendFragment(size: number): boolean {
    if (typeof size !== "number") throw plainError("Expected size to be a number");
    const s = live(this);
    const n = Math.trunc(size);
    if (s === undefined || !(n >= MIN_FRAGMENT && n <= MAX_FRAGMENT)) return false;
    return s.setMaxSendFragment(n);
  }

  /**
   * Bun sets the mode on the socket's own SSL: before the handshake a server then asks
   * for (or stops asking for) a client certificate, and the handshake is judged by the
   * new pair (a bad certificate is rejected only when both are true). After the
   * handshake nothing observable changes. A closed socket ignores the call.
   */
  override setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void {
    if (gone(this)) return;
    if (arguments.length < 2) throw plainError("Expected requestCert and rejectUnauthorized arguments");
    if (typeof requestCert !== "boolean" || typeof rejectUnauthorized !== "boolean") {
      throw plainError("Expected requestCert and rejectUnauthorized arguments to be boolean");
    }
    const st = state(this);
    if (st.handshakeDone) return;
    st.requestCert = requestCert;
    st.rejectUnauthorized = rejectUnauthorized;
    // A client's own OpenSSL mode stays "verify, never fail": the core judges its verdict.
    if (st.isServer) st.conn?.setVerifyMode(requestCert, rejectUnauthorized);
  }

  override disableRenegotiation(): void {
    live(this)?.disableRenegotiation();
  }

  override renegotiate(): void {
    if (gone(this)) return;
    throw plainError("OpenSSL function should not have been called via OPENSSL_internal SSL routines");
  }

  override get [Symbol.toStringTag](): string {
    return "TLSSocket";
  }
}

// As for TCPSocket: Bun's sockets report `constructor.name` "Object".
Object.defineProperty(TLSSocket.prototype, "constructor", { value: Object, writable: true, configurable: true });
