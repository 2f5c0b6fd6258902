/**
 * Chooses the transport once, at first use. The core never asks which runtime it is on.
 *
 * The `handle` transport (libuv-style handles, no stream layer: Node's, or Deno 2's adapted
 * by deno-bindings.ts) where its bindings exist and pass a loopback self-test; the node:net
 * transport elsewhere.
 * `BUNSOCK_TRANSPORT=node|handle` forces one; forcing `handle` where it cannot run, or
 * naming no transport, throws at the first connect/listen, so a test run never
 * measures the other transport by mistake.
 */
import { handleTransport } from "./handle.js";
import { nodeTransport } from "./node.js";
import type { Transport } from "./transport.js";

let chosen: Transport | undefined;

interface DenoPermissions {
  permissions?: { querySync?(desc: { name: "env"; variable: string }): { state: string } };
}

function requested(): string | undefined {
  // Deno asks for a permission not granted (a prompt, in a terminal): read only if granted.
  const deno = (globalThis as { Deno?: DenoPermissions }).Deno;
  if (deno !== undefined && deno.permissions?.querySync?.({ name: "env", variable: "BUNSOCK_TRANSPORT" }).state !== "granted") {
    return undefined;
  }
  try {
    return process.env.BUNSOCK_TRANSPORT || undefined;
  } catch {
    return undefined;
  }
}

function unavailable(message: string): Error {
  return Object.assign(new Error(message), { code: "ERR_BUNSOCK_TRANSPORT_UNAVAILABLE" });
}

function choose(): Transport {
  const want = requested();
  if (want === "node") return nodeTransport;
  const handle = handleTransport();
  if (want === undefined) return handle ?? nodeTransport;
  if (want !== "handle") throw unavailable(`BUNSOCK_TRANSPORT=${want}: expected "node" or "handle"`);
  if (handle === null) throw unavailable("BUNSOCK_TRANSPORT=handle: Node's handle bindings are not usable here");
  return handle;
}

export function selectTransport(): Transport {
  chosen ??= choose();
  return chosen;
}
