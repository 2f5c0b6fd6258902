/**
 * Until the TLS layer lands (tracked as the TLS issue), an effective `tls` option is
 * refused with a coded error at the boundary instead of silently connecting in clear.
 */
import type { TLSOptions } from "../types.js";

/** Throws `ERR_BUNSOCK_TLS_UNAVAILABLE`. */
export function refuseTls(): never {
  const e = new Error("bunsock: TLS is not available in this version; connect or listen without the tls option");
  throw Object.assign(e, { code: "ERR_BUNSOCK_TLS_UNAVAILABLE" });
}

/** Refuses options that ask for TLS; plain TCP passes. */
export function requirePlainTcp(tls: TLSOptions | true | undefined): void {
  if (tls !== undefined) refuseTls();
}
