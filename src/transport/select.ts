/**
 * Chooses the transport once, at first use. The core never asks which runtime it is on.
 * `BUNSOCK_TRANSPORT=node` forces one (only `node` exists besides Bun's pass-through).
 */
import { nodeTransport } from "./node.js";
import type { Transport } from "./transport.js";

let chosen: Transport | undefined;

export function selectTransport(): Transport {
  chosen ??= nodeTransport;
  return chosen;
}
