// The workflow moves beyond claim/resolve: what each leaves on the case, and the input each refuses.
import { describe, expect, it } from 'vitest';
import { actorRef, type Case } from './case.ts';
import type { Command } from './commands.ts';
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import { ACTORS, AT, COLLEAGUE, VENDOR_REF, caseIn, draft, type Start } from './test-fixtures.ts';

function run(start: Start, command: Command, who: keyof typeof ACTORS): Case {
  const actor = ACTORS[who];
  const state = caseIn(start, actor);
  const decision = decide(state, command, actor, AT);
  if (!decision.ok) throw new Error(`${decision.error.code}: ${decision.error.message}`);
  return evolveAll(state, decision.events)!;
}

function refusal(start: Start, command: Command, who: keyof typeof ACTORS) {
  const decision = decide(caseIn(start, ACTORS[who]), command, ACTORS[who], AT);
  return decision.ok ? null : decision.error;
}

describe('waiting on the reporter', () => {
  it('keeps the holder, records the question as a note the reporter sees', () => {
    const after = run('mine', { type: 'wait', reason: '  Hvilken stue?  ' }, 'member');
    expect(after).toMatchObject({ status: 'waiting', waitingReason: 'Hvilken stue?', assignee: actorRef(ACTORS.member) });
    expect(after.notes).toEqual([{ id: 1, text: 'Hvilken stue?', visibility: 'reporter', author: actorRef(ACTORS.member), at: AT }]);
  });

  it('resumes when the team says so, clearing the question', () => {
    expect(run('waiting', { type: 'resume' }, 'member')).toMatchObject({ status: 'claimed', waitingReason: null, assignee: actorRef(ACTORS.member) });
  });

  it("resumes when the reporter answers, with the answer as a note", () => {
    // The reporter answers a case the member holds.
    const state = caseIn('waiting', ACTORS.member)!;
    const decision = decide(state, { type: 'note', text: 'Bien-stuen', visibility: 'reporter' }, ACTORS.reporter, AT);
    if (!decision.ok) throw new Error(decision.error.message);
    expect(decision.events.map((e) => e.type)).toEqual(['case.note_added', 'case.resumed']);
    const after = evolveAll(state, decision.events)!;
    expect(after).toMatchObject({ status: 'claimed', assignee: actorRef(ACTORS.member), waitingReason: null });
    expect(after.notes.map((n) => [n.id, n.text, n.visibility])).toEqual([
      [1, 'Hvilken stue går barnet på?', 'reporter'],
      [2, 'Bien-stuen', 'reporter'],
    ]);
  });

  it('needs a reason', () => {
    expect(refusal('mine', { type: 'wait', reason: '  ' }, 'member')).toMatchObject({ code: 'invalid', message: expect.stringContaining('reason') });
  });
});

describe('escalation to the vendor', () => {
  it('records the internal note and the vendor reference', () => {
    const after = run('mine', { type: 'escalate', note: 'Meldt til Netcompany', vendorRef: ' NC-77 ' }, 'member');
    expect(after).toMatchObject({ status: 'escalated', vendorRef: 'NC-77' });
    expect(after.notes).toMatchObject([{ text: 'Meldt til Netcompany', visibility: 'internal' }]);
  });

  it('takes the vendor reference later, also after the case is resolved', () => {
    const escalated = run('mine', { type: 'escalate', note: 'Meldt til Netcompany' }, 'member');
    expect(escalated.vendorRef).toBeNull();
    expect(run('escalated', { type: 'set_vendor_ref', vendorRef: 'NC-99' }, 'member').vendorRef).toBe('NC-99');
    expect(run('resolved', { type: 'set_vendor_ref', vendorRef: 'NC-99' }, 'member').vendorRef).toBe('NC-99');
  });

  it('setting the same vendor reference again changes nothing', () => {
    expect(decide(caseIn('escalated', ACTORS.member), { type: 'set_vendor_ref', vendorRef: VENDOR_REF }, ACTORS.member, AT)).toEqual({ ok: true, events: [] });
  });

  it('needs a note saying what was reported; the reference has a length limit', () => {
    expect(refusal('mine', { type: 'escalate', note: '' }, 'member')).toMatchObject({ code: 'invalid', message: expect.stringContaining('note') });
    expect(refusal('mine', { type: 'escalate', note: 'x', vendorRef: 'N'.repeat(101) }, 'member')).toMatchObject({ code: 'invalid', message: expect.stringContaining('vendorRef') });
  });
});

