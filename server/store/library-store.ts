// Problems and answers: a few dozen small JSON documents each, written whole with a
// version check so two leads editing at once cannot overwrite each other unseen.
import type { Redis } from '../redis/connect.ts';
import { pipelineReplies, shapes } from '../redis/replies.ts';
import { runScript } from './scripts.ts';

// KEYS: the document, the index, optionally a counter of changes. ARGV: expected version ('0' for new), json, new version, id, index score.
const PUT_DOC = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return current end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'json', ARGV[2])
redis.call('ZADD', KEYS[2], 'NX', ARGV[5], ARGV[4])
if KEYS[3] then redis.call('INCR', KEYS[3]) end
return -1
`;

export class StaleDocError extends Error {}

export class DocStore<T extends { id: string }> {
  /** `changes`: a counter raised with every write, so a process keeping these documents in memory can tell they changed from one GET. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly changes?: string,
  ) {}

  private key(id: string) {
    return `${this.prefix}:${id}`;
  }

  private get index() {
    return `${this.prefix}s`;
  }

  async nextId(): Promise<string> {
    return String(await this.redis.incr(`${this.prefix}:seq`));
  }

  async get(id: string): Promise<{ doc: T; version: number } | null> {
    const [v, json] = await this.redis.hmGet(this.key(id), ['v', 'json']);
    return json ? { doc: JSON.parse(json) as T, version: Number(v) } : null;
  }

  async list(): Promise<T[]> {
    const ids = await this.redis.zRange(this.index, 0, -1);
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.hGet(this.key(id), 'json');
    const rows = await pipelineReplies(multi, shapes.stringOrNull);
    return rows.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as T);
  }

  /** Writes the document if it is still at `expectedVersion`; throws StaleDocError otherwise. */
  async put(doc: T, expectedVersion: number, createdAt: string): Promise<number> {
    const next = expectedVersion + 1;
    const reply = await runScript(this.redis, PUT_DOC, [this.key(doc.id), this.index, ...(this.changes ? [this.changes] : [])], [String(expectedVersion), JSON.stringify(doc), String(next), doc.id, String(Date.parse(createdAt))]);
    if (reply !== -1) throw new StaleDocError(`${doc.id} changed meanwhile (version ${String(reply)})`);
    return next;
  }
}
