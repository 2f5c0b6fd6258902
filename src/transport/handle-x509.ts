/**
 * Certificates from Node's TLS wrap as node:crypto's public X509Certificate, the way
 * node:tls makes them: the public object around the native certificate the wrap returns,
 * without encoding and parsing it again (a parse costs about 0.3 ms with OpenSSL 3,
 * a fifth of a whole handshake).
 */
import type { Buffer } from "node:buffer";
import type { X509Certificate } from "node:crypto";
import { nodeCrypto } from "../tls/lazy.js";

/** What the wrap returns: a native certificate (node:crypto's own kHandle objects). */
interface NativeX509 {
  raw(): Buffer;
}

/** The two slots of node:crypto's X509Certificate, learnt from the first one made (undefined: not learnt yet; null: not there). */
let slots: { handle: symbol; state: symbol } | null | undefined;

function learn(sample: X509Certificate): { handle: symbol; state: symbol } | null {
  const own = Object.getOwnPropertySymbols(sample);
  const handle = own.find((s) => s.description === "kHandle");
  const state = own.find((s) => s.description === "kInternalState");
  const native = handle === undefined ? undefined : (sample as unknown as Record<symbol, unknown>)[handle];
  // Only a shape we recognise: the native object answers what the public one asks of it.
  if (handle === undefined || state === undefined || typeof (native as NativeX509 | undefined)?.raw !== "function") return null;
  return { handle, state };
}

/** node:crypto's X509Certificate for a native certificate from the TLS wrap. */
export function publicX509(native: object): X509Certificate {
  const X509 = nodeCrypto().X509Certificate;
  if (slots === undefined) {
    // The first certificate is parsed once from its DER, to learn the slots.
    const first = new X509((native as NativeX509).raw());
    slots = learn(first);
    return first;
  }
  if (slots === null) return new X509((native as NativeX509).raw());
  const cert = Object.create(X509.prototype) as X509Certificate & Record<symbol, unknown>;
  cert[slots.state] = new Map();
  cert[slots.handle] = native;
  return cert;
}
