/**
 * ALPN as Bun does it: protocols are given in wire format (length-prefixed) and never
 * converted, so a plain string such as 'h2' is a malformed list (spec §5, §6.6): a
 * client then offers nothing, and a server then matches nothing.
 */
import type { Buffer } from "node:buffer";

/** The protocols of a wire-format list, or undefined when it is malformed. */
export function parseWireAlpn(wire: Uint8Array): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < wire.length) {
    const len = wire[i]!;
    if (len === 0 || i + 1 + len > wire.length) return undefined;
    out.push(String.fromCharCode(...wire.subarray(i + 1, i + 1 + len)));
    i += 1 + len;
  }
  return out.length > 0 ? out : undefined;
}

export function isWireAlpn(wire: Buffer): boolean {
  return parseWireAlpn(wire) !== undefined;
}

/**
 * The server's choice among the client's offer: the server's first protocol the
 * client also offers. No match (or a malformed server list) fails the handshake
 * with no_application_protocol, as on Bun.
 */
export function selectAlpn(serverWire: Buffer, offered: readonly string[]): string | undefined {
  const mine = parseWireAlpn(serverWire);
  if (mine === undefined) return undefined;
  return mine.find((p) => offered.includes(p));
}
