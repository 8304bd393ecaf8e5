// "Det løste det": each one an entry in one stream, written in one command, so it is stored
// whole or not at all. The entry's id is Redis's clock, so the statistics read a time range
// with XRANGE: only the deflections in it, never the whole stream. No person and no case text
// is kept, only the centre, what solved it and its title (who clicked is in the audit trail).
import type { Deflection, SuggestionKind } from '../../shared/suggestions.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';

const PAGE = 1000;

export class DeflectionStore {
  constructor(private readonly redis: Redis) {}

  async record(d: Omit<Deflection, 'at'>): Promise<Deflection> {
    const id = await this.redis.xAdd(keys.deflections, '*', { kind: d.kind, id: d.id, title: d.title, institution: d.institution });
    return { ...d, at: Number(id.split('-')[0]) };
  }

  /** The deflections with from ≤ at < to (epoch ms), oldest first. */
  async inRange(from: number, to: number): Promise<Deflection[]> {
    const out: Deflection[] = [];
    if (!(to > from)) return out;
    let start = String(Math.max(0, Math.floor(from)));
    // An end of whole milliseconds takes every entry of that millisecond: the last one kept is to − 1.
    const end = String(Math.ceil(to) - 1);
    for (;;) {
      const page = (await this.redis.xRange(keys.deflections, start, end, { COUNT: PAGE })) ?? [];
      for (const { id, message } of page) {
        out.push({ kind: message.kind as SuggestionKind, id: message.id, title: message.title, institution: message.institution, at: Number(id.split('-')[0]) });
      }
      if (page.length < PAGE) return out;
      start = `(${page[page.length - 1].id}`;
    }
  }
}
