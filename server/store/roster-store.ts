// The roster is one JSON value: a replace is a single SET, so a board never reads half of an
// import. At most 2,000 shifts (about 150 KB), small enough to read whole every minute.
import type { Shift } from '../../shared/roster.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';

export class RosterStore {
  constructor(private readonly redis: Redis) {}

  async get(): Promise<Shift[]> {
    const raw = await this.redis.get(keys.roster);
    return raw ? (JSON.parse(raw) as Shift[]) : [];
  }

  async replace(shifts: Shift[]): Promise<void> {
    await this.redis.set(keys.roster, JSON.stringify(shifts));
  }
}
