/**
 * node:tls and node:crypto, loaded on first use: most programs never open a TLS socket,
 * and loading them costs start-up time (DESIGN principle 8).
 */
import { createRequire } from "node:module";
import type * as TlsModule from "node:tls";
import type * as CryptoModule from "node:crypto";

const load = createRequire(import.meta.url);
let tlsModule: typeof TlsModule | undefined;
let cryptoModule: typeof CryptoModule | undefined;

export function nodeTls(): typeof TlsModule {
  return (tlsModule ??= load("node:tls") as typeof TlsModule);
}

export function nodeCrypto(): typeof CryptoModule {
  return (cryptoModule ??= load("node:crypto") as typeof CryptoModule);
}
