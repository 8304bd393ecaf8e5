// Shared by the shared/*.test.ts files and the client's test builders: the cast of actors and
// cases built through evolve(), so test states are ones the real log could produce.
import { actorRef, type Actor, type Case } from './case.ts';
import type { EventDraft } from './events.ts';
import { evolveAll } from './evolve.ts';
import { NO_TARGETS, startSla } from './sla.ts';

export const INSTITUTION = 'bh-solsikken';
export const OTHER_INSTITUTION = 'bh-regnbuen';
export const AT = '2026-11-30T08:15:00.000Z';
export const CASE_ID = '42';

const person = (id: string, name: string, role: Actor['role'], institution?: string): Actor => ({
  id,
  username: id,
  name,
  role,
  institution: institution ?? null,
});

/** The columns of the rules table, in the order they appear there. */
export const ACTORS = {
  lead: person('u-lead', 'Lene Projektleder', 'lead'),
  member: person('u-member', 'Mads Konsulent', 'member'),
  reporter: person('u-reporter', 'Sanne Superbruger', 'reporter', INSTITUTION),
  outsider: person('u-outsider', 'Ole Superbruger', 'reporter', OTHER_INSTITUTION),
  viewer: person('u-viewer', 'Vægskærm', 'viewer'),
  system: person('system', 'System', 'system'),
} as const;
export type Who = keyof typeof ACTORS;
export const WHO = Object.keys(ACTORS) as Who[];

export const COLLEAGUE = person('u-colleague', 'Karin Kollega', 'member');

export type Start = 'none' | 'new' | 'mine' | 'theirs' | 'resolved' | 'waiting' | 'escalated';
export const STARTS: Start[] = ['none', 'new', 'mine', 'theirs', 'resolved', 'waiting', 'escalated'];
export const VENDOR_REF = 'NC-1234';

export function draft<T extends EventDraft['type']>(
  type: T,
  actor: Actor,
  data: Extract<EventDraft, { type: T }>['data'],
  at = AT,
): EventDraft {
  return { type, caseId: CASE_ID, at, actor: actorRef(actor), data } as EventDraft;
}

export const created = (overrides: Partial<Extract<EventDraft, { type: 'case.created' }>['data']> = {}, at = AT) =>
  draft('case.created', ACTORS.reporter, {
    title: 'Forælder kan ikke logge ind med MitID',
    description: 'Far til Emma på Bien-stuen får en fejl i appen.',
    institution: INSTITUTION,
    category: null,
    priority: 'normal',
    ...overrides,
  }, at);

/** The case as it stands in `start`; "mine" (and "waiting") means claimed by `actor`, whoever that is. */
export function caseIn(start: Start, actor: Actor): Case | null {
  const history: Record<Start, EventDraft[]> = {
    none: [],
    new: [created()],
    mine: [created(), draft('case.claimed', actor, {})],
    theirs: [created(), draft('case.claimed', COLLEAGUE, {})],
    resolved: [created(), draft('case.claimed', COLLEAGUE, {}), draft('case.resolved', COLLEAGUE, { resolution: 'Vejledningsvideo sendt' })],
    // Claimed by the actor, now waiting on the reporter's answer.
    waiting: [created(), draft('case.claimed', actor, {}), draft('case.waiting', actor, { reason: 'Hvilken stue går barnet på?', noteId: 1 })],
    // Claimed by a colleague, who reported it to the vendor.
    escalated: [
      created(),
      draft('case.claimed', COLLEAGUE, {}),
      draft('case.escalated', COLLEAGUE, { vendorRef: VENDOR_REF, note: 'Fejl i MitID-login, meldt til Netcompany', noteId: 1 }),
    ],
  };
  return evolveAll(null, history[start]);
}

/** A new login question as a board holds it, at AT; `overrides` set what a test looks at. */
export function caseRecord(overrides: Partial<Case> = {}): Case {
  const at = overrides.createdAt ?? AT;
  return {
    id: '1',
    title: 'Forælder kan ikke logge ind',
    description: '',
    institution: INSTITUTION,
    category: 'login',
    priority: 'normal',
    status: 'new',
    assignee: null,
    reporter: actorRef(ACTORS.reporter),
    resolution: null,
    waitingReason: null,
    vendorRef: null,
    notes: [],
    sla: startSla(NO_TARGETS, overrides.status ?? 'new', at),
    similar: [],
    problem: null,
    suggestion: null,
    answer: null,
    tags: [],
    enrichedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
