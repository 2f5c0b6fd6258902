/**
 * Bun's `TLSOptions`: checked in the order Bun's option dictionary reads them, with
 * Bun's messages, then compiled into a node:tls SecureContext once per connect()
 * or listen() (a listener's sockets share it).
 */
import { Buffer } from "node:buffer";
import type * as tls from "node:tls";
import { nodeCrypto, nodeTls } from "./lazy.js";
import { codedError, invalidArgType, outOfRange } from "../errors.js";
import { certificateBlocks, hasPemBlock, pemList, type PemValue } from "./pem-input.js";
import { contextError, pemError } from "./ssl-errors.js";
import { boringsslCipherList } from "./boringssl-ciphers.js";
import { checkKeyType } from "./key-type.js";
import { checkAccess, checkCaFile, checkDhParams, readTlsFile } from "./tls-files.js";
import type { Target } from "../options.js";

export interface TlsConfig {
  readonly context: tls.SecureContext;
  /** SNI a client sends (serverName, else the hostname); undefined on a server. */
  readonly serverName: string | undefined;
  readonly rejectUnauthorized: boolean;
  readonly requestCert: boolean;
  /** ALPN protocols in wire format, as given (Bun does not convert plain strings). */
  readonly alpn: Buffer | undefined;
  readonly minVersion: tls.SecureVersion | undefined;
  readonly maxVersion: tls.SecureVersion | undefined;
}

type Bag = Record<string, unknown>;

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

function str(o: Bag, key: string, shown = key): string | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (typeof v !== "string") throw invalidArgType(`TLSOptions.${shown} must be a string`);
  return v;
}

/** `nullable`: whether null counts as absent (Bun refuses it for requestCert and lowMemoryMode). */
function bool(o: Bag, key: string, nullable = true): boolean | undefined {
  const v = o[key];
  if (v === undefined || (nullable && v === null)) return undefined;
  if (typeof v !== "boolean") throw invalidArgType(`TLSOptions.${key} must be a boolean`);
  return v;
}

/** Bun's u32 and i32 options: numbers (BigInts coerce), integral, in range; `nullable` as for bool(). */
function int(o: Bag, key: string, lo: number, hi: number, nullable = true): number | undefined {
  const raw = o[key];
  if (raw === undefined || (nullable && raw === null)) return undefined;
  if (typeof raw !== "number" && typeof raw !== "bigint") throw invalidArgType(`TLSOptions.${key} must be a number`);
  const v = Number(raw);
  if (!Number.isInteger(v)) throw outOfRange(`TLSOptions.${key} must be an integer (received ${v})`);
  if (v < lo || v > hi) throw outOfRange(`TLSOptions.${key} must be in the range [${lo}, ${hi}] (received ${v})`);
  return v;
}

/** The keys Bun's TLS options dictionary reads (the only ones that can make an object mean TLS). */
export const TLS_KEYS: readonly string[] = [
  "passphrase", "dhParamsFile", "serverName", "servername", "lowMemoryMode", "rejectUnauthorized", "requestCert",
  "ca", "cert", "key", "secureOptions", "minVersion", "maxVersion", "keyFile", "certFile", "caFile", "ALPNProtocols",
  "ciphers", "clientRenegotiationLimit", "clientRenegotiationWindow",
];

const U32: [number, number] = [0, 4294967295];
const I32: [number, number] = [-2147483648, 2147483647];

/**
 * BoringSSL's default cipher order, which Bun negotiates (TLS_AES_128_GCM_SHA256 first
 * on TLS 1.3; OpenSSL 3 would pick AES-256). TLS 1.2 suites keep Node's defaults.
 */
const TLS13_ORDER = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
let defaultCiphers: string | undefined;
function bunCipherOrder(): string {
  return (defaultCiphers ??= [
    ...TLS13_ORDER,
    ...nodeTls().DEFAULT_CIPHERS.split(":").filter((c) => !c.startsWith("TLS_")),
  ].join(":"));
}

/**
 * The `ciphers` option as OpenSSL's list: BoringSSL's reading of the string (TLS 1.3 suites
 * cannot be configured on Bun, so they stay Bun's), undefined where Bun refuses it. An empty
 * string is no option at all (Bun accepts it and negotiates as by default).
 */
function cipherList(ciphers: string | undefined): string | undefined {
  if (ciphers === undefined || ciphers === "") return bunCipherOrder();
  const list = boringsslCipherList(ciphers);
  if (list === undefined) return undefined;
  // Node's OpenSSL 3 has no 3DES: accepted as on Bun, never negotiated. OpenSSL refuses an
  // empty list, and a PSK suite stands in for one: without a PSK callback neither side uses it.
  const usable = list.filter((name) => name !== "DES-CBC3-SHA");
  return [...TLS13_ORDER, ...(usable.length > 0 ? usable : ["PSK-AES128-CBC-SHA"])].join(":");
}

