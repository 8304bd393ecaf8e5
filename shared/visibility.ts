// What a superuser may see of their institution's cases: everything but the team's
// internal notes. Events keep their place in the log (versions stay contiguous, so the
// reporter's board never sees a gap); an internal note arrives with its text removed.
import type { Case } from './case.ts';
import type { CaseEvent, EventDraft } from './events.ts';

export function caseForReporter(c: Case): Case {
  if (!c.notes.some((n) => n.visibility === 'internal')) return c;
  return { ...c, notes: c.notes.filter((n) => n.visibility !== 'internal') };
}

/** The event's own fields as a superuser may see them: an internal note's text left out. */
export function draftForReporter<E extends EventDraft>(event: E): E {
  if (event.type === 'case.note_added' && event.data.visibility === 'internal') return { ...event, data: { ...event.data, text: '' } };
  if (event.type === 'case.escalated') return { ...event, data: { ...event.data, note: '' } };
  return event;
}

export function eventForReporter(event: CaseEvent): CaseEvent {
  const c = caseForReporter(event.case);
  const shown = draftForReporter(event);
  return c === event.case && shown === event ? event : { ...shown, case: c };
}
