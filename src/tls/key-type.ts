/**
 * BoringSSL refuses a private key of another type than its certificate's public key
 * (KEY_TYPE_MISMATCH, when the context is built); OpenSSL 3 accepts the pair and files the
 * key in another slot, so a listener would start and fail every handshake. Checked once
 * per secure context, after OpenSSL has accepted the material.
 */
import { Buffer } from "node:buffer";
import type * as tls from "node:tls";
import { nodeCrypto } from "./lazy.js";
import { pemError } from "./ssl-errors.js";

type Material = string | Buffer;

function single(value: unknown): unknown {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}

function isMaterial(value: unknown): value is Material {
  return typeof value === "string" || Buffer.isBuffer(value);
}

/** Throws Bun's KEY_TYPE_MISMATCH for one key and one certificate (chain) of different types. */
export function checkKeyType(options: tls.SecureContextOptions): void {
  const keyEntry = single(options.key);
  const key = isMaterial(keyEntry) ? keyEntry : (keyEntry as { pem?: unknown } | undefined)?.pem;
  const cert = single(options.cert);
  if (!isMaterial(key) || !isMaterial(cert)) return;
  const passphrase = (keyEntry as { passphrase?: string }).passphrase ?? options.passphrase;
  const crypto = nodeCrypto();
  const keyType = crypto.createPrivateKey({ key, passphrase }).asymmetricKeyType;
  const certType = new crypto.X509Certificate(cert).publicKey.asymmetricKeyType;
  if (keyType !== certType) throw pemError("KEY_TYPE_MISMATCH");
}
