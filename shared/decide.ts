// The lifecycle as a table: which roles may send a command, and from which states.
// A new state or move (waiting, escalated, ...) is a new row here plus its event in evolve.ts.
import { LIMITS, PRIORITIES, actorRef, type Actor, type Case, type CaseStatus, type Role } from './case.ts';
import type { Command, CommandMap, CommandType, Decision, Refusal } from './commands.ts';
import type { EventDraft } from './events.ts';

interface Rule<K extends CommandType> {
  roles: readonly (Role | 'system')[];
  /** States the command may start from; null means the case must not exist yet. */
  from: readonly CaseStatus[] | null | 'any';
  decide: (state: Case | null, command: { type: K } & CommandMap[K], actor: Actor, at: string) => Decision;
}

type Rules = { [K in CommandType]: Rule<K> };

const TEAM = ['lead', 'member'] as const;

const refuse = (code: Refusal['code'], message: string): Decision => ({ ok: false, error: { code, message } });
const accept = (...events: EventDraft[]): Decision => ({ ok: true, events });

function claimedByOther(state: Case, actor: Actor): boolean {
  return state.assignee !== null && state.assignee.id !== actor.id;
}

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
      if (actor.role !== 'lead' && claimedByOther(state!, actor)) {
        return refuse('conflict', `The case is claimed by ${state!.assignee!.name}; only they or the lead can release it`);
      }
      return accept({ type: 'case.released', caseId: state!.id, at, actor: actorRef(actor), data: {} });
    },
  },
  resolve: {
    roles: TEAM,
    // Resolving an unclaimed case claims it first, so the log still reads new → claimed → resolved.
    from: ['new', 'claimed'],
    decide: (state, c, actor, at) => {
      const problem = textProblem('resolution', c.resolution, LIMITS.resolution, true);
      if (problem) return refuse('invalid', problem);
      if (actor.role !== 'lead' && claimedByOther(state!, actor)) {
        return refuse('conflict', `The case is claimed by ${state!.assignee!.name}; only they or the lead can resolve it`);
      }
      const ref = actorRef(actor);
      const resolved: EventDraft = { type: 'case.resolved', caseId: state!.id, at, actor: ref, data: { resolution: c.resolution.trim() } };
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
        data: { category: c.category, tags: c.tags },
      });
    },
  },
};

const STATUS_WORDS: Record<CaseStatus, string> = { new: 'new', claimed: 'claimed', resolved: 'resolved' };

function stateConflict(state: Case, type: CommandType): string {
  if (type === 'claim' && state.status === 'claimed' && state.assignee) {
    return `The case is already claimed by ${state.assignee.name}`;
  }
  return `Cannot ${type} a case that is ${STATUS_WORDS[state.status]}`;
}

/**
 * Decides what happens when `actor` sends `command` to a case in `state` (null: no case yet).
 * Returns the events to store, or a typed refusal. Pure: same input, same answer.
 */
export function decide(state: Case | null, command: Command, actor: Actor, now: Date | string): Decision {
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
      return refuse('conflict', stateConflict(state, command.type));
    }
  }
  return rule.decide(state, command, actor, at);
}

/** Which commands the actor could send to this case now; the board shows only these buttons. */
export type CardCommand = 'claim' | 'release' | 'resolve' | 'reopen';
export function allowedCommands(state: Case, actor: Actor): CardCommand[] {
  const probes: (Command & { type: CardCommand })[] = [
    { type: 'claim' },
    { type: 'release' },
    { type: 'resolve', resolution: 'x' },
    { type: 'reopen' },
  ];
  return probes.filter((c) => decide(state, c, actor, state.updatedAt).ok).map((c) => c.type);
}
