import type { Case } from './case.ts';
import type { EventDraft } from './events.ts';

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
      assignee: null,
      reporter: event.actor,
      resolution: null,
      tags: [],
      enrichedAt: null,
      version: 1,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (!state) throw new Error(`${event.type} for case ${event.caseId} before case.created`);
  const next: Case = { ...state, version: state.version + 1, updatedAt: event.at };
  switch (event.type) {
    case 'case.claimed':
      return { ...next, status: 'claimed', assignee: event.actor };
    case 'case.released':
      return { ...next, status: 'new', assignee: null };
    case 'case.resolved':
      return { ...next, status: 'resolved', resolution: event.data.resolution };
    case 'case.reopened':
      return { ...next, status: 'new', assignee: null, resolution: null };
    case 'case.enriched':
      return {
        ...next,
        category: state.category ?? event.data.category,
        tags: event.data.tags,
        enrichedAt: event.at,
      };
  }
}

export function evolveAll(state: Case | null, events: EventDraft[]): Case | null {
  return events.reduce<Case | null>((s, e) => evolve(s, e), state);
}
