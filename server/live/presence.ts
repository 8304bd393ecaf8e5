// Who is on the board now, and which case each has open.
//
// Every node keeps a mirror of every node's boards in memory. A change on this node goes into
// the mirror at once and, batched every FLUSH_MS (latest per board wins), to the other nodes
// and to the Redis hash. At each flush the node works out, for the people whose boards changed,
// what their entries now are, and sends the team boards connected to it only that difference.
// A board connecting gets the whole list from the mirror, to itself alone. So a change costs one
// small message per board, whatever the number of boards, and nothing reads the hash per change.
//
// The hash is the record for a node that starts (it loads it once) and for a node that dies
// without cleaning up: every node rewrites its entries and sends them all to the others every
// REFRESH_MS, and a node not heard from for STALE_MS is dropped from every mirror and the hash.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/case.ts';
import { diffPerson, personEntries, comparePresence } from '../../shared/presence.ts';
import type { PresenceDelta, PresenceEntry } from '../../shared/socket-contract.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';

/** One node's changes (`full`: all its boards, replacing what was known of that node). */
export interface PresenceBatch {
  node: string;
  full: boolean;
  set: Record<string, PresenceEntry>;
  removed: string[];
}

export interface PresenceTimings {
  flushMs: number;
  refreshMs: number;
  staleMs: number;
}

const DEFAULT_TIMINGS: PresenceTimings = { flushMs: 300, refreshMs: 20_000, staleMs: 60_000 };

interface Stored extends PresenceEntry {
  seenAt: number;
}

export interface PresenceLinks {
  /** To the other nodes (not this one). */
  publish(batch: PresenceBatch): void;
  /** To the team boards and wall screens connected to this node. */
  send(delta: PresenceDelta): void;
  warn(err: Error): void;
}

