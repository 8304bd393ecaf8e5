import { describe, expect, it } from 'vitest';
import { CASE_CAPACITY, caseTextBytes, utf8Bytes } from './case-capacity.ts';
import { actorRef, LIMITS } from './case.ts';
import type { Command, CommandType } from './commands.ts';
import { allowedCommands, decide } from './decide.ts';
import { evolve, evolveAll } from './evolve.ts';
import { ACTORS, AT, CASE_ID, COLLEAGUE, INSTITUTION, STARTS, WHO, caseIn, created, draft, type Start, type Who } from './test-fixtures.ts';

const colleague = { ...actorRef(COLLEAGUE), role: 'member' };

const COMMANDS: Record<CommandType, Command> = {
  create: { type: 'create', caseId: CASE_ID, title: 'Kan ikke se samtykker', institution: INSTITUTION },
  claim: { type: 'claim' },
  release: { type: 'release' },
  resolve: { type: 'resolve', resolution: 'Vejledningsvideo om samtykker sendt' },
  reopen: { type: 'reopen', reason: 'Virker stadig ikke' },
  enrich: { type: 'enrich', category: 'consents', tags: ['samtykke'] },
  wait: { type: 'wait', reason: 'Hvilken stue går barnet på?' },
  resume: { type: 'resume' },
  escalate: { type: 'escalate', note: 'Meldt til Netcompany', vendorRef: 'NC-77' },
  set_vendor_ref: { type: 'set_vendor_ref', vendorRef: 'NC-99' },
  assign: { type: 'assign', assignee: colleague },
  prioritize: { type: 'prioritize', priority: 'urgent' },
  note: { type: 'note', text: 'Har I prøvet at logge ud og ind igen?', visibility: 'reporter' },
  check_sla: { type: 'check_sla' },
  retarget_sla: { type: 'retarget_sla', sla: { claimMs: 600_000, resolveMs: 7_200_000 } },
  link: { type: 'link', problem: { id: 'p1', title: 'MitID-login fejler' } },
  unlink: { type: 'unlink' },
  dismiss_suggestion: { type: 'dismiss_suggestion', problemId: 'p1' },
  recategorise: { type: 'recategorise', category: 'photos' },
};

