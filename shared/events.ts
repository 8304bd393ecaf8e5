// Events are facts, named in the past tense. decide() produces drafts; the store
// gives each one its id (the Redis Stream entry id) and the case after it.
import type { ActorRef, Case, Priority } from './case.ts';

export interface CreatedData {
  title: string;
  description: string;
  institution: string;
  category: string | null;
  priority: Priority;
}

export interface EventDataMap {
  'case.created': CreatedData;
  'case.claimed': {};
  'case.released': {};
  'case.resolved': { resolution: string };
  'case.reopened': { reason: string | null };
  'case.enriched': { category: string | null; tags: string[] };
}

export type EventType = keyof EventDataMap;
export const EVENT_TYPES = [
  'case.created',
  'case.claimed',
  'case.released',
  'case.resolved',
  'case.reopened',
  'case.enriched',
] as const satisfies readonly EventType[];

export type EventDraft = {
  [K in EventType]: { type: K; caseId: string; at: string; actor: ActorRef; data: EventDataMap[K] };
}[EventType];

/** An event as stored and published: the draft plus its id and the full case after it. */
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
