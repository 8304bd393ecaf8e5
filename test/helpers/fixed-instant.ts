// A fixed instant for the date-sensitive tests (vitest.config.ts runs them at several): with
// WARROOM_TEST_NOW set to an ISO instant, this test process's clock starts there and runs on in
// real time. The servers a test starts run in this same process, so they, their BullMQ jobs and
// the test itself all read one clock through Date, and a browser page gets the same shift
// (test/browser/kit.ts). Timers are left alone: a delay still takes its real time. Redis keeps
// the real clock (its stream ids); where the server seeks by those, it asks Redis for its time.
// Without the variable nothing changes.

const SHIFT = Symbol.for('warroom.test.clockShift');
type Shifted = typeof globalThis & { [SHIFT]?: number };

/**
 * Replaces the global Date so that `Date.now()` and `new Date()` read the real clock plus
 * `offsetMs`; `new Date(x)`, `Date.parse` and `Date.UTC` are as before. Self-contained, so a
 * page can run it as an init script.
 */
export function shiftClock(offsetMs: number): void {
  const RealDate = Date;
  const now = () => RealDate.now() + offsetMs;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
}

/** How far this process's clock is ahead of the real one: 0 unless WARROOM_TEST_NOW is set. */
export function clockShift(): number {
  return (globalThis as Shifted)[SHIFT] ?? 0;
}

const instant = process.env.WARROOM_TEST_NOW;
if (instant && (globalThis as Shifted)[SHIFT] === undefined) {
  const start = Date.parse(instant);
  if (Number.isNaN(start)) throw new Error(`WARROOM_TEST_NOW=${instant} is not an instant; write e.g. 2026-11-18T02:30:00+01:00`);
  const offset = start - Date.now();
  (globalThis as Shifted)[SHIFT] = offset;
  shiftClock(offset);
}
