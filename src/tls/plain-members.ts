/**
 * The TLS members of a plain TCP socket: Bun's socket prototype has them all, and on a
 * socket without TLS they return these values (spec §4, §5 "plain TCP" column).
 * `getX509Certificate`/`getPeerX509Certificate` are absent on plain sockets, as on Bun.
 */
import type { Buffer } from "node:buffer";
import type { CipherNameAndProtocol, EphemeralKeyInfo, PeerCertificate } from "node:tls";

export interface PlainTlsMembers {
  readonly authorized: boolean;
  readonly alpnProtocol: string | false | null;
  getAuthorizationError(): Error | null;
  getCipher(): CipherNameAndProtocol | undefined;
  getTLSVersion(): string | null;
  getPeerCertificate(detailed?: boolean): PeerCertificate | null | undefined;
  getCertificate(): PeerCertificate | undefined;
  getSession(): Buffer | undefined;
  setSession(session: unknown): void;
  isSessionReused(): boolean;
  getTLSTicket(): Buffer | undefined;
  getTLSFinishedMessage(): Buffer | undefined;
  getTLSPeerFinishedMessage(): Buffer | undefined;
  exportKeyingMaterial(length?: unknown, label?: unknown, context?: unknown): Buffer | undefined;
  getServername(): string | undefined;
  setServername(name: string): void;
  getEphemeralKeyInfo(): EphemeralKeyInfo | Record<string, never> | null;
  getSharedSigalgs(): string[] | null | undefined;
  setMaxSendFragment(size: number): boolean;
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
  disableRenegotiation(): void;
  renegotiate(): void;
}

const constant = <T>(value: T) =>
  function (): T {
    return value;
  };

const methods: Record<string, () => unknown> = {
  getAuthorizationError: constant(null),
  getCipher: constant(undefined),
  getTLSVersion: constant(null),
  getPeerCertificate: constant(null),
  getCertificate: constant(undefined),
  getSession: constant(undefined),
  setSession: constant(undefined),
  isSessionReused: constant(false),
  getTLSTicket: constant(undefined),
  getTLSFinishedMessage: constant(undefined),
  getTLSPeerFinishedMessage: constant(undefined),
  exportKeyingMaterial: constant(undefined),
  getServername: constant(undefined),
  setServername: constant(undefined),
  getEphemeralKeyInfo: constant(null),
  getSharedSigalgs: constant(undefined),
  setMaxSendFragment: constant(false),
  setVerifyMode: constant(undefined),
  disableRenegotiation: constant(undefined),
  renegotiate: constant(undefined),
};

/** Defines the members on a prototype, non-enumerable like class members. */
export function installPlainTlsMembers(proto: object): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(fn, "name", { value: name });
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(proto, "authorized", { get: constant(false), configurable: true, enumerable: false });
  Object.defineProperty(proto, "alpnProtocol", { get: constant(false), configurable: true, enumerable: false });
}
