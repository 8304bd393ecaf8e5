// The lifecycle as a table: which roles may send a command, and from which states.
// A new state or move (waiting, escalated, ...) is a new row here plus its event in evolve.ts.
import { LIMITS, NOTE_VISIBILITIES, PRIORITIES, actorRef, withDefaults, type Actor, type ActorRef, type Case, type CaseStatus, type Role } from './case.ts';
import type { Command, CommandMap, CommandType, Decision, Refusal } from './commands.ts';
import { CASE_CAPACITY, caseTextBytes, type CapacityKind } from './case-capacity.ts';
import type { EventDraft } from './events.ts';
import { evolveAll } from './evolve.ts';
import { dueSla } from './sla.ts';

interface Rule<K extends CommandType> {
  roles: readonly (Role | 'system')[];
  /** States the command may start from; null means the case must not exist yet. */
  from: readonly CaseStatus[] | null | 'any';
  decide: (state: Case | null, command: { type: K } & CommandMap[K], actor: Actor, at: string) => Decision;
}

type Rules = { [K in CommandType]: Rule<K> };

const TEAM = ['lead', 'member'] as const;
const NOT_DONE: readonly CaseStatus[] = ['new', 'claimed', 'waiting', 'escalated'];
const SYSTEM_REF: ActorRef = { id: 'system', username: 'system', name: 'System' };

const refuse = (code: Refusal['code'], message: string, params?: Refusal['params']): Decision => ({
  ok: false,
  error: params ? { code, message, params } : { code, message },
});
const accept = (...events: EventDraft[]): Decision => ({ ok: true, events });

function claimedByOther(state: Case, actor: Actor): boolean {
  return state.assignee !== null && state.assignee.id !== actor.id;
}

/** Moves on a claimed case belong to whoever holds it; the lead may step in. */
function notYours(state: Case, actor: Actor, verb: string): Decision | null {
  if (actor.role === 'lead' || !claimedByOther(state, actor)) return null;
  return refuse('conflict', `The case is claimed by ${state.assignee!.name}; only they or the lead can ${verb} it`, { holder: state.assignee!.name });
}

const nextNoteId = (state: Case) => state.notes.reduce((max, n) => Math.max(max, n.id), 0) + 1;

function textProblem(label: string, value: unknown, max: number, required: boolean): string | null {
  if (value === undefined || value === null) return required ? `${label} is required` : null;
  if (typeof value !== 'string') return `${label} must be text`;
  if (required && value.trim() === '') return `${label} must not be empty`;
  if (value.length > max) return `${label} must be at most ${max} characters (it has ${value.length})`;
  return null;
}

