/**
 * On Bun itself bunsock is a pass-through: its connect/listen are Bun's own.
 * Detects a native Bun (not a globalThis.Bun that bunsock/global installed).
 */
export const kInstalledByBunsock = Symbol.for("bunsock.installedGlobal");

interface BunGlobal {
  connect?: unknown;
  listen?: unknown;
  [kInstalledByBunsock]?: boolean;
}

/** The native Bun namespace when running on Bun, else undefined. */
export function nativeBun(): { connect: (options: unknown) => unknown; listen: (options: unknown) => unknown } | undefined {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun;
  if (bun === undefined || bun[kInstalledByBunsock] === true) return undefined;
  if (typeof bun.connect !== "function" || typeof bun.listen !== "function") return undefined;
  return bun as { connect: (options: unknown) => unknown; listen: (options: unknown) => unknown };
}
