/**
 * Deno 2.9's tcp_wrap reports every bind failure but EADDRINUSE as EINVAL (binding
 * 192.0.2.1 says EINVAL where the kernel said EADDRNOTAVAIL). Deno.listen, also
 * synchronous, carries the kernel's errno in its message ("(os error 99)"), so the
 * same bind is tried there once to learn it. Whatever else happens (no net permission,
 * the address became bindable meanwhile, another message) the answer stays EINVAL.
 */
const UV_EINVAL = -22;

interface DenoListenApi {
  listen(options: { hostname: string; port: number; transport: "tcp" }): { close(): void };
}

export function denoBindError(address: string, port: number): number {
  const deno = (globalThis as { Deno?: Partial<DenoListenApi> }).Deno;
  if (typeof deno?.listen !== "function") return UV_EINVAL;
  try {
    deno.listen({ hostname: address, port, transport: "tcp" }).close();
    return UV_EINVAL;
  } catch (e) {
    const errno = /\(os error (\d+)\)/.exec(String((e as { message?: unknown }).message))?.[1];
    return errno === undefined ? UV_EINVAL : -Number(errno);
  }
}
