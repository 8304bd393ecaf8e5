// What a superuser may see of their institution's cases: everything but the team's
// internal notes. Events keep their place in the log (versions stay contiguous, so the
// reporter's board never sees a gap); an internal note arrives with its text removed.
import type { Case } from './case.ts';
import type { CaseEvent } from './events.ts';

export function caseForReporter(c: Case): Case {
  if (!c.notes.some((n) => n.visibility === 'internal')) return c;
  return { ...c, notes: c.notes.filter((n) => n.visibility !== 'internal') };
}

export function eventForReporter(event: CaseEvent): CaseEvent {
  const c = caseForReporter(event.case);
  if (event.type === 'case.note_added' && event.data.visibility === 'internal') {
    return { ...event, data: { ...event.data, text: '' }, case: c };
  }
  if (event.type === 'case.escalated') return { ...event, data: { ...event.data, note: '' }, case: c };
  return c === event.case ? event : { ...event, case: c };
}
