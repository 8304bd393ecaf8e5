// Who did what security-relevant thing, and when: logins, failed logins, logouts, refused
// requests and commands, privacy actions. Case changes are not repeated here: each is an
// event in wr:events with its actor and time. Entries hold ids and names, never case texts.
// The trail ages out by time only: a count cap would let anyone push it out by sending
// refused requests. Refusals of someone not signed in are counted instead, one entry per
// address, minute and kind (a refused request, handshake or login) with the number of them;
// the entry names the first one's target.
import type { Redis } from '../redis/connect.ts';
import { runScript } from '../store/scripts.ts';

export const AUDIT_STREAM = 'wr:audit';
/** The counts of anonymous refusals, one hash per minute, a field per address and kind. */
export const AUDIT_COUNTS_PREFIX = 'wr:audit:anonymous:';

/**
 * The first anonymous refusal of an address in a minute writes the entry; every one counts.
 * KEYS: the stream, the minute's counts. ARGV: the address and kind, the oldest id to keep, the counts'
 * lifetime in seconds, then the entry's fields. Replies the count so far.
 */
const COUNT_ANONYMOUS = `
local n = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if n == 1 then
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*', unpack(ARGV, 4))
end
return n
`;

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
  /** How many times it happened: refusals of someone not signed in are one entry per address and minute. */
  count: number;
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
const REFUSED: ReadonlySet<AuditOutcome> = new Set(['unauthorized', 'forbidden', 'rate_limited']);
const DAY_MS = 86_400_000;

export class AuditLog {
  private readonly keepMs: number;
  constructor(
    private readonly redis: Redis,
    private readonly onError: (err: Error) => void = () => {},
    opts: { retentionDays?: number; now?: () => number } = {},
  ) {
    this.keepMs = (opts.retentionDays ?? 180) * DAY_MS;
    this.now = opts.now ?? Date.now;
  }
  private readonly now: () => number;

  /** An entry's stream fields, and the oldest id the trail keeps, for a write that adds its entry itself (in the same transaction). */
  entry(input: AuditInput): { fields: Record<string, string>; minId: number } {
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
    return { fields, minId: Math.max(0, this.now() - this.keepMs) };
  }

  /** Never throws: an audit write failing (Redis away) must not turn a refusal into a 500. */
  async record(input: AuditInput): Promise<void> {
    const { fields, minId } = this.entry(input);
    const now = this.now();
    try {
      if (!input.actor?.id && REFUSED.has(input.outcome)) {
        const minute = Math.floor(now / 60_000);
        fields.minute = String(minute);
        await runScript(
          this.redis,
          COUNT_ANONYMOUS,
          [AUDIT_STREAM, `${AUDIT_COUNTS_PREFIX}${minute}`],
          [countField(fields), String(minId), String(Math.ceil(this.keepMs / 1000)), ...Object.entries(fields).flat()],
        );
        return;
      }
      await this.redis.xAdd(AUDIT_STREAM, '*', fields, { TRIM: { strategy: 'MINID', strategyModifier: '~', threshold: minId } });
    } catch (err) {
      this.onError(err as Error);
    }
  }

  /** Entries strictly after `since` (all when null), oldest first. */
  async after(since: string | null, limit: number): Promise<AuditEntry[]> {
    const rows = (await this.redis.xRange(AUDIT_STREAM, since ? `(${since}` : '-', '+', { COUNT: limit })) ?? [];
    return this.withCounts(rows);
  }

  /** A counted entry's number, read from its minute's counts (absent once they expired: then at least one). */
  private async withCounts(rows: { id: string; message: Record<string, string> }[]): Promise<AuditEntry[]> {
    const counted = rows.filter((r) => r.message.minute !== undefined);
    const counts =
      counted.length === 0 ? [] : ((await Promise.all(counted.map((r) => this.redis.hGet(`${AUDIT_COUNTS_PREFIX}${r.message.minute}`, countField(r.message))))) as (string | null)[]);
    const byId = new Map(counted.map((r, i) => [r.id, Math.max(1, Number(counts[i] ?? 1))]));
    return rows.map((r) => toEntry(r, byId.get(r.id) ?? 1));
  }

  /** Entries about this case, for a privacy export (a scan: exports are rare, the stream is capped). */
  async aboutCase(caseId: string): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    let start = '-';
    for (;;) {
      const rows = (await this.redis.xRange(AUDIT_STREAM, start, '+', { COUNT: 1000 })) ?? [];
      for (const row of rows) if (row.message.caseId === caseId) found.push(toEntry(row, 1));
      if (rows.length < 1000) return found;
      start = `(${rows[rows.length - 1].id}`;
    }
  }
}

const countField = (m: Record<string, string>) => `${m.ip ?? ''}|${m.action}`;

function toEntry(row: { id: string; message: Record<string, string> }, count: number): AuditEntry {
  const m = row.message;
  return { id: row.id, count, at: m.at, actorId: m.actorId || null, username: m.username, action: m.action, target: m.target, outcome: m.outcome, ip: m.ip ?? null, caseId: m.caseId ?? null };
}
