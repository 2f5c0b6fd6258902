/** Socket addresses of the `handle` transport's connections, in the core's shape. */
import type { Addresses } from "./transport.js";
import type { SockAddr, UvStream } from "./handle-bindings.js";

/** Unix sockets have no addresses; Bun and node:net both report undefined for every one. */
export const NO_ADDRESSES: Addresses = Object.freeze({
  localAddress: undefined,
  localPort: undefined,
  localFamily: undefined,
  remoteAddress: undefined,
  remotePort: undefined,
  remoteFamily: undefined,
});

/** The local or remote address of a TCP handle, or undefined when the kernel has none. */
export function sockAddr(handle: UvStream, which: "local" | "remote"): SockAddr | undefined {
  const out: SockAddr = {};
  const err = which === "local" ? handle.getsockname?.(out) : handle.getpeername?.(out);
  return err === 0 ? out : undefined;
}

function familyName(family: string | undefined): "IPv4" | "IPv6" | undefined {
  return family === "IPv6" ? "IPv6" : family === "IPv4" ? "IPv4" : undefined;
}

export function toAddresses(l: SockAddr | undefined, r: SockAddr | undefined): Addresses | undefined {
  if (l === undefined && r === undefined) return undefined;
  return {
    localAddress: l?.address,
    localPort: l?.port,
    localFamily: familyName(l?.family),
    remoteAddress: r?.address,
    remotePort: r?.port,
    remoteFamily: familyName(r?.family),
  };
}
