import { describe, expect, it } from 'vitest';
import type { CaseEvent, EventDraft } from './events.ts';
import { evolve, evolveAll } from './evolve.ts';
import { caseForReporter, draftForReporter, eventForReporter, shownInTimeline } from './visibility.ts';
import { ACTORS, COLLEAGUE, caseIn, draft } from './test-fixtures.ts';

function stored(before: ReturnType<typeof caseIn>, d: EventDraft): CaseEvent {
  return { ...d, id: '1-0', case: evolve(before, d) } as CaseEvent;
}

describe("the reporter's view of a case", () => {
  const withNotes = evolveAll(caseIn('mine', ACTORS.member), [
    draft('case.note_added', ACTORS.member, { noteId: 1, text: 'Ring til lederen, hun er sur', visibility: 'internal' }),
    draft('case.note_added', ACTORS.member, { noteId: 2, text: 'Prøv at genstarte appen', visibility: 'reporter' }),
  ])!;

  it('leaves out internal notes and keeps the ones meant for the reporter', () => {
    expect(caseForReporter(withNotes).notes.map((n) => n.text)).toEqual(['Prøv at genstarte appen']);
  });

  it('an internal note event arrives without its text, at the same version', () => {
    const e = stored(withNotes, draft('case.note_added', ACTORS.member, { noteId: 3, text: 'Hemmeligt', visibility: 'internal' }));
    const seen = eventForReporter(e);
    expect(seen.data).toEqual({ noteId: 3, text: '', visibility: 'internal' });
    expect(seen.case.version).toBe(e.case.version);
    expect(JSON.stringify(seen)).not.toContain('Hemmeligt');
    expect(JSON.stringify(seen)).not.toContain('sur');
  });

  it('an escalation arrives without the internal note', () => {
    const e = stored(caseIn('theirs', ACTORS.member), draft('case.escalated', COLLEAGUE, { vendorRef: 'NC-1', note: 'Intern beskrivelse', noteId: 1 }));
    const seen = eventForReporter(e);
    expect(JSON.stringify(seen)).not.toContain('Intern beskrivelse');
    expect(seen.case.status).toBe('escalated');
  });

  it('a note meant for the reporter arrives whole', () => {
    const e = stored(withNotes, draft('case.note_added', ACTORS.member, { noteId: 3, text: 'Virker det nu?', visibility: 'reporter' }));
    expect(eventForReporter(e).data).toMatchObject({ text: 'Virker det nu?' });
  });

  it("leaves out the intake's matches with other centres' cases, on the case and in the enrichment event", () => {
    const matched = { ...withNotes, similar: [{ caseId: '77', score: 0.73 }] };
    expect(caseForReporter(matched).similar).toEqual([]);
    expect(caseForReporter({ ...caseIn('new', ACTORS.member)!, similar: [{ caseId: '78', score: 0.61 }] }).similar).toEqual([]);
    const e = stored(caseIn('mine', ACTORS.member), draft('case.enriched', ACTORS.member, { category: 'login', tags: ['mitid'], similar: [{ caseId: '77', score: 0.73 }] }));
    expect(e.case.similar).toHaveLength(1);
    const seen = eventForReporter(e);
    expect(seen.data).toEqual({ category: 'login', tags: ['mitid'] });
    expect(seen.case.similar).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('0.73');
  });

  it('a dismissed suggestion reaches a superuser naming no problem, at the same version, and no timeline shows it', () => {
    const suggested = { ...caseIn('mine', ACTORS.member)!, suggestion: { problemId: 'p-7', title: 'MitID-login fejler', score: 0.8 } };
    const e = stored(suggested, draft('case.suggestion_dismissed', ACTORS.member, { problemId: 'p-7' }));
    expect(e.case.suggestion).toBeNull();
    const seen = eventForReporter(e);
    expect(seen.data).toEqual({ problemId: '' });
    expect(seen.case.version).toBe(e.case.version);
    expect(JSON.stringify(seen)).not.toContain('p-7');
    // The same for the REST history (drafts) as for the feed and the socket (stored events).
    expect(draftForReporter(draft('case.suggestion_dismissed', ACTORS.member, { problemId: 'p-7' })).data).toEqual({ problemId: '' });
    expect(shownInTimeline(seen)).toBe(false);
    expect(shownInTimeline(e)).toBe(true);
  });
});
