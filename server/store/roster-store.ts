// The roster is one JSON value: a replace is a single SET, so a board never reads half of an
// import. At most 2,000 shifts (about 150 KB), small enough to read whole every minute.
import type { Shift } from '../../shared/roster.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';
import { runScript } from './scripts.ts';

// Sets the roster only if it is still the one the change was decided on.
const COMPARE_AND_SET = `
local now = redis.call('GET', KEYS[1]) or ''
if now ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/** A change decided on the roster as read; null leaves it as it is. */
export type RosterChange<T> = (shifts: Shift[]) => { shifts: Shift[]; result: T } | { shifts: null; result: T };

const TRIES = 5;

export class RosterStore {
  constructor(private readonly redis: Redis) {}

  async get(): Promise<Shift[]> {
    const raw = await this.redis.get(keys.roster);
    return raw ? (JSON.parse(raw) as Shift[]) : [];
  }

  async replace(shifts: Shift[]): Promise<void> {
    await this.redis.set(keys.roster, JSON.stringify(shifts));
  }

  /**
   * Load, decide, store: stored only if nobody replaced the roster in between, else decided
   * again on the newer one. A change is never made on a roster it did not see.
   */
  async change<T>(decide: RosterChange<T>): Promise<{ changed: boolean; result: T }> {
    for (let attempt = 1; ; attempt++) {
      const raw = (await this.redis.get(keys.roster)) ?? '';
      const decision = decide(raw ? (JSON.parse(raw) as Shift[]) : []);
      if (decision.shifts === null) return { changed: false, result: decision.result };
      const stored = await runScript(this.redis, COMPARE_AND_SET, [keys.roster], [raw, JSON.stringify(decision.shifts)]);
      if (Number(stored) === 1) return { changed: true, result: decision.result };
      if (attempt >= TRIES) throw new Error('The roster kept changing while a shift was being saved');
    }
  }
}