const rules: Rules = {
  create: {
    roles: ['lead', 'member', 'reporter'],
    from: null,
    decide: (_state, c, actor, at) => {
      const problem =
        textProblem('title', c.title, LIMITS.title, true) ??
        textProblem('description', c.description, LIMITS.description, false) ??
        textProblem('institution', c.institution, 100, true) ??
        textProblem('category', c.category, 100, false);
      if (problem) return refuse('invalid', problem);
      if (c.priority !== undefined && !PRIORITIES.includes(c.priority)) {
        return refuse('invalid', `priority must be one of ${PRIORITIES.join(', ')}`);
      }
      if (actor.role === 'reporter' && actor.institution !== c.institution) {
        return refuse('forbidden', 'A superuser can only submit cases for their own institution');
      }
      return accept({
        type: 'case.created',
        caseId: c.caseId,
        at,
        actor: actorRef(actor),
        data: {
          title: c.title.trim(),
          description: (c.description ?? '').trim(),
          institution: c.institution,
          // A form's empty choice means "no category": enrichment may then suggest one.
          category: c.category?.trim() || null,
          priority: c.priority ?? 'normal',
          ...(c.sla ? { sla: c.sla } : {}),
        },
      });
    },
  },
  claim: {
    roles: TEAM,
    from: ['new'],
    decide: (state, _c, actor, at) => accept({ type: 'case.claimed', caseId: state!.id, at, actor: actorRef(actor), data: {} }),
  },
  release: {
    roles: TEAM,
    from: ['claimed'],
    decide: (state, _c, actor, at) => {
      const theirs = notYours(state!, actor, 'release');
      if (theirs) return theirs;
      return accept({ type: 'case.released', caseId: state!.id, at, actor: actorRef(actor), data: {} });
    },
  },
  resolve: {
    roles: TEAM,
    // Resolving an unclaimed case claims it first, so the log still reads new → claimed → resolved.
    // A waiting or escalated case can be closed directly: the answer came some other way.
    from: NOT_DONE,
    decide: (state, c, actor, at) => {
      const problem = textProblem('resolution', c.resolution, LIMITS.resolution, true);
      if (problem) return refuse('invalid', problem);
      // A problem's resolution closes every case of it, whoever holds them.
      const theirs = c.problemId ? null : notYours(state!, actor, 'resolve');
      if (theirs) return theirs;
      const ref = actorRef(actor);
      const resolved: EventDraft = {
        type: 'case.resolved',
        caseId: state!.id,
        at,
        actor: ref,
        data: { resolution: c.resolution.trim(), ...(c.answer ? { answer: c.answer } : {}), ...(c.problemId ? { problemId: c.problemId } : {}) },
      };
      if (state!.status === 'new') {
        return accept({ type: 'case.claimed', caseId: state!.id, at, actor: ref, data: {} }, resolved);
      }
      return accept(resolved);
    },
  },
  reopen: {
    roles: ['lead', 'member', 'reporter'],
    from: ['resolved'],
    decide: (state, c, actor, at) => {
      const problem = textProblem('reason', c.reason, LIMITS.reason, false);
      if (problem) return refuse('invalid', problem);
      const reason = c.reason?.trim() || null;
      return accept({ type: 'case.reopened', caseId: state!.id, at, actor: actorRef(actor), data: { reason } });
    },
  },
  wait: {
    roles: TEAM,
    from: ['claimed'],
    decide: (state, c, actor, at) => {
      const problem = textProblem('reason', c.reason, LIMITS.reason, true);
      if (problem) return refuse('invalid', problem);
      const theirs = notYours(state!, actor, 'set waiting');
      if (theirs) return theirs;
      return accept({ type: 'case.waiting', caseId: state!.id, at, actor: actorRef(actor), data: { reason: c.reason.trim(), noteId: nextNoteId(state!) } });
    },
  },
  resume: {
    roles: TEAM,
    from: ['waiting', 'escalated'],
    decide: (state, _c, actor, at) => {
      const theirs = notYours(state!, actor, 'resume');
      if (theirs) return theirs;
      const from = state!.status as 'waiting' | 'escalated';
      return accept({ type: 'case.resumed', caseId: state!.id, at, actor: actorRef(actor), data: { from } });
    },
  },
  escalate: {
    roles: TEAM,
    from: ['claimed', 'waiting'],
    decide: (state, c, actor, at) => {
      const problem = textProblem('note', c.note, LIMITS.note, true) ?? textProblem('vendorRef', c.vendorRef, LIMITS.vendorRef, false);
      if (problem) return refuse('invalid', problem);
      const theirs = notYours(state!, actor, 'escalate');
      if (theirs) return theirs;
      const vendorRef = c.vendorRef?.trim() || null;
      return accept({ type: 'case.escalated', caseId: state!.id, at, actor: actorRef(actor), data: { vendorRef, note: c.note.trim(), noteId: nextNoteId(state!) } });
    },
  },
  set_vendor_ref: {
    roles: TEAM,
    // The vendor's number often arrives after the case is closed on our side, too.
    from: ['escalated', 'resolved'],
    decide: (state, c, actor, at) => {
      const problem = textProblem('vendorRef', c.vendorRef, LIMITS.vendorRef, true);
      if (problem) return refuse('invalid', problem);
      const vendorRef = c.vendorRef.trim();
      if (vendorRef === state!.vendorRef) return accept();
      return accept({ type: 'case.vendor_ref_set', caseId: state!.id, at, actor: actorRef(actor), data: { vendorRef } });
    },
  },
  assign: {
    roles: ['lead'],
    from: NOT_DONE,
    decide: (state, c, actor, at) => {
      if (!c.assignee || !(TEAM as readonly string[]).includes(c.assignee.role)) {
        return refuse('invalid', 'A case can only be assigned to a member of the project team (role lead or member)');
      }
      if (state!.assignee?.id === c.assignee.id) return accept();
      const assignee: ActorRef = { id: c.assignee.id, username: c.assignee.username, name: c.assignee.name };
      return accept({ type: 'case.assigned', caseId: state!.id, at, actor: actorRef(actor), data: { assignee } });
    },
  },
  prioritize: {
    roles: TEAM,
    from: NOT_DONE,
    decide: (state, c, actor, at) => {
      if (!PRIORITIES.includes(c.priority)) return refuse('invalid', `priority must be one of ${PRIORITIES.join(', ')}`);
      if (c.priority === state!.priority) return accept();
      return accept({
        type: 'case.priority_changed',
        caseId: state!.id,
        at,
        actor: actorRef(actor),
        data: { priority: c.priority, from: state!.priority, ...(c.sla ? { sla: c.sla } : {}) },
      });
    },
  },
  recategorise: {
    roles: TEAM,
    // A resolved case too: the statistics count every case under its category.
    from: [...NOT_DONE, 'resolved'],
    decide: (state, c, actor, at) => {
      const category = typeof c.category === 'string' ? c.category.trim() : '';
      if (category === '') return refuse('invalid', 'category must be a category id');
      if (category === state!.category) return accept();
      return accept({ type: 'case.recategorised', caseId: state!.id, at, actor: actorRef(actor), data: { category, from: state!.category } });
    },
  },
  note: {
    roles: ['lead', 'member', 'reporter'],
    from: 'any',
    decide: (state, c, actor, at) => {
      const problem = textProblem('text', c.text, LIMITS.note, true);
      if (problem) return refuse('invalid', problem);
      if (!NOTE_VISIBILITIES.includes(c.visibility)) return refuse('invalid', `visibility must be one of ${NOTE_VISIBILITIES.join(', ')}`);
      if (actor.role === 'reporter' && c.visibility !== 'reporter') {
        return refuse('forbidden', 'A superuser writes to the team with visibility "reporter"; internal notes are the team\'s own');
      }
      const ref = actorRef(actor);
      const noted: EventDraft = { type: 'case.note_added', caseId: state!.id, at, actor: ref, data: { noteId: nextNoteId(state!), text: c.text.trim(), visibility: c.visibility } };
      // The reporter's answer is what the case waited for: it goes back to the team.
      if (actor.role === 'reporter' && state!.status === 'waiting') {
        return accept(noted, { type: 'case.resumed', caseId: state!.id, at, actor: ref, data: { from: 'waiting' } });
      }
      return accept(noted);
    },
  },
  link: {
    roles: TEAM,
    // A closed case still belongs to its problem: linking it keeps the count of centres right.
    from: 'any',
    decide: (state, c, actor, at) => {
      if (!c.problem?.id) return refuse('invalid', 'problemId is required');
      if (state!.problem?.id === c.problem.id) return accept();
      return accept({ type: 'case.linked', caseId: state!.id, at, actor: actorRef(actor), data: { problem: c.problem } });
    },
  },
  unlink: {
    roles: TEAM,
    from: 'any',
    decide: (state, _c, actor, at) => {
      if (!state!.problem) return refuse('conflict', 'The case is not linked to a problem');
      return accept({ type: 'case.unlinked', caseId: state!.id, at, actor: actorRef(actor), data: { problemId: state!.problem.id } });
    },
  },
  retarget_sla: {
    roles: ['system'],
    from: NOT_DONE,
    decide: (state, c, actor, at) => {
      const { claim, resolve } = state!.sla;
      if (claim.targetMs === c.sla.claimMs && resolve.targetMs === c.sla.resolveMs) return accept();
      return accept({ type: 'case.sla_retargeted', caseId: state!.id, at, actor: actorRef(actor), data: { sla: c.sla } });
    },
  },
  dismiss_suggestion: {
    roles: TEAM,
    from: 'any',
    decide: (state, c, actor, at) => {
      if (typeof c.problemId !== 'string' || c.problemId === '') return refuse('invalid', 'problemId is required');
      // Only the problem the case is offered, and not the one it belongs to: a dismissal of any
      // other would teach the matching that the case is unlike a problem nobody compared it with.
      if (state!.suggestion?.problemId !== c.problemId || state!.problem?.id === c.problemId) {
        return refuse('not_suggested', `The case is not suggested problem ${c.problemId}; GET /api/cases/:id shows its suggestion`, { problemId: c.problemId });
      }
      return accept({ type: 'case.suggestion_dismissed', caseId: state!.id, at, actor: actorRef(actor), data: { problemId: c.problemId } });
    },
  },
  check_sla: {
    roles: ['system'],
    from: 'any',
    // The due warnings and breaches are added for every command (see decide below).
    decide: () => accept(),
  },
  enrich: {
    roles: ['system'],
    from: 'any',
    decide: (state, c, actor, at) => {
      // A retried intake job must not add a second enrichment.
      if (state!.enrichedAt !== null) return accept();
      return accept({
        type: 'case.enriched',
        caseId: state!.id,
        at,
        actor: actorRef(actor),
        data: { category: c.category, tags: c.tags, ...(c.similar ? { similar: c.similar } : {}), ...(c.suggestion ? { suggestion: c.suggestion } : {}) },
      });
    },
  },
};