export class Presence {
  readonly node = randomUUID();
  private readonly timings: PresenceTimings;
  /** This node's boards, by socket id. */
  private readonly local = new Map<string, PresenceEntry>();
  /** Local changes not yet written to the hash or sent to the other nodes (null: gone). */
  private readonly pending = new Map<string, PresenceEntry | null>();
  /** Every node's boards, by hash field (`node:socketId`). */
  private readonly boards = new Map<string, PresenceEntry>();
  private readonly fieldsOfUser = new Map<string, Set<string>>();
  private readonly fieldsOfNode = new Map<string, Set<string>>();
  private readonly heardFrom = new Map<string, number>();
  /** Each person's entries as the boards here were last told. */
  private readonly shown = new Map<string, PresenceEntry[]>();
  private readonly dirty = new Set<string>();
  private list: PresenceEntry[] | null = [];
  /** Batches from other nodes that arrive before the hash is loaded (start). */
  private held: PresenceBatch[] | null = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly refreshTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    /** To the other nodes and to the boards here: whatever changes, from the start, goes out through them. */
    private readonly links: PresenceLinks,
    timings: Partial<PresenceTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
    this.refreshTimer = setInterval(() => this.refresh(), this.timings.refreshMs);
    this.refreshTimer.unref();
  }

  /** Loads what the hash knows of the other nodes, then takes the batches held meanwhile. */
  async start(): Promise<void> {
    if (!this.held) return;
    try {
      const all = await this.redis.hGetAll(keys.presence);
      const cutoff = Date.now() - this.timings.staleMs;
      const stale: string[] = [];
      for (const [field, json] of Object.entries(all)) {
        const { seenAt, ...entry } = JSON.parse(json) as Stored;
        const node = field.slice(0, field.indexOf(':'));
        if (seenAt < cutoff) stale.push(field);
        else if (node !== this.node) {
          this.put(node, field, entry);
          this.heardFrom.set(node, Math.max(this.heardFrom.get(node) ?? 0, seenAt));
        }
      }
      if (stale.length > 0) await this.redis.hDel(keys.presence, stale);
    } finally {
      const held = this.held ?? [];
      this.held = null;
      for (const batch of held) this.receive(batch);
      // At once: a board connecting right after the start gets the list the hash gave.
      this.flush();
    }
  }

  private field(socketId: string) {
    return `${this.node}:${socketId}`;
  }

  join(socketId: string, actor: Actor): void {
    this.change(socketId, { userId: actor.id, username: actor.username, name: actor.name, caseId: null });
  }

  viewing(socketId: string, caseId: string | null): void {
    const entry = this.local.get(socketId);
    if (!entry || entry.caseId === caseId) return;
    this.change(socketId, { ...entry, caseId });
  }

  leave(socketId: string): void {
    if (!this.local.has(socketId)) return;
    this.change(socketId, null);
  }

  private change(socketId: string, entry: PresenceEntry | null): void {
    if (this.closed) return;
    if (entry) this.local.set(socketId, entry);
    else this.local.delete(socketId);
    this.pending.set(socketId, entry);
    if (entry) this.put(this.node, this.field(socketId), entry);
    else this.drop(this.field(socketId));
    this.schedule();
  }

  /** A batch from another node. */
  receive(batch: PresenceBatch): void {
    if (this.closed || batch.node === this.node) return;
    if (this.held) {
      this.held.push(batch);
      return;
    }
    this.heardFrom.set(batch.node, Date.now());
    const prefix = `${batch.node}:`;
    if (batch.full) {
      const keep = new Set(Object.keys(batch.set).map((id) => prefix + id));
      for (const field of [...(this.fieldsOfNode.get(batch.node) ?? [])]) if (!keep.has(field)) this.drop(field);
    }
    for (const id of batch.removed) this.drop(prefix + id);
    for (const [id, entry] of Object.entries(batch.set)) this.put(batch.node, prefix + id, entry);
    this.schedule();
  }

  private put(node: string, field: string, entry: PresenceEntry): void {
    const old = this.boards.get(field);
    if (old && old.userId !== entry.userId) this.drop(field);
    this.boards.set(field, entry);
    setOf(this.fieldsOfUser, entry.userId).add(field);
    setOf(this.fieldsOfNode, node).add(field);
    this.dirty.add(entry.userId);
  }

  private drop(field: string): void {
    const old = this.boards.get(field);
    if (!old) return;
    this.boards.delete(field);
    unset(this.fieldsOfUser, old.userId, field);
    unset(this.fieldsOfNode, field.slice(0, field.indexOf(':')), field);
    this.dirty.add(old.userId);
  }

  private schedule(): void {
    if (this.flushTimer || this.closed) return;
    if (this.pending.size === 0 && this.dirty.size === 0) return;
    this.flushTimer = setTimeout(() => this.flush(), this.timings.flushMs);
  }

  /** Sends what changed since the last flush: local changes to the hash and the other nodes, differences to the boards here. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const links = this.links;
    if (this.pending.size > 0) {
      const now = Date.now();
      const set: Record<string, PresenceEntry> = {};
      const removed: string[] = [];
      for (const [id, entry] of this.pending) {
        if (entry) set[id] = entry;
        else removed.push(id);
      }
      this.pending.clear();
      const fields = Object.entries(set).map(([id, entry]) => [this.field(id), JSON.stringify({ ...entry, seenAt: now } satisfies Stored)]);
      if (fields.length > 0) this.redis.hSet(keys.presence, Object.fromEntries(fields)).catch(links.warn);
      if (removed.length > 0) this.redis.hDel(keys.presence, removed.map((id) => this.field(id))).catch(links.warn);
      links.publish({ node: this.node, full: false, set, removed });
    }
    if (this.dirty.size === 0) return;
    const delta: PresenceDelta = { set: [], removed: [] };
    for (const userId of this.dirty) {
      const after = personEntries([...(this.fieldsOfUser.get(userId) ?? [])].map((f) => this.boards.get(f)!));
      diffPerson(this.shown.get(userId) ?? [], after, delta);
      if (after.length > 0) this.shown.set(userId, after);
      else this.shown.delete(userId);
    }
    this.dirty.clear();
    if (delta.set.length === 0 && delta.removed.length === 0) return;
    this.list = null;
    links.send(delta);
  }

  /**
   * Everyone online as the boards here were last told, one entry per person and open case, by
   * name. A board that gets this and then joins the room is exactly in step with the deltas.
   */
  current(): PresenceEntry[] {
    this.list ??= [...this.shown.values()].flat().sort(comparePresence);
    return this.list;
  }

  /** Rewrites this node's entries with a fresh time, tells the others all of them, and drops nodes gone quiet. */
  private refresh(): void {
    const links = this.links;
    if (this.held || this.closed) return;
    this.flush();
    const now = Date.now();
    if (this.local.size > 0) {
      const fields = Object.fromEntries([...this.local].map(([id, entry]) => [this.field(id), JSON.stringify({ ...entry, seenAt: now } satisfies Stored)]));
      this.redis.hSet(keys.presence, fields).catch(links.warn);
    }
    links.publish({ node: this.node, full: true, set: Object.fromEntries(this.local), removed: [] });
    const cutoff = now - this.timings.staleMs;
    const gone: string[] = [];
    for (const [node, at] of this.heardFrom) {
      if (at >= cutoff) continue;
      this.heardFrom.delete(node);
      for (const field of [...(this.fieldsOfNode.get(node) ?? [])]) {
        this.drop(field);
        gone.push(field);
      }
    }
    if (gone.length > 0) this.redis.hDel(keys.presence, gone).catch(links.warn);
    this.schedule();
  }

  /** Takes this node's boards off every board, e.g. at shutdown, while the other nodes can still be told. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const id of this.local.keys()) this.pending.set(id, null);
    const fields = [...this.local.keys()].map((id) => this.field(id));
    this.local.clear();
    if (this.pending.size > 0) this.links.publish({ node: this.node, full: false, set: {}, removed: [...this.pending.keys()] });
    this.pending.clear();
    this.closed = true;
    clearInterval(this.refreshTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (fields.length > 0) await this.redis.hDel(keys.presence, fields).catch(() => {});
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function unset(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
