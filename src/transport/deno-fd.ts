/**
 * The descriptor of a Deno TCP handle, which has no `fd`. Its `fdForIpc()` returns a
 * dup of the socket, a new descriptor on each call; kept, it would hold the connection
 * open after close (the peer would never see FIN). On Linux the handle's own descriptor
 * is the other entry of /proc/self/fd naming the same socket; the dup is closed at once,
 * by a throwaway handle of the same class that adopts it (Deno's fs closes only
 * descriptors it opened). Elsewhere the answer is -1. A scan reads every open
 * descriptor's link, so the answer is kept per handle.
 */
import { readdirSync, readlinkSync } from "node:fs";

const FD_DIR = "/proc/self/fd";

/** What Deno's TCP handles offer for this. */
export interface DupsFd {
  fdForIpc(): number;
  readonly constructor: unknown;
}

interface Adopter {
  open(fd: number): number;
  close(): void;
}

const known = new WeakMap<object, number>();

function linkOf(fd: number | string): string | undefined {
  try {
    return readlinkSync(`${FD_DIR}/${fd}`);
  } catch {
    return undefined;
  }
}

function closeDup(handle: DupsFd, dup: number): void {
  const adopter = new (handle.constructor as new (type: number) => Adopter)(0);
  adopter.open(dup);
  adopter.close();
}

function scan(handle: DupsFd): number {
  const dup = handle.fdForIpc();
  if (typeof dup !== "number" || dup < 0) return -1;
  try {
    const socket = linkOf(dup);
    if (socket === undefined || !socket.startsWith("socket:")) return -1;
    for (const name of readdirSync(FD_DIR)) {
      const fd = Number(name);
      if (fd !== dup && linkOf(name) === socket) return fd;
    }
    return -1;
  } catch {
    return -1;
  } finally {
    closeDup(handle, dup);
  }
}

/** The handle's descriptor, or -1 (not open, or not Linux). */
export function denoFd(handle: DupsFd): number {
  const cached = known.get(handle);
  if (cached !== undefined) return cached;
  const fd = scan(handle);
  if (fd >= 0) known.set(handle, fd);
  return fd;
}

/** The handle is closing: its descriptor number may soon name something else. */
export function forgetFd(handle: object): void {
  known.delete(handle);
}