const STATUS_WORDS: Record<CaseStatus, string> = {
  new: 'new',
  claimed: 'claimed',
  waiting: 'waiting on the reporter',
  escalated: 'escalated to the vendor',
  resolved: 'resolved',
};
const COMMAND_WORDS: Partial<Record<CommandType, string>> = { set_vendor_ref: 'set the vendor reference of', check_sla: 'check', wait: 'set waiting' };

function stateConflict(state: Case, type: CommandType): string {
  if (type === 'claim' && state.status === 'claimed' && state.assignee) {
    return `The case is already claimed by ${state.assignee.name}`;
  }
  return `Cannot ${COMMAND_WORDS[type] ?? type} a case that is ${STATUS_WORDS[state.status]}`;
}

/**
 * Decides what happens when `actor` sends `command` to a case in `state` (null: no case yet).
 * Returns the events to store, or a typed refusal. Pure: same input, same answer.
 */
export function decide(stored: Case | null, command: Command, actor: Actor, now: Date | string): Decision {
  const state = stored && withDefaults(stored);
  const rule = rules[command.type] as Rule<CommandType> | undefined;
  if (!rule) return refuse('invalid', `Unknown command ${String((command as { type: unknown }).type)}`);
  const at = typeof now === 'string' ? now : now.toISOString();

  if (state && actor.role === 'reporter' && state.institution !== actor.institution) {
    // Other institutions' cases do not exist for a reporter: no hint that the id is taken.
    return refuse('not_found', `Case ${state.id} not found`);
  }
  if (!rule.roles.includes(actor.role)) {
    return refuse('forbidden', `A ${actor.role} may not ${command.type} cases`);
  }
  if (rule.from === null) {
    if (state) return refuse('conflict', `Case ${state.id} already exists`);
  } else {
    if (!state) return refuse('not_found', 'Case not found');
    if (rule.from !== 'any' && !rule.from.includes(state.status)) {
      return refuse('conflict', stateConflict(state, command.type), state.assignee && state.status !== 'new' ? { status: state.status, holder: state.assignee.name } : { status: state.status });
    }
  }
  const decision = rule.decide(state, command, actor, at);
  if (!decision.ok || !state) return decision;
  const full = overCapacity(state, decision.events);
  if (full) return full;
  return { ok: true, events: [...slaCatchUp(state, at), ...decision.events] };
}

