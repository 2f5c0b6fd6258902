/**
 * Bun's socket timeouts run on one coarse clock shared by all sockets (spec §3 timeout):
 * a 4-second tick whose phase is set when a connection is created while none exists.
 * `timeout(s)` fires at the ceil(s/4)-th tick from now, once, and does not close the socket.
 * One unref'd timer serves every socket; arming is O(1), a tick is O(armed sockets).
 */
export const TICK_MS = 4000;

export const kOnTimeout = Symbol("bunsock.onTimeout");

/** Something that can be notified by the clock. */
export interface TimeoutTarget {
  /** Called once when its deadline tick passes. */
  [kOnTimeout](): void;
}

let liveConnections = 0;
let epoch = 0;
const armed = new Map<TimeoutTarget, number>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

/** A connection came to life; the first one sets the clock's phase. */
export function connectionOpened(): void {
  if (liveConnections === 0) epoch = Date.now();
  liveConnections++;
}

/** A connection is gone. */
export function connectionClosed(target: TimeoutTarget): void {
  liveConnections--;
  armed.delete(target);
}

function nextTickAfter(now: number): number {
  const elapsed = now - epoch;
  return epoch + (Math.floor(elapsed / TICK_MS) + 1) * TICK_MS;
}

function schedule(): void {
  let earliest = Infinity;
  for (const at of armed.values()) if (at < earliest) earliest = at;
  if (earliest === timerAt) return;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  timerAt = earliest;
  if (earliest === Infinity) return;
  timer = setTimeout(tick, Math.max(0, earliest - Date.now()));
  timer.unref();
}

function tick(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = Date.now();
  const due: TimeoutTarget[] = [];
  for (const [target, at] of armed) if (at <= now) due.push(target);
  for (const target of due) armed.delete(target);
  schedule();
  for (const target of due) target[kOnTimeout]();
}

/** Arms (seconds > 0) or cancels (0) a target's timeout. `seconds` is already an integer. */
export function armTimeout(target: TimeoutTarget, seconds: number): void {
  if (seconds <= 0) {
    if (armed.delete(target)) schedule();
    return;
  }
  const ticks = Math.ceil(seconds / 4);
  armed.set(target, nextTickAfter(Date.now()) + (ticks - 1) * TICK_MS);
  schedule();
}
