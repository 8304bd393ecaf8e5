// Events are facts, named in the past tense. decide() produces drafts; the store gives each
// one its id (the Redis Stream entry id) and keeps it with the case's version after it (a
// LeanEvent). Readers get the case after it too (a CaseEvent), folded with evolve().
import type { ActorRef, AnswerRef, Case, NoteVisibility, Priority, ProblemRef, ProblemSuggestion, SimilarRef } from './case.ts';
import type { SlaClockKind, SlaTargets } from './sla.ts';

export interface CreatedData {
  title: string;
  description: string;
  institution: string;
  category: string | null;
  priority: Priority;
  /** Absent in events stored before SLA targets existed. */
  sla?: SlaTargets;
}

export interface EventDataMap {
  'case.created': CreatedData;
  'case.claimed': {};
  'case.released': {};
  /** answer: the library answer cited, if any; problem: set when the problem's resolution closed it. */
  'case.resolved': { resolution: string; answer?: AnswerRef; problemId?: string };
  'case.reopened': { reason: string | null };
  /** similar: the best matches among open and recent cases at intake (absent in older events); suggestion: the problem it probably is. */
  'case.enriched': { category: string | null; tags: string[]; similar?: SimilarRef[]; suggestion?: ProblemSuggestion };
  /** The reason is also the question the reporter sees, as note `noteId`. */
  'case.waiting': { reason: string; noteId: number };
  'case.resumed': { from: 'waiting' | 'escalated' };
  /** The note is internal: it says what was reported to the vendor. */
  'case.escalated': { vendorRef: string | null; note: string; noteId: number };
  'case.vendor_ref_set': { vendorRef: string };
  'case.assigned': { assignee: ActorRef };
  'case.priority_changed': { priority: Priority; from: Priority; sla?: SlaTargets };
  'case.note_added': { noteId: number; text: string; visibility: NoteVisibility };
  'case.sla_warning': { clock: SlaClockKind };
  'case.sla_breached': { clock: SlaClockKind };
  'case.linked': { problem: ProblemRef };
  'case.unlinked': { problemId: string };
  /** "Not the same": the team says the case is not an instance of a problem it was matched with. */
  'case.suggestion_dismissed': { problemId: string };
  /** The team corrected the category; statistics count the case under the new one. */
  'case.recategorised': { category: string; from: string | null };
  /** The lead changed the rollout's response times for the case's priority; its clocks run under the new ones. */
  'case.sla_retargeted': { sla: SlaTargets };
}

export type EventType = keyof EventDataMap;
export const EVENT_TYPES = [
  'case.created',
  'case.claimed',
  'case.released',
  'case.resolved',
  'case.reopened',
  'case.enriched',
  'case.waiting',
  'case.resumed',
  'case.escalated',
  'case.vendor_ref_set',
  'case.assigned',
  'case.priority_changed',
  'case.note_added',
  'case.sla_warning',
  'case.sla_breached',
  'case.linked',
  'case.unlinked',
  'case.suggestion_dismissed',
  'case.recategorised',
  'case.sla_retargeted',
] as const satisfies readonly EventType[];

export type EventDraft = {
  [K in EventType]: { type: K; caseId: string; at: string; actor: ActorRef; data: EventDataMap[K] };
}[EventType];

/** An event as stored: the draft plus its id and the case's version after it. */
export type LeanEvent = EventDraft & { id: string; version: number };

/** An event as published: the draft plus its id and the full case after it. */
export type CaseEvent = EventDraft & { id: string; case: Case };

/**
 * Stream entry ids are "<ms>-<seq>". Compared as numbers, not strings, since
 * "9-0" < "10-0" must hold.
 */
export function compareEventIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

export const EVENT_ID_PATTERN = '^(0|[1-9][0-9]{0,15})(-(0|[1-9][0-9]{0,15}))?$';
const eventIdRe = new RegExp(EVENT_ID_PATTERN);
export function isEventId(value: string): boolean {
  return eventIdRe.test(value);
}
