/**
 * Chooses the transport once, at first use. The core never asks which runtime it is on.
 *
 * The `handle` transport (Node's libuv handles, no stream layer) where its bindings
 * exist and pass a loopback self-test; the node:net transport elsewhere (Deno).
 * `BUNSOCK_TRANSPORT=node|handle` forces one; forcing `handle` where it cannot run
 * throws, so a test run never measures the other transport by mistake.
 */
import { handleTransport } from "./handle.js";
import { nodeTransport } from "./node.js";
import type { Transport } from "./transport.js";

let chosen: Transport | undefined;

function requested(): string | undefined {
  try {
    return process.env.BUNSOCK_TRANSPORT || undefined;
  } catch {
    // Deno without --allow-env throws on reading the environment.
    return undefined;
  }
}

function choose(): Transport {
  const want = requested();
  if (want === "node") return nodeTransport;
  if (want === "handle") {
    const t = handleTransport();
    if (t === null) {
      throw Object.assign(new Error("BUNSOCK_TRANSPORT=handle: Node's handle bindings are not usable here"), {
        code: "ERR_BUNSOCK_TRANSPORT_UNAVAILABLE",
      });
    }
    return t;
  }
  return nodeTransport;
}

export function selectTransport(): Transport {
  chosen ??= choose();
  return chosen;
}