describe('assignment by the lead', () => {
  const colleague = { ...actorRef(COLLEAGUE), role: 'member' };
  it('gives a new case to a member, which claims it for them', () => {
    expect(run('new', { type: 'assign', assignee: colleague }, 'lead')).toMatchObject({ status: 'claimed', assignee: actorRef(COLLEAGUE) });
  });

  it('moves a waiting case to another member without changing its state', () => {
    expect(run('waiting', { type: 'assign', assignee: colleague }, 'lead')).toMatchObject({ status: 'waiting', assignee: actorRef(COLLEAGUE) });
  });

  it('refuses to assign to someone outside the team', () => {
    const reporter = { ...actorRef(ACTORS.reporter), role: 'reporter' };
    expect(refusal('new', { type: 'assign', assignee: reporter }, 'lead')).toMatchObject({ code: 'invalid' });
  });
});

describe('priority', () => {
  it('changes the priority and remembers the old one', () => {
    const state = caseIn('new', ACTORS.member)!;
    const decision = decide(state, { type: 'prioritize', priority: 'urgent' }, ACTORS.member, AT);
    expect(decision).toMatchObject({ ok: true, events: [{ type: 'case.priority_changed', data: { priority: 'urgent', from: 'normal' } }] });
  });

  it('the same priority again changes nothing; an unknown one is refused', () => {
    expect(decide(caseIn('new', ACTORS.member), { type: 'prioritize', priority: 'normal' }, ACTORS.member, AT)).toEqual({ ok: true, events: [] });
    expect(refusal('new', { type: 'prioritize', priority: 'asap' } as unknown as Command, 'member')).toMatchObject({ code: 'invalid' });
  });
});

describe('notes', () => {
  it('numbers notes in order and keeps their visibility', () => {
    const state = caseIn('mine', ACTORS.member)!;
    const first = decide(state, { type: 'note', text: 'Ringet til institutionen', visibility: 'internal' }, ACTORS.member, AT);
    if (!first.ok) throw new Error(first.error.message);
    const once = evolveAll(state, first.events)!;
    const second = decide(once, { type: 'note', text: 'Prøv igen i morgen', visibility: 'reporter' }, ACTORS.member, AT);
    if (!second.ok) throw new Error(second.error.message);
    expect(evolveAll(once, second.events)!.notes.map((n) => [n.id, n.visibility])).toEqual([[1, 'internal'], [2, 'reporter']]);
  });

  it('a superuser cannot write internal notes', () => {
    expect(refusal('new', { type: 'note', text: 'Hej', visibility: 'internal' }, 'reporter')).toMatchObject({ code: 'forbidden' });
  });

  it('refuses empty, over-long and unknown-visibility notes', () => {
    expect(refusal('new', { type: 'note', text: ' ', visibility: 'internal' }, 'member')).toMatchObject({ code: 'invalid' });
    expect(refusal('new', { type: 'note', text: 'x'.repeat(2001), visibility: 'internal' }, 'member')).toMatchObject({ code: 'invalid' });
    expect(refusal('new', { type: 'note', text: 'x'.repeat(2000), visibility: 'internal' }, 'member')).toBeNull();
    expect(refusal('new', { type: 'note', text: 'x', visibility: 'public' } as unknown as Command, 'member')).toMatchObject({ code: 'invalid' });
  });
});

describe('recategorise', () => {
  it('the team corrects the category; the case carries the new one and the event says what it was', () => {
    const state = { ...caseIn('mine', ACTORS.member)!, category: 'staff-app' };
    const decision = decide(state, { type: 'recategorise', category: 'photos' }, ACTORS.member, AT);
    expect(decision).toMatchObject({ ok: true, events: [{ type: 'case.recategorised', data: { category: 'photos', from: 'staff-app' } }] });
    if (!decision.ok) return;
    expect(evolveAll(state, decision.events)?.category).toBe('photos');
    // The same category again changes nothing; an empty one is refused.
    expect(decide(state, { type: 'recategorise', category: 'staff-app' }, ACTORS.member, AT)).toEqual({ ok: true, events: [] });
    expect(decide(state, { type: 'recategorise', category: ' ' }, ACTORS.member, AT)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('a later intake sorting does not undo the team’s correction', () => {
    const state = { ...caseIn('new', ACTORS.member)!, category: null };
    const corrected = evolveAll(state, [draft('case.recategorised', ACTORS.member, { category: 'photos', from: null })]);
    const enriched = evolveAll(corrected, [draft('case.enriched', ACTORS.member, { category: 'staff-app', tags: [] })]);
    expect(enriched?.category).toBe('photos');
  });
});
