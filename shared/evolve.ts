import { untouchedFields, withDefaults, type Case, type CaseStatus, type Note } from './case.ts';
import type { EventDraft } from './events.ts';
import { NO_TARGETS, moveSla, retargetSla, startSla } from './sla.ts';

function addNote(state: Case, note: Omit<Note, 'at' | 'author'>, event: EventDraft): Note[] {
  return [...state.notes, { ...note, author: event.actor, at: event.at }];
}

/** The status change, with the SLA clocks stopped or started to match. */
function moveTo(state: Case, status: CaseStatus, at: string): Pick<Case, 'status' | 'sla'> {
  return { status, sla: moveSla(state.sla, status, at) };
}

/** Applies one event to a case. Every event moves the version on by exactly one. */
export function evolve(state: Case | null, event: EventDraft): Case {
  // Applying an event to the wrong case, or creating a case twice, means a corrupt log: fail loudly.
  if (state && state.id !== event.caseId) throw new Error(`${event.type} for case ${event.caseId} applied to case ${state.id}`);
  if (event.type === 'case.created') {
    if (state) throw new Error(`case.created for case ${event.caseId}, which already exists`);
    const d = event.data;
    return {
      id: event.caseId,
      title: d.title,
      description: d.description,
      institution: d.institution,
      category: d.category,
      priority: d.priority,
      status: 'new',
      reporter: event.actor,
      ...untouchedFields(),
      sla: startSla(d.sla ?? NO_TARGETS, 'new', event.at),
      version: 1,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (!state) throw new Error(`${event.type} for case ${event.caseId} before case.created`);
  const prev = withDefaults(state);
  const next: Case = { ...prev, version: prev.version + 1, updatedAt: event.at };
  const at = event.at;
  switch (event.type) {
    case 'case.claimed':
      return { ...next, ...moveTo(prev, 'claimed', at), assignee: event.actor };
    case 'case.released':
      return { ...next, ...moveTo(prev, 'new', at), assignee: null };
    case 'case.resolved':
      return { ...next, ...moveTo(prev, 'resolved', at), resolution: event.data.resolution, answer: event.data.answer ?? null, waitingReason: null };
    case 'case.reopened': {
      // A reopened case is a fresh request: its clocks start over with the same targets.
      const targets = { claimMs: prev.sla.claim.targetMs, resolveMs: prev.sla.resolve.targetMs };
      return { ...next, status: 'new', sla: startSla(targets, 'new', at), assignee: null, resolution: null, answer: null };
    }
    case 'case.waiting':
      return {
        ...next,
        ...moveTo(prev, 'waiting', at),
        waitingReason: event.data.reason,
        notes: addNote(prev, { id: event.data.noteId, text: event.data.reason, visibility: 'reporter' }, event),
      };
    case 'case.resumed':
      return { ...next, ...moveTo(prev, 'claimed', at), waitingReason: null };
    case 'case.escalated':
      return {
        ...next,
        ...moveTo(prev, 'escalated', at),
        waitingReason: null,
        vendorRef: event.data.vendorRef ?? prev.vendorRef,
        notes: addNote(prev, { id: event.data.noteId, text: event.data.note, visibility: 'internal' }, event),
      };
    case 'case.vendor_ref_set':
      return { ...next, vendorRef: event.data.vendorRef };
    case 'case.assigned': {
      const status = prev.status === 'new' ? 'claimed' : prev.status;
      return { ...next, ...moveTo(prev, status, at), assignee: event.data.assignee };
    }
    case 'case.priority_changed':
      return { ...next, priority: event.data.priority, sla: event.data.sla ? retargetSla(prev.sla, event.data.sla, at) : prev.sla };
    case 'case.note_added':
      return { ...next, notes: addNote(prev, { id: event.data.noteId, text: event.data.text, visibility: event.data.visibility }, event) };
    case 'case.sla_warning':
      return { ...next, sla: { ...prev.sla, [event.data.clock]: { ...prev.sla[event.data.clock], warned: true } } };
    case 'case.linked':
      return { ...next, problem: event.data.problem, suggestion: null };
    case 'case.suggestion_dismissed':
      return prev.suggestion?.problemId === event.data.problemId ? { ...next, suggestion: null } : next;
    case 'case.unlinked':
      return { ...next, problem: null };
    case 'case.recategorised':
      return { ...next, category: event.data.category };
    case 'case.sla_retargeted':
      return { ...next, sla: retargetSla(prev.sla, event.data.sla, at) };
    case 'case.sla_breached':
      return { ...next, sla: { ...prev.sla, [event.data.clock]: { ...prev.sla[event.data.clock], breached: true } } };
    case 'case.enriched':
      return {
        ...next,
        category: prev.category ?? event.data.category,
        tags: event.data.tags,
        similar: event.data.similar ?? [],
        suggestion: event.data.suggestion ?? null,
        enrichedAt: event.at,
      };
  }
}

export function evolveAll(state: Case | null, events: EventDraft[]): Case | null {
  return events.reduce<Case | null>((s, e) => evolve(s, e), state);
}
