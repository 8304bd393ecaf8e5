// Who is on the board now, and which case each has open. Kept in one Redis hash so every
// node sees every board; each node refreshes its own entries, so a node that dies without
// cleaning up drops out of the list after STALE_MS.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/case.ts';
import type { PresenceEntry } from '../../shared/socket-contract.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';

const REFRESH_MS = 20_000;
const STALE_MS = 60_000;

interface Stored extends PresenceEntry {
  seenAt: number;
}

export class Presence {
  private readonly node = randomUUID();
  private readonly local = new Map<string, PresenceEntry>();
  private readonly timer: NodeJS.Timeout;

  /** Sends the whole list to every team board, on every node; set by the socket server. */
  broadcast: (entries: PresenceEntry[]) => void = () => {};

  constructor(private readonly redis: Redis) {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), REFRESH_MS);
    this.timer.unref();
  }

  private field(socketId: string) {
    return `${this.node}:${socketId}`;
  }

  private async write(socketId: string, entry: PresenceEntry): Promise<void> {
    this.local.set(socketId, entry);
    await this.redis.hSet(keys.presence, this.field(socketId), JSON.stringify({ ...entry, seenAt: Date.now() } satisfies Stored));
  }

  async join(socketId: string, actor: Actor): Promise<void> {
    await this.write(socketId, { userId: actor.id, username: actor.username, name: actor.name, caseId: null });
    await this.announce();
  }

  async viewing(socketId: string, caseId: string | null): Promise<void> {
    const entry = this.local.get(socketId);
    if (!entry || entry.caseId === caseId) return;
    await this.write(socketId, { ...entry, caseId });
    await this.announce();
  }

  async leave(socketId: string): Promise<void> {
    if (!this.local.delete(socketId)) return;
    await this.redis.hDel(keys.presence, this.field(socketId));
    await this.announce();
  }

  /** Everyone online, one entry per person and open case. */
  async list(): Promise<PresenceEntry[]> {
    const all = await this.redis.hGetAll(keys.presence);
    const cutoff = Date.now() - STALE_MS;
    const seen = new Map<string, PresenceEntry>();
    const stale: string[] = [];
    for (const [field, json] of Object.entries(all)) {
      const { seenAt, ...entry } = JSON.parse(json) as Stored;
      if (seenAt < cutoff) stale.push(field);
      else seen.set(`${entry.userId}|${entry.caseId}`, entry);
    }
    if (stale.length > 0) await this.redis.hDel(keys.presence, stale);
    // A person with the board open in two tabs, one on a case: show the case, not also "idle".
    const busy = new Set([...seen.values()].filter((e) => e.caseId !== null).map((e) => e.userId));
    return [...seen.values()]
      .filter((e) => e.caseId !== null || !busy.has(e.userId))
      .sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }

  async announce(): Promise<void> {
    this.broadcast(await this.list());
  }

  private async refresh(): Promise<void> {
    if (this.local.size === 0) return;
    const now = Date.now();
    const fields = Object.fromEntries([...this.local].map(([socketId, entry]) => [this.field(socketId), JSON.stringify({ ...entry, seenAt: now })]));
    await this.redis.hSet(keys.presence, fields);
  }

  /** Removes this node's entries, e.g. at shutdown. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const fields = [...this.local.keys()].map((id) => this.field(id));
    this.local.clear();
    if (fields.length > 0) await this.redis.hDel(keys.presence, fields).catch(() => {});
  }
}
