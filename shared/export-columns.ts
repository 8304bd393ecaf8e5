// The columns of the CSV exports: one row per case, one row per event. Times are ISO 8601 in
// UTC as stored, so a spreadsheet sorts them as text and nothing depends on the reader's zone.
import type { Case } from './case.ts';
import type { CsvValue } from './csv-write.ts';
import type { CaseEvent } from './events.ts';

export const CASE_COLUMNS = [
  'id',
  'title',
  'description',
  'institution',
  'institution_name',
  'category',
  'priority',
  'status',
  'reporter',
  'assignee',
  'resolution',
  'answer',
  'vendor_ref',
  'tags',
  'created_at',
  'updated_at',
  'sla_claim_minutes',
  'sla_claim_breached',
  'sla_resolve_minutes',
  'sla_resolve_breached',
] as const;

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 100) / 100);

export function caseRow(c: Case, institutionName: (id: string) => string): CsvValue[] {
  // The library answer is a newer field; older cases lack it.
  const answer = (c as { answer?: { id?: string } | null }).answer?.id ?? null;
  return [
    c.id,
    c.title,
    c.description,
    c.institution,
    institutionName(c.institution),
    c.category,
    c.priority,
    c.status,
    c.reporter.username,
    c.assignee?.username ?? null,
    c.resolution,
    answer,
    c.vendorRef,
    c.tags.join(' '),
    c.createdAt,
    c.updatedAt,
    minutes(c.sla.claim.targetMs),
    c.sla.claim.breached,
    minutes(c.sla.resolve.targetMs),
    c.sla.resolve.breached,
  ];
}

export const EVENT_COLUMNS = ['id', 'at', 'type', 'case_id', 'actor', 'actor_name', 'institution', 'status', 'assignee', 'priority', 'data'] as const;

export function eventRow(e: CaseEvent): CsvValue[] {
  return [e.id, e.at, e.type, e.caseId, e.actor.username, e.actor.name, e.case.institution, e.case.status, e.case.assignee?.username ?? null, e.case.priority, JSON.stringify(e.data)];
}

/** An event in the JSON export: as stored, without the full case after it (the cases export has those). */
export function exportedEvent(e: CaseEvent) {
  return { id: e.id, type: e.type, caseId: e.caseId, at: e.at, actor: e.actor, data: e.data };
}
