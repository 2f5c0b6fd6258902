/**
 * listen({ fd }): serving on a socket that is already listening, handed down by a parent
 * process or a service manager (socket activation). What the descriptor is gets decided
 * before a handle adopts it, because a libuv handle owns the descriptor it opens and
 * would close it on failure; a caller's stdout must survive a mistaken fd.
 *
 * Bun 1.4.5 serves such a socket (port and hostname undefined), throws EINVAL for anything
 * that is not a listening socket and EEXIST for a listener it already serves (probed).
 */
import { fstatSync, readFileSync } from "node:fs";
import { listenFailure } from "../errors.js";
import { LISTEN_BACKLOG, UV_EINVAL, type HandleBindings, type UvStream } from "./handle-bindings.js";

const UV_EEXIST = -17;
/** /proc/net/tcp's state column for LISTEN. */
const TCP_LISTEN = "0A";
/** /proc/net/unix's flags column for a listening socket (__SO_ACCEPTCON). */
const UNIX_ACCEPTING = 0x10000;

/** Descriptors of the listeners this process serves, so a second listen() on one is EEXIST. */
const served = new Set<number>();

export function servingFd(fd: number): void {
  if (fd >= 0) served.add(fd);
}

export function stoppedServingFd(fd: number): void {
  served.delete(fd);
}

type Kind = "tcp" | "unix";

function readProc(path: string): string[] {
  try {
    return readFileSync(path, "latin1").split("\n").slice(1);
  } catch {
    return [];
  }
}

/** Whether the socket with this inode listens, and on which family, from /proc/net (Linux). */
function listeningKind(inode: number): Kind | undefined {
  const ino = String(inode);
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readProc(table)) {
      // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
      const cols = line.trim().split(/\s+/);
      if (cols[9] === ino) return cols[3] === TCP_LISTEN ? "tcp" : undefined;
    }
  }
  for (const line of readProc("/proc/net/unix")) {
    // Num RefCount Protocol Flags Type St Inode Path
    const cols = line.trim().split(/\s+/);
    if (cols[6] === ino) return (parseInt(cols[3] ?? "0", 16) & UNIX_ACCEPTING) !== 0 ? "unix" : undefined;
  }
  return undefined;
}

/** A server handle listening on `fd`, and whether it is TCP; throws as Bun does when fd is no listening socket. */
export function adoptListeningFd(b: HandleBindings, fd: number): { handle: UvStream; isTcp: boolean } {
  if (served.has(fd)) throw listenFailure(UV_EEXIST, "");
  let st: ReturnType<typeof fstatSync>;
  try {
    st = fstatSync(fd);
  } catch {
    throw listenFailure(UV_EINVAL, ""); // EBADF: Bun's listen() reports EINVAL
  }
  const kind = st.isSocket() ? listeningKind(Number(st.ino)) : undefined;
  if (kind === undefined) throw listenFailure(UV_EINVAL, "");
  const isTcp = kind === "tcp";
  const handle = isTcp ? new b.TCP(b.tcpServer) : new b.Pipe(b.pipeServer);
  const open = (handle as UvStream & { open(fd: number): number }).open;
  let err = typeof open === "function" ? open.call(handle, fd) : UV_EINVAL;
  // listen() again on a listening socket only sets the backlog; libuv then polls it.
  if (err === 0) err = handle.listen(LISTEN_BACKLOG);
  if (err !== 0) {
    handle.close();
    throw listenFailure(err, "");
  }
  return { handle, isTcp };
}
