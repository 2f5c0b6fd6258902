/**
 * Bun's file-path TLS options (`keyFile`, `certFile`, `caFile`, `dhParamsFile`), read as
 * Bun 1.4.5 reads them (probed): a path it cannot access is a TypeError naming the option,
 * anything else it can open is read as PEM, a directory reading as empty (so BoringSSL's
 * NO_START_LINE follows), never Node's ENOENT/EISDIR.
 */
import { Buffer } from "node:buffer";
import { accessSync, readFileSync } from "node:fs";
import { codedError, invalidArgType } from "../errors.js";
import { certificateBlocks } from "./pem-input.js";
import { pemError } from "./ssl-errors.js";
import { nodeCrypto } from "./lazy.js";

export type TlsFileOption = "keyFile" | "certFile" | "caFile" | "dhParamsFile";

/**
 * Throws Bun's TypeError when the path cannot be accessed (an empty path included). Bun
 * also refuses any path ending in "/", a directory's included (probed), where "dir" is
 * read, as nothing.
 */
export function checkAccess(path: string, option: TlsFileOption): void {
  try {
    if (path.endsWith("/")) throw new Error("trailing slash");
    accessSync(path);
  } catch {
    throw invalidArgType(`Unable to access ${option} path`);
  }
}

/** The file's bytes; what cannot be read as a file (a directory) reads as nothing. */
export function readTlsFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/** BoringSSL's PEM_read_bio_DHparams wants a DH PARAMETERS block: anything else is NO_START_LINE. */
export function checkDhParams(bytes: Buffer): void {
  if (!bytes.toString("latin1").includes("-----BEGIN DH PARAMETERS-----")) throw pemError("NO_START_LINE");
}

/**
 * A CA file with no certificate BoringSSL can load (empty, a directory, not PEM) fails as
 * SSL_CTX_load_verify_locations does under Bun: "Failed to load CA file".
 */
export function checkCaFile(bytes: Buffer): void {
  const blocks = certificateBlocks(bytes);
  const fail = (): Error => codedError("ERR_BORINGSSL", "Failed to load CA file");
  if (blocks.length === 0) throw fail();
  for (const b of blocks) {
    try {
      new (nodeCrypto().X509Certificate)(b);
    } catch {
      throw fail();
    }
  }
}
