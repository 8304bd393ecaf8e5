// The synonyms the team's links taught (shared/synonyms.ts), kept in Redis for every process
// and tool to read. They are derived data: each process rebuilds them from the event log at
// start-up and after an erasure or a purge, and replaces the whole hash in one step, so a
// reader never sees half of one version and an erased case's words never outlive the rebuild.
import type { Synonyms } from '../../shared/synonyms.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';

export class SynonymStore {
  constructor(private readonly redis: Redis) {}

  async replace(synonyms: Synonyms): Promise<void> {
    const multi = this.redis.multi().del(keys.synonyms);
    if (synonyms.size > 0) multi.hSet(keys.synonyms, Object.fromEntries([...synonyms].map(([term, concepts]) => [term, concepts.join(' ')])));
    await multi.exec();
  }

  async load(): Promise<Map<string, string[]>> {
    const hash = await this.redis.hGetAll(keys.synonyms);
    return new Map(Object.entries(hash).map(([term, concepts]) => [term, concepts.split(' ')]));
  }
}
