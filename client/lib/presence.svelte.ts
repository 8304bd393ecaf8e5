// Who else is on the board, and which case each has open, so two people do not answer the
// same superuser at once. The server sends the whole list when the board connects, then only
// what changed; this board tells it which case is open here.
import { applyPresenceDelta } from '../../shared/presence.ts';
import type { PresenceDelta, PresenceEntry } from '../../shared/socket-contract.ts';

export interface PresenceSender {
  sendViewing(caseId: string | null): void;
}

export interface OnlinePerson {
  userId: string;
  name: string;
  username: string;
}

/** "Anna Mikkelsen" → "AM"; one name gives its first two letters. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  if (parts.length === 1) return parts[0].slice(0, 2).toUpperCase();
  return (parts[0][0] + parts[parts.length - 1][0]).toUpperCase();
}

export class PresenceState {
  entries = $state.raw<PresenceEntry[]>([]);
  /** The case this board has open, as last told to the server. */
  viewing = $state<string | null>(null);

  readonly #sender: PresenceSender;
  readonly #selfId: string;
  readonly #enabled: boolean;

  /** `enabled` is false for boards whose presence the team does not see (superusers, wall screens). */
  constructor(sender: PresenceSender, selfId: string, enabled = true) {
    this.#sender = sender;
    this.#selfId = selfId;
    this.#enabled = enabled;
  }

  /** Everyone online, each once, by name. */
  online = $derived.by(() => {
    const people = new Map<string, OnlinePerson>();
    for (const e of this.entries) if (!people.has(e.userId)) people.set(e.userId, { userId: e.userId, name: e.name, username: e.username });
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'da'));
  });

  /** Case id → the other people who have it open (never this user: they know). */
  #byCase = $derived.by(() => {
    const map = new Map<string, OnlinePerson[]>();
    for (const e of this.entries) {
      if (e.caseId === null || e.userId === this.#selfId) continue;
      const list = map.get(e.caseId) ?? [];
      if (!list.some((p) => p.userId === e.userId)) list.push({ userId: e.userId, name: e.name, username: e.username });
      map.set(e.caseId, list);
    }
    return map;
  });

  othersOn(caseId: string): OnlinePerson[] {
    return this.#byCase.get(caseId) ?? [];
  }

  /** The whole list (on connect), or nothing known (disconnected). */
  update(entries: PresenceEntry[]): void {
    this.entries = entries;
  }

  /** A change since the list: entries that came, changed or went. */
  apply(delta: PresenceDelta): void {
    this.entries = applyPresenceDelta(this.entries, delta);
  }

  /** This board now has `caseId` open (null: none). Repeats are not sent again. */
  view(caseId: string | null): void {
    if (caseId === this.viewing) return;
    this.viewing = caseId;
    if (this.#enabled) this.#sender.sendViewing(caseId);
  }

  /** After a reconnect the server starts this board at "nothing open": tell it again. */
  reannounce(): void {
    if (this.#enabled && this.viewing !== null) this.#sender.sendViewing(this.viewing);
  }
}
