/**
 * The examples' self-check mode: `--smoke` (or BUNSOCK_SMOKE=1) runs a bounded check
 * instead of the demo and exits 0 when it passed. CI runs every example this way.
 */

/** `--smoke` or BUNSOCK_SMOKE=1: run the bounded self-check instead of the demo. */
export const smoke = process.argv.includes("--smoke") || process.env["BUNSOCK_SMOKE"] === "1";

/**
 * Fails the smoke check if it has not finished in `ms`. Unref'd: a check that finishes
 * leaves nothing behind, and the process then exits by itself.
 */
export function smokeDeadline(name: string, ms = 20_000): void {
  setTimeout(() => {
    console.error(`${name}: smoke check timed out after ${ms} ms`);
    process.exit(1);
  }, ms).unref();
}

/** Stops the smoke check with a message and exit code 1 when `ok` is false. */
export function check(name: string, ok: boolean, what: string): void {
  if (ok) return;
  console.error(`${name}: smoke check failed: ${what}`);
  process.exit(1);
}