const ADDS_NOTE: ReadonlySet<EventDraft['type']> = new Set(['case.note_added', 'case.waiting', 'case.escalated']);

const caseFull = (kind: CapacityKind, limit: number, message: string) => refuse('case_full', message, { kind, limit });

/**
 * Only what adds a note (a note, a waiting question, an escalation note) can fill a case, so only
 * that is refused: the team can always still resolve, release or reassign a full case. The fields
 * that are replaced rather than added to (resolution, vendor reference) have their own limits.
 */
function overCapacity(state: Case, events: EventDraft[]): Decision | null {
  const added = events.filter((e) => ADDS_NOTE.has(e.type)).length;
  if (added === 0) return null;
  if (state.notes.length + added > CASE_CAPACITY.notes) {
    return caseFull('notes', CASE_CAPACITY.notes, `The case already holds ${state.notes.length} notes, the most one case may hold (${CASE_CAPACITY.notes}); open a new case to go on`);
  }
  const bytes = caseTextBytes(evolveAll(state, events)!);
  if (bytes > CASE_CAPACITY.textBytes) {
    const kb = CASE_CAPACITY.textBytes / 1024;
    return caseFull('text', CASE_CAPACITY.textBytes, `With this the case would hold ${Math.ceil(bytes / 1024)} KB of text, more than the ${kb} KB one case may hold; shorten it or open a new case`);
  }
  return null;
}

/**
 * Warnings and breaches that fell due before this command, recorded ahead of it: a case
 * claimed after its deadline, while the timer job had not yet run, still shows its breach.
 */
function slaCatchUp(state: Case, at: string): EventDraft[] {
  return dueSla(state.sla, Date.parse(at)).map(({ clock, level }) => ({
    type: level === 'warning' ? 'case.sla_warning' : 'case.sla_breached',
    caseId: state.id,
    at,
    actor: SYSTEM_REF,
    data: { clock },
  }));
}

/** Which commands the actor could send to this case now; the board shows only these buttons. */
export type CardCommand = 'claim' | 'release' | 'resolve' | 'reopen' | 'wait' | 'resume' | 'escalate';
export function allowedCommands(state: Case, actor: Actor): CardCommand[] {
  const probes: (Command & { type: CardCommand })[] = [
    { type: 'claim' },
    { type: 'release' },
    { type: 'wait', reason: 'x' },
    { type: 'escalate', note: 'x' },
    { type: 'resume' },
    { type: 'resolve', resolution: 'x' },
    { type: 'reopen' },
  ];
  return probes.filter((c) => decide(state, c, actor, state.updatedAt).ok).map((c) => c.type);
}
