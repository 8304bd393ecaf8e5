// Who did what security-relevant thing, and when: logins, failed logins, logouts, refused
// requests and commands, privacy actions. Case changes are not repeated here: each is an
// event in wr:events with its actor and time. Entries hold ids and names, never case texts.
import type { Redis } from '../redis/connect.ts';

export const AUDIT_STREAM = 'wr:audit';
/** Approximate cap: old entries go first once the stream is longer. */
export const AUDIT_MAX_LEN = 100_000;

export type AuditOutcome = 'ok' | 'failed' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'disconnected';

export interface AuditInput {
  actor: { id: string; username: string } | null;
  /** e.g. login, logout, refused, socket.connect, socket.command, privacy.export, privacy.erase, retention.purge */
  action: string;
  /** What it was aimed at: a route ("POST /api/cases"), a command and case ("case:claim 42"), "case 42". */
  target: string;
  outcome: AuditOutcome;
  ip?: string | null;
  /** The case concerned, if any: a privacy export lists the entries about its case. */
  caseId?: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  username: string;
  action: string;
  target: string;
  outcome: string;
  ip: string | null;
  caseId: string | null;
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  /** Never throws: an audit write failing (Redis away) must not turn a refusal into a 500. */
  async record(input: AuditInput): Promise<void> {
    const fields: Record<string, string> = {
      at: new Date().toISOString(),
      actorId: input.actor?.id ?? '',
      username: clip(input.actor?.username ?? 'anonymous', 100),
      action: clip(input.action, 50),
      target: clip(input.target, 200),
      outcome: input.outcome,
    };
    if (input.ip) fields.ip = clip(input.ip, 64);
    if (input.caseId) fields.caseId = clip(input.caseId, 40);
    try {
      await this.redis.xAdd(AUDIT_STREAM, '*', fields, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: AUDIT_MAX_LEN } });
    } catch (err) {
      this.onError(err as Error);
    }
  }

  /** Entries strictly after `since` (all when null), oldest first. */
  async after(since: string | null, limit: number): Promise<AuditEntry[]> {
    const rows = (await this.redis.xRange(AUDIT_STREAM, since ? `(${since}` : '-', '+', { COUNT: limit })) ?? [];
    return rows.map(toEntry);
  }

  /** Entries about this case, for a privacy export (a scan: exports are rare, the stream is capped). */
  async aboutCase(caseId: string): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    let start = '-';
    for (;;) {
      const rows = (await this.redis.xRange(AUDIT_STREAM, start, '+', { COUNT: 1000 })) ?? [];
      for (const row of rows) if (row.message.caseId === caseId) found.push(toEntry(row));
      if (rows.length < 1000) return found;
      start = `(${rows[rows.length - 1].id}`;
    }
  }
}

function toEntry(row: { id: string; message: Record<string, string> }): AuditEntry {
  const m = row.message;
  return { id: row.id, at: m.at, actorId: m.actorId || null, username: m.username, action: m.action, target: m.target, outcome: m.outcome, ip: m.ip ?? null, caseId: m.caseId ?? null };
}
