/**
 * The shared 4-second clock, driven by node:test's mock timers (setTimeout + Date),
 * so no test waits in real time. Each test opens and closes its own connections so
 * the clock's phase is set afresh (the phase is fixed by the first live connection).
 */
import { test, beforeEach, afterEach } from "node:test";
import * as assert from "node:assert/strict";
import { mock } from "node:test";
import { armTimeout, connectionClosed, connectionOpened, kOnTimeout, TICK_MS, type TimeoutTarget } from "../../src/timeout-clock.js";

function target(): TimeoutTarget & { fires: number[] } {
  const t = {
    fires: [] as number[],
    [kOnTimeout]() {
      t.fires.push(Date.now());
    },
  };
  return t;
}

const opened: TimeoutTarget[] = [];
/** A live connection (sets the phase when it is the first one). */
function open(t: TimeoutTarget = target()): TimeoutTarget {
  connectionOpened();
  opened.push(t);
  return t;
}

beforeEach(() => {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 });
});
afterEach(() => {
  for (const t of opened.splice(0)) connectionClosed(t);
  mock.timers.reset();
});

test("TICK_MS is Bun's 4 seconds", () => {
  assert.equal(TICK_MS, 4000);
});

test("timeout(1..4) fires once, at the next tick from the phase", () => {
  const t = target();
  open(t);
  mock.timers.tick(1500);
  armTimeout(t, 1);
  mock.timers.tick(2499);
  assert.equal(t.fires.length, 0);
  mock.timers.tick(1);
  assert.deepEqual(t.fires, [1_004_000]);
  mock.timers.tick(20_000);
  assert.equal(t.fires.length, 1, "fires once");
});

test("timeout(5) and timeout(8) fire at the second tick", () => {
  const a = target();
  const b = target();
  open(a);
  open(b);
  armTimeout(a, 5);
  armTimeout(b, 8);
  mock.timers.tick(4000);
  assert.equal(a.fires.length + b.fires.length, 0);
  mock.timers.tick(4000);
  assert.deepEqual(a.fires, [1_008_000]);
  assert.deepEqual(b.fires, [1_008_000]);
});

test("armTimeout(0) cancels", () => {
  const t = target();
  open(t);
  armTimeout(t, 2);
  armTimeout(t, 0);
  mock.timers.tick(12_000);
  assert.equal(t.fires.length, 0);
});

test("cancelling one target leaves the others armed", () => {
  const a = target();
  const b = target();
  open(a);
  open(b);
  armTimeout(a, 1);
  armTimeout(b, 1);
  armTimeout(a, 0);
  mock.timers.tick(4000);
  assert.equal(a.fires.length, 0);
  assert.equal(b.fires.length, 1);
});

test("re-arming replaces the deadline (not a second timer)", () => {
  const t = target();
  open(t);
  armTimeout(t, 1);
  armTimeout(t, 8);
  mock.timers.tick(4000);
  assert.equal(t.fires.length, 0);
  mock.timers.tick(4000);
  assert.equal(t.fires.length, 1);
  mock.timers.tick(8000);
  assert.equal(t.fires.length, 1);
});

test("re-arming inside the callback fires again at the next tick", () => {
  const t = target();
  const inner = {
    [kOnTimeout]() {
      t[kOnTimeout]();
      if (t.fires.length === 1) armTimeout(inner, 1);
    },
  };
  open(inner);
  armTimeout(inner, 1);
  mock.timers.tick(4000);
  assert.equal(t.fires.length, 1);
  mock.timers.tick(4000);
  assert.equal(t.fires.length, 2);
  mock.timers.tick(8000);
  assert.equal(t.fires.length, 2);
});

test("a closed connection is disarmed", () => {
  const t = target();
  connectionOpened();
  armTimeout(t, 1);
  connectionClosed(t);
  mock.timers.tick(8000);
  assert.equal(t.fires.length, 0);
});

test("the phase is set by the first live connection, not by the arming call", () => {
  const first = open();
  mock.timers.tick(3700);
  const t = target();
  open(t);
  armTimeout(t, 1);
  mock.timers.tick(300);
  assert.deepEqual(t.fires, [1_004_000], "fires at the shared tick, almost at once");
  void first;
});