/** The name a client sends as SNI by default: the hostname, IP addresses included (as Bun). */
export function sniHostname(target: Target): string | undefined {
  if (target.kind !== "tcp") return undefined;
  const h = target.hostname;
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

/** Bun takes protocol versions as numbers (0x0303 = TLS 1.2). */
const VERSIONS: Record<number, tls.SecureVersion> = { 0x0301: "TLSv1", 0x0302: "TLSv1.1", 0x0303: "TLSv1.2", 0x0304: "TLSv1.3" };

function alpnBytes(v: unknown): Buffer | undefined {
  if (absent(v)) return undefined;
  if (typeof v === "string") return Buffer.from(v, "latin1");
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  throw invalidArgType("TLSOptions.ALPNProtocols must be of type string, ArrayBuffer, or null");
}

/**
 * CA certificates already found valid. A client passes the same `ca` to every connect(),
 * and parsing one costs about 0.3 ms with OpenSSL 3 (a quarter of a client's whole
 * handshake in bench/'s tls_handshake), so each distinct one is parsed once.
 */
const validCa = new Set<string>();
const MAX_VALID_CA = 256;

function checkCa(list: PemValue[]): void {
  for (const entry of list) {
    const blocks = certificateBlocks(entry);
    if (blocks.length === 0) throw codedError("ERR_BORINGSSL", "Invalid CA");
    for (const b of blocks) {
      if (validCa.has(b)) continue;
      try {
        new (nodeCrypto().X509Certificate)(b);
      } catch {
        throw codedError("ERR_BORINGSSL", "Invalid CA");
      }
      if (validCa.size >= MAX_VALID_CA) validCa.clear();
      validCa.add(b);
    }
  }
}

/** The TLS options as read and type-checked, before any file or PEM is looked at. */
export interface TlsRead {
  readonly passphrase: string | undefined;
  readonly dhParamsFile: string | undefined;
  readonly serverName: string | undefined;
  readonly rejectUnauthorized: boolean | undefined;
  readonly requestCert: boolean;
  readonly ca: PemValue[];
  readonly cert: PemValue[];
  readonly key: PemValue[];
  readonly secureOptions: number | undefined;
  readonly minVersion: number | undefined;
  readonly maxVersion: number | undefined;
  readonly keyFile: string | undefined;
  readonly certFile: string | undefined;
  readonly caFile: string | undefined;
  readonly alpn: Buffer | undefined;
  readonly ciphers: string | undefined;
}

/**
 * Reads `tls` (an object with an effective key, or `true`) as Bun's option dictionary
 * does: types and ranges only. connect()/listen() do this where they meet the `tls`
 * option (after `port`, before `exclusive` and the handler table); the material itself
 * is checked later, by buildTls, after every other option (observed on Bun 1.4.5).
 */
export function readTlsOptions(tlsOption: object | true): TlsRead {
  const o: Bag = tlsOption === true ? {} : (tlsOption as Bag);
  const passphrase = str(o, "passphrase");
  const dhParamsFile = str(o, "dhParamsFile");
  const serverName = str(o, "serverName") ?? str(o, "servername", "serverName");
  bool(o, "lowMemoryMode", false);
  const rejectUnauthorized = bool(o, "rejectUnauthorized");
  const requestCert = bool(o, "requestCert", false) ?? false;
  const ca = pemList("ca", o.ca);
  const cert = pemList("cert", o.cert);
  const key = pemList("key", o.key);
  const secureOptions = int(o, "secureOptions", ...U32, false);
  const minVersion = int(o, "minVersion", ...I32);
  const maxVersion = int(o, "maxVersion", ...I32);
  const keyFile = str(o, "keyFile");
  const certFile = str(o, "certFile");
  const caFile = str(o, "caFile");
  const alpn = alpnBytes(o.ALPNProtocols);
  const ciphers = str(o, "ciphers");
  int(o, "clientRenegotiationLimit", ...U32);
  int(o, "clientRenegotiationWindow", ...U32);
  return {
    passphrase, dhParamsFile, serverName, rejectUnauthorized, requestCert, ca, cert, key,
    secureOptions, minVersion, maxVersion, keyFile, certFile, caFile, alpn, ciphers,
  };
}

/**
 * Checks the material of options already read (files, PEM blocks, CA certificates) and
 * builds the context; throws Bun's errors synchronously, as connect()/listen() do on Bun.
 */
export function buildTls(read: TlsRead, side: "client" | "server", hostname: string | undefined): TlsConfig {
  const { passphrase, dhParamsFile, serverName, rejectUnauthorized, requestCert, secureOptions, minVersion, maxVersion, keyFile, certFile, caFile, alpn, ciphers } = read;
  // Files add to the lists: copies, so that a TlsRead can be built more than once.
  const ca = [...read.ca];
  const cert = [...read.cert];
  const key = [...read.key];

  // Every path is checked before any material (observed on Bun 1.4.5), dhParamsFile first.
  if (dhParamsFile !== undefined) checkAccess(dhParamsFile, "dhParamsFile");
  if (keyFile !== undefined) checkAccess(keyFile, "keyFile");
  if (certFile !== undefined) checkAccess(certFile, "certFile");
  if (caFile !== undefined) checkAccess(caFile, "caFile");
  if (keyFile !== undefined) key.push(readTlsFile(keyFile));
  if (certFile !== undefined) cert.push(readTlsFile(certFile));
  const caFileBytes = caFile === undefined ? undefined : readTlsFile(caFile);
  // Bun's order, observed on 1.4.5: key, cert, then CA; but given keys and certificates with
  // more than one of either, the CA comes first.
  const pairs = key.length > 0 && cert.length > 0 && (key.length > 1 || cert.length > 1);
  if (pairs) checkCa(ca);
  for (const k of key) if (!hasPemBlock(k)) throw pemError("NO_START_LINE");
  for (const c of cert) if (!hasPemBlock(c)) throw pemError("NO_START_LINE");
  if (!pairs) checkCa(ca);
  // uSockets' order: certificate and key, CA file, DH parameters, then the ciphers.
  if (caFileBytes !== undefined) {
    checkCaFile(caFileBytes);
    ca.push(caFileBytes);
  }
  const dhparam = dhParamsFile === undefined ? undefined : readTlsFile(dhParamsFile);
  if (dhparam !== undefined) checkDhParams(dhparam);

  const options: tls.SecureContextOptions = {};
  if (ca.length > 0) options.ca = ca;
  if (cert.length > 0) options.cert = cert;
  if (key.length > 0) options.key = key;
  // Without a passphrase OpenSSL would prompt on the terminal for an encrypted key; Bun just fails.
  options.passphrase = passphrase ?? "";
  const cipherString = cipherList(ciphers);
  options.ciphers = cipherString ?? bunCipherOrder();
  if (secureOptions !== undefined && secureOptions !== 0) options.secureOptions = secureOptions;
  const min = minVersion === undefined ? undefined : VERSIONS[minVersion];
  const max = maxVersion === undefined ? undefined : VERSIONS[maxVersion];
  if (min !== undefined) options.minVersion = min;
  if (max !== undefined) options.maxVersion = max;
  if (dhparam !== undefined) options.dhparam = dhparam;

  const context = sharedContext(options);
  // After the material, as OpenSSL reads the options (createSecureContext: key, cert, then ciphers).
  if (cipherString === undefined) throw codedError("ERR_BORINGSSL", "Invalid ciphers");
  return {
    context,
    serverName: side === "client" ? (serverName ?? hostname) : undefined,
    // A client verifies unless told not to; a server rejects unverified client certificates it asked for.
    rejectUnauthorized: rejectUnauthorized ?? true,
    requestCert,
    alpn,
    minVersion: min,
    maxVersion: max,
  };
}

/**
 * One SecureContext per distinct configuration: building one parses every PEM and
 * costs more than a TLS 1.3 handshake, and clients tend to reuse one configuration.
 */
const contexts = new Map<string, tls.SecureContext>();
const MAX_CONTEXTS = 64;

function keyPart(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(keyPart).join(",")}]`;
  if (Buffer.isBuffer(value)) return `b${value.length}:${value.toString("latin1")}`;
  if (typeof value === "string") return `s${value.length}:${value}`;
  return JSON.stringify(value) ?? "u";
}

function contextKey(options: tls.SecureContextOptions): string {
  let key = "";
  for (const [name, value] of Object.entries(options)) key += `${name}=${keyPart(value)};`;
  return key;
}

function sharedContext(options: tls.SecureContextOptions): tls.SecureContext {
  const key = contextKey(options);
  let context = contexts.get(key);
  if (context !== undefined) return context;
  try {
    context = nodeTls().createSecureContext(options);
  } catch (err) {
    throw contextError(err);
  }
  checkKeyType(options);
  if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
  contexts.set(key, context);
  return context;
}
