// What a superuser may see of their institution's cases: everything but the team's
// internal notes and the intake's matches (similar cases and the problem suggestion, and its dismissal). Events keep their place in the log (versions stay
// contiguous, so the reporter's board never sees a gap); an internal note arrives with its
// text removed. The matches point at other centres' cases, and their scores would answer a
// superuser's guesses about those cases' text, so they never reach a superuser.
import type { Case } from './case.ts';
import type { CaseEvent, EventDraft } from './events.ts';

export function caseForReporter(c: Case): Case {
  const internal = c.notes.some((n) => n.visibility === 'internal');
  if (!internal && c.similar.length === 0 && !c.suggestion) return c;
  return { ...c, notes: internal ? c.notes.filter((n) => n.visibility !== 'internal') : c.notes, similar: [], suggestion: null };
}

/** The event's own fields as a superuser may see them: an internal note's text and the intake's matches left out. */
export function draftForReporter<E extends EventDraft>(event: E): E {
  if (event.type === 'case.note_added' && event.data.visibility === 'internal') return { ...event, data: { ...event.data, text: '' } };
  if (event.type === 'case.escalated') return { ...event, data: { ...event.data, note: '' } };
  // Which problem the team thought it was, and that they said no: both are the suggestion's.
  if (event.type === 'case.suggestion_dismissed') return { ...event, data: { ...event.data, problemId: '' } };
  if (event.type === 'case.enriched' && (event.data.similar !== undefined || event.data.suggestion !== undefined)) {
    const { similar: _matches, suggestion: _suggestion, ...data } = event.data;
    return { ...event, data };
  }
  return event;
}

/** Whether a timeline shows the event: not a dismissal a superuser's view has blanked. */
export function shownInTimeline(event: Pick<EventDraft, 'type' | 'data'>): boolean {
  return !(event.type === 'case.suggestion_dismissed' && (event.data as { problemId: string }).problemId === '');
}

export function eventForReporter(event: CaseEvent): CaseEvent {
  const c = caseForReporter(event.case);
  const shown = draftForReporter(event);
  return c === event.case && shown === event ? event : { ...shown, case: c };
}