// The rules. A row is a command sent to a case in a starting state; the columns are
//          lead · member · reporter (same institution) · reporter (other institution) · viewer · system
// A cell is what decide() answers: the events (short names, "+" between them, "-" for
// none) or the refusal code. "mine" = claimed by the actor, "theirs" = claimed by a colleague.
type Cells = [string, string, string, string, string, string];
const RULES: Record<CommandType, Record<Start, Cells>> = {
  create: {
    none:     ['created',   'created',   'created',   'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
  },
  claim: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['claimed',   'claimed',   'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  release: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['released',  'released',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['released',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  resolve: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['claimed+resolved', 'claimed+resolved', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['resolved',  'resolved',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['resolved',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    // A waiting or escalated case can be closed when the answer comes some other way.
    waiting:  ['resolved',  'resolved',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['resolved',  'conflict',  'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  reopen: {
    none:     ['not_found', 'not_found', 'not_found', 'not_found', 'forbidden', 'forbidden'],
    new:      ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    resolved: ['reopened',  'reopened',  'reopened',  'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict',  'conflict',  'conflict',  'not_found', 'forbidden', 'forbidden'],
  },
  enrich: {
    none:     ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'not_found'],
    new:      ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
    mine:     ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
    theirs:   ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
    resolved: ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
    waiting:  ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
    escalated:['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'enriched'],
  },
  wait: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['waiting', 'waiting', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['waiting', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  resume: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['resumed', 'resumed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['resumed', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  escalate: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['escalated', 'escalated', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['escalated', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['escalated', 'escalated', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  set_vendor_ref: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['vendor_ref_set', 'vendor_ref_set', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['vendor_ref_set', 'vendor_ref_set', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  assign: {
    none:     ['not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['assigned', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['assigned', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['-', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['assigned', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['-', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  prioritize: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['priority_changed', 'priority_changed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['priority_changed', 'priority_changed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['priority_changed', 'priority_changed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['priority_changed', 'priority_changed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['priority_changed', 'priority_changed', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  recategorise: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['recategorised', 'recategorised', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  note: {
    none:     ['not_found', 'not_found', 'not_found', 'not_found', 'forbidden', 'forbidden'],
    new:      ['note_added', 'note_added', 'note_added', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['note_added', 'note_added', 'note_added', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['note_added', 'note_added', 'note_added', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['note_added', 'note_added', 'note_added', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['note_added', 'note_added', 'note_added+resumed', 'not_found', 'forbidden', 'forbidden'],
    escalated:['note_added', 'note_added', 'note_added', 'not_found', 'forbidden', 'forbidden'],
  },
  retarget_sla: {
    none:     ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'not_found'],
    new:      ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'sla_retargeted'],
    mine:     ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'sla_retargeted'],
    theirs:   ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'sla_retargeted'],
    resolved: ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'conflict'],
    waiting:  ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'sla_retargeted'],
    escalated:['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', 'sla_retargeted'],
  },
  check_sla: {
    none:     ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'not_found'],
    new:      ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
    mine:     ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
    theirs:   ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
    resolved: ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
    waiting:  ['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
    escalated:['forbidden', 'forbidden', 'forbidden', 'not_found', 'forbidden', '-'],
  },
  link: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['linked', 'linked', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  unlink: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['conflict', 'conflict', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
  dismiss_suggestion: {
    none:     ['not_found', 'not_found', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    new:      ['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    mine:     ['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    theirs:   ['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    resolved: ['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    waiting:  ['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
    escalated:['not_suggested', 'not_suggested', 'forbidden', 'not_found', 'forbidden', 'forbidden'],
  },
};

const REFUSALS = new Set(['conflict', 'forbidden', 'invalid', 'not_found', 'not_suggested', 'wip_limit']);
const table = (Object.keys(RULES) as CommandType[]).flatMap((command) =>
  STARTS.flatMap((start) => WHO.map((who, i) => [command, start, who, RULES[command][start][i]] as const)),
);

describe('decide: the rules table', () => {
  it('covers every command × starting state × actor', () => {
    expect(table).toHaveLength(19 * 7 * 6);
  });

  it.each(table)('%s on %s by %s → %s', (command, start, who: Who, expected) => {
    const actor = ACTORS[who];
    const state = caseIn(start, actor);
    const before = structuredClone(state);
    const decision = decide(state, COMMANDS[command], actor, AT);
    expect(state).toEqual(before);

    if (REFUSALS.has(expected)) {
      expect(decision).toMatchObject({ ok: false, error: { code: expected } });
      if (!decision.ok) expect(decision.error.message.length).toBeGreaterThan(5);
      return;
    }
    if (!decision.ok) throw new Error(`refused: ${decision.error.code}: ${decision.error.message}`);
    const names = decision.events.map((e) => e.type.replace('case.', ''));
    expect(names.join('+') || '-').toBe(expected);
    for (const e of decision.events) {
      expect(e).toMatchObject({ caseId: CASE_ID, at: AT, actor: actorRef(actor) });
    }
    // Each event moves the version on by exactly one.
    let s = state;
    for (const e of decision.events) {
      const next = evolve(s, e);
      expect(next.version).toBe((s?.version ?? 0) + 1);
      s = next;
    }
  });
});

// Where an accepted command leaves the case: status and who holds it.
describe('decide: the case after an accepted command', () => {
  it.each([
    ['create', 'none', 'reporter', 'new', null],
    ['claim', 'new', 'member', 'claimed', 'actor'],
    ['release', 'mine', 'member', 'new', null],
    ['release', 'theirs', 'lead', 'new', null],
    ['resolve', 'new', 'member', 'resolved', 'actor'],
    ['resolve', 'mine', 'member', 'resolved', 'actor'],
    // The lead closes a colleague's case; the colleague stays its assignee, the log shows who closed it.
    ['resolve', 'theirs', 'lead', 'resolved', 'colleague'],
    ['reopen', 'resolved', 'reporter', 'new', null],
    ['enrich', 'theirs', 'system', 'claimed', 'colleague'],
  ] as const)('%s on %s by %s → %s, assignee %s', (command, start, who, status, holder) => {
    const actor = ACTORS[who];
    const state = caseIn(start, actor);
    const decision = decide(state, COMMANDS[command], actor, AT);
    if (!decision.ok) throw new Error(decision.error.message);
    const after = evolveAll(state, decision.events)!;
    expect(after.status).toBe(status);
    const assignee = holder === 'actor' ? actorRef(actor) : holder === 'colleague' ? actorRef(COLLEAGUE) : null;
    expect(after.assignee).toEqual(assignee);
    expect(after.version).toBe((state?.version ?? 0) + decision.events.length);
  });

  it('resolving a new case claims it first, both by the resolver', () => {
    const state = caseIn('new', ACTORS.member)!;
    const decision = decide(state, COMMANDS.resolve, ACTORS.member, AT);
    expect(decision).toEqual({
      ok: true,
      events: [
        draft('case.claimed', ACTORS.member, {}),
        draft('case.resolved', ACTORS.member, { resolution: 'Vejledningsvideo om samtykker sendt' }),
      ],
    });
    const after = evolveAll(state, decision.ok ? decision.events : [])!;
    expect(after).toMatchObject({ status: 'resolved', version: state.version + 2, resolution: 'Vejledningsvideo om samtykker sendt' });
  });

  it('reopening clears the resolution and the assignee', () => {
    const state = caseIn('resolved', ACTORS.member)!;
    const decision = decide(state, { type: 'reopen' }, ACTORS.member, AT);
    expect(decision).toEqual({ ok: true, events: [draft('case.reopened', ACTORS.member, { reason: null })] });
    expect(evolveAll(state, decision.ok ? decision.events : [])).toMatchObject({ status: 'new', assignee: null, resolution: null });
  });

  it('the conflict on a double claim names who holds the case', () => {
    const decision = decide(caseIn('theirs', ACTORS.member), COMMANDS.claim, ACTORS.member, AT);
    expect(decision).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(COLLEAGUE.name), params: { holder: COLLEAGUE.name, status: 'claimed' } } });
  });
});

describe('decide: enrich is idempotent', () => {
  it('adds no second enrichment when a retried intake job enriches again', () => {
    const state = caseIn('new', ACTORS.system)!;
    const first = decide(state, COMMANDS.enrich, ACTORS.system, AT);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.events).toHaveLength(1);
    const enriched = evolveAll(state, first.events)!;
    expect(enriched.enrichedAt).toBe(AT);
    expect(decide(enriched, COMMANDS.enrich, ACTORS.system, '2026-11-30T08:16:00.000Z')).toEqual({ ok: true, events: [] });
  });
});

describe('decide: create', () => {
  it('trims text, defaults the priority and turns a blank category into none', () => {
    const decision = decide(
      null,
      { type: 'create', caseId: '7', title: '  Kan ikke logge ind  ', description: ' Hjælp \n', institution: INSTITUTION, category: '  ' },
      ACTORS.reporter,
      new Date(AT),
    );
    expect(decision).toEqual({
      ok: true,
      events: [{
        type: 'case.created',
        caseId: '7',
        at: AT,
        actor: actorRef(ACTORS.reporter),
        data: { title: 'Kan ikke logge ind', description: 'Hjælp', institution: INSTITUTION, category: null, priority: 'normal' },
      }],
    });
  });

  it('keeps a given category and priority', () => {
    const decision = decide(null, { ...COMMANDS.create, category: 'consents', priority: 'urgent' } as Command, ACTORS.member, AT);
    expect(decision).toMatchObject({ ok: true, events: [{ data: { category: 'consents', priority: 'urgent' } }] });
  });
});

const long = (n: number) => 'x'.repeat(n);
describe('decide: invalid input is refused as invalid, the limits themselves are fine', () => {
  const create = (fields: Record<string, unknown>) => ({ ...COMMANDS.create, ...fields }) as Command;
  it.each<[string, Command, 'ok' | 'invalid']>([
    ['empty title', create({ title: '' }), 'invalid'],
    ['blank title', create({ title: ' \n\t ' }), 'invalid'],
    ['missing title', create({ title: undefined }), 'invalid'],
    ['title that is not text', create({ title: 42 }), 'invalid'],
    [`title over ${LIMITS.title} characters`, create({ title: long(LIMITS.title + 1) }), 'invalid'],
    [`title of exactly ${LIMITS.title} characters`, create({ title: long(LIMITS.title) }), 'ok'],
    [`description over ${LIMITS.description} characters`, create({ description: long(LIMITS.description + 1) }), 'invalid'],
    [`description of exactly ${LIMITS.description} characters`, create({ description: long(LIMITS.description) }), 'ok'],
    ['empty institution', create({ institution: '' }), 'invalid'],
    ['over-long category', create({ category: long(101) }), 'invalid'],
    ['unknown priority', create({ priority: 'critical' }), 'invalid'],
    ['null priority', create({ priority: null }), 'invalid'],
    ...(['low', 'normal', 'high', 'urgent'] as const).map((p): [string, Command, 'ok'] => [`priority ${p}`, create({ priority: p }), 'ok']),
  ])('create with %s → %s', (_what, command, expected) => {
    const decision = decide(null, command, ACTORS.member, AT);
    if (expected === 'ok') expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, error: { code: expected } });
  });

  it.each([
    ['empty resolution', { resolution: '' }, 'invalid'],
    ['blank resolution', { resolution: '   ' }, 'invalid'],
    ['missing resolution', {}, 'invalid'],
    [`resolution over ${LIMITS.resolution} characters`, { resolution: long(LIMITS.resolution + 1) }, 'invalid'],
    [`resolution of exactly ${LIMITS.resolution} characters`, { resolution: long(LIMITS.resolution) }, 'ok'],
  ] as const)('resolve with %s → %s', (_what, fields, expected) => {
    const decision = decide(caseIn('mine', ACTORS.member), { type: 'resolve', ...fields } as Command, ACTORS.member, AT);
    if (expected === 'ok') expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, error: { code: expected } });
  });

  it.each([
    [`reason over ${LIMITS.reason} characters`, { reason: long(LIMITS.reason + 1) }, 'invalid'],
    [`reason of exactly ${LIMITS.reason} characters`, { reason: long(LIMITS.reason) }, 'ok'],
    ['no reason', {}, 'ok'],
    ['null reason', { reason: null }, 'ok'],
  ] as const)('reopen with %s → %s', (_what, fields, expected) => {
    const decision = decide(caseIn('resolved', ACTORS.member), { type: 'reopen', ...fields } as Command, ACTORS.member, AT);
    if (expected === 'ok') expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, error: { code: expected } });
  });

  it('refuses an unknown command as invalid', () => {
    const decision = decide(caseIn('new', ACTORS.lead), { type: 'merge' } as unknown as Command, ACTORS.lead, AT);
    expect(decision).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses a role it does not know', () => {
    const stranger = { ...ACTORS.member, role: 'admin' } as unknown as typeof ACTORS.member;
    expect(decide(caseIn('new', stranger), COMMANDS.claim, stranger, AT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('allowedCommands: the buttons a card shows', () => {
  it.each([
    ['new', 'lead', ['claim', 'resolve']],
    ['new', 'member', ['claim', 'resolve']],
    ['mine', 'member', ['release', 'wait', 'escalate', 'resolve']],
    ['theirs', 'member', []],
    ['theirs', 'lead', ['release', 'wait', 'escalate', 'resolve']],
    ['waiting', 'member', ['escalate', 'resume', 'resolve']],
    ['escalated', 'member', []],
    ['escalated', 'lead', ['resume', 'resolve']],
    ['resolved', 'member', ['reopen']],
    ['resolved', 'reporter', ['reopen']],
    ['new', 'reporter', []],
    ['resolved', 'outsider', []],
    ['new', 'viewer', []],
    ['new', 'system', []],
  ] as const)('%s case, %s → %j', (start, who, expected) => {
    expect(allowedCommands(caseIn(start, ACTORS[who])!, ACTORS[who])).toEqual(expected);
  });
});


describe('decide: a case holds at most CASE_CAPACITY.notes notes and CASE_CAPACITY.textBytes of text', () => {
  const noteBy = (actor: typeof ACTORS.member, id: number, text: string) => draft('case.note_added', actor, { noteId: id, text, visibility: 'internal' });

  /** The case claimed by the member, with `count` short notes. */
  function withNotes(count: number) {
    const history = [created(), draft('case.claimed', ACTORS.member, {})];
    for (let i = 1; i <= count; i++) history.push(noteBy(ACTORS.member, i, `Note ${i}`));
    return evolveAll(null, history)!;
  }

  /** The case claimed by the member, filled with text until exactly `left` bytes remain. */
  function withBytesLeft(left: number) {
    let state = evolveAll(null, [created(), draft('case.claimed', ACTORS.member, {})])!;
    let id = 0;
    const room = () => CASE_CAPACITY.textBytes - caseTextBytes(state);
    while (room() - left > LIMITS.note) state = evolve(state, noteBy(ACTORS.member, ++id, long(LIMITS.note)));
    if (room() > left) state = evolve(state, noteBy(ACTORS.member, ++id, long(room() - left)));
    expect(room()).toBe(left);
    return state;
  }

  const note = (text: string): Command => ({ type: 'note', text, visibility: 'internal' });
  const fullOf = (kind: 'notes' | 'text') => ({
    ok: false,
    error: { code: 'case_full', params: { kind, limit: kind === 'notes' ? CASE_CAPACITY.notes : CASE_CAPACITY.textBytes } },
  });

  it('takes the last note that fits and refuses the next with case_full, kind notes', () => {
    const almost = withNotes(CASE_CAPACITY.notes - 1);
    const last = decide(almost, note('Den sidste'), ACTORS.member, AT);
    if (!last.ok) throw new Error(last.error.message);
    const full = evolveAll(almost, last.events)!;
    expect(full.notes).toHaveLength(CASE_CAPACITY.notes);
    const refused = decide(full, note('En for meget'), ACTORS.member, AT);
    expect(refused).toMatchObject(fullOf('notes'));
    if (!refused.ok) expect(refused.error.message).toContain(String(CASE_CAPACITY.notes));
  });

  it('counts the waiting question and the escalation note as notes, and refuses them on a full case', () => {
    const full = withNotes(CASE_CAPACITY.notes);
    expect(decide(full, COMMANDS.wait, ACTORS.member, AT)).toMatchObject(fullOf('notes'));
    expect(decide(full, COMMANDS.escalate, ACTORS.member, AT)).toMatchObject(fullOf('notes'));
  });

  it("refuses a superuser's answer on a full waiting case rather than resuming it without the note", () => {
    const history = [created(), draft('case.claimed', ACTORS.member, {})];
    for (let i = 1; i < CASE_CAPACITY.notes; i++) history.push(noteBy(ACTORS.member, i, `Note ${i}`));
    history.push(draft('case.waiting', ACTORS.member, { reason: 'Hvilken stue?', noteId: CASE_CAPACITY.notes }));
    const waiting = evolveAll(null, history)!;
    expect(waiting.notes).toHaveLength(CASE_CAPACITY.notes);
    expect(decide(waiting, { type: 'note', text: 'Bien-stuen', visibility: 'reporter' }, ACTORS.reporter, AT)).toMatchObject(fullOf('notes'));
  });

  it('still lets the team resolve, release, reprioritise and reassign a full case, and reopen it', () => {
    const full = withNotes(CASE_CAPACITY.notes);
    for (const command of [COMMANDS.resolve, COMMANDS.release, COMMANDS.prioritize, { type: 'assign', assignee: colleague } as Command]) {
      expect(decide(full, command, ACTORS.lead, AT).ok, command.type).toBe(true);
    }
    const resolved = decide(full, COMMANDS.resolve, ACTORS.member, AT);
    if (!resolved.ok) throw new Error(resolved.error.message);
    expect(decide(evolveAll(full, resolved.events), COMMANDS.reopen, ACTORS.reporter, AT).ok).toBe(true);
  });

  it('takes a note that fills the text to the byte and refuses one byte more with case_full, kind text', () => {
    const state = withBytesLeft(1000);
    expect(decide(state, note(long(1000)), ACTORS.member, AT).ok).toBe(true);
    const refused = decide(state, note(long(1001)), ACTORS.member, AT);
    expect(refused).toMatchObject(fullOf('text'));
    if (!refused.ok) expect(refused.error.message).toContain('256 KB');
  });

  it('counts UTF-8 bytes: Danish letters weigh two', () => {
    const state = withBytesLeft(1000);
    expect(decide(state, note('æ'.repeat(500)), ACTORS.member, AT).ok).toBe(true);
    expect(decide(state, note('æ'.repeat(501)), ACTORS.member, AT)).toMatchObject(fullOf('text'));
  });

  it('counts the waiting question both as the question and as the note the reporter sees', () => {
    const state = withBytesLeft(1000);
    expect(decide(state, { type: 'wait', reason: long(500) }, ACTORS.member, AT).ok).toBe(true);
    expect(decide(state, { type: 'wait', reason: long(501) }, ACTORS.member, AT)).toMatchObject(fullOf('text'));
  });

  it('does not refuse a resolution on a case whose text is full', () => {
    const state = withBytesLeft(0);
    expect(decide(state, { type: 'resolve', resolution: long(LIMITS.resolution) }, ACTORS.member, AT).ok).toBe(true);
  });
});

describe('utf8Bytes', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['æøå', 6],
    ['€', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['Blåbær 😀 €5', new TextEncoder().encode('Blåbær 😀 €5').length],
  ])('%j → %i bytes', (text, bytes) => {
    expect(utf8Bytes(text)).toBe(bytes);
  });
});

describe('decide: "not the same"', () => {
  const member = ACTORS.member;
  const suggested = (problemId: string) => ({ ...caseIn('mine', member)!, suggestion: { problemId, title: 'Billeder vises ikke', score: 0.7 } });

  it('is taken for the problem the case is suggested, and takes the suggestion away', () => {
    const decision = decide(suggested('p1'), { type: 'dismiss_suggestion', problemId: 'p1' }, member, AT);
    if (!decision.ok) throw new Error(decision.error.message);
    expect(decision.events.map((e) => e.type)).toEqual(['case.suggestion_dismissed']);
    expect(evolveAll(suggested('p1'), decision.events)!.suggestion).toBeNull();
  });

  it('is refused, naming the problem, for a problem the case is not suggested or already belongs to', () => {
    expect(decide(suggested('p2'), { type: 'dismiss_suggestion', problemId: 'p1' }, member, AT)).toMatchObject({ ok: false, error: { code: 'not_suggested', params: { problemId: 'p1' } } });
    expect(decide(caseIn('mine', member), { type: 'dismiss_suggestion', problemId: 'p1' }, member, AT)).toMatchObject({ ok: false, error: { code: 'not_suggested' } });
    const linked = { ...suggested('p1'), problem: { id: 'p1', title: 'Billeder vises ikke' } };
    expect(decide(linked, { type: 'dismiss_suggestion', problemId: 'p1' }, member, AT)).toMatchObject({ ok: false, error: { code: 'not_suggested' } });
  });
});
