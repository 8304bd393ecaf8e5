import { describe, expect, it } from 'vitest';
import { COLUMNS, columnOf, commandForDrop, fitEvent, project, type ColumnId } from './board.ts';
import type { Case, Priority } from './case.ts';
import type { CaseEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { ACTORS, caseIn, draft } from './test-fixtures.ts';

// Local times on purpose: "today" on the board is the viewer's own calendar day.
const NOW = new Date(2026, 11, 1, 10, 0);
const local = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute).toISOString();

const base = caseIn('new', ACTORS.member)!;
function card(id: string, fields: Partial<Case> = {}): Case {
  return { ...base, id, createdAt: local(1, 8), updatedAt: local(1, 8), ...fields };
}
const ids = (cases: Case[]) => cases.map((c) => c.id);

describe('columnOf', () => {
  it.each([
    ['new', 'new'],
    ['claimed', 'in_progress'],
    ['waiting', 'waiting'],
    ['escalated', 'waiting'],
    ['resolved', 'resolved'],
  ] as const)('%s → %s', (status, column) => {
    expect(columnOf(status)).toBe(column);
  });

  it('the columns read New, In progress, Waiting, Resolved', () => {
    expect(COLUMNS.map((c) => c.id)).toEqual(['new', 'in_progress', 'waiting', 'resolved']);
  });
});

describe('fitEvent: what a board does with an incoming event', () => {
  const eventAt = (version: number): CaseEvent => ({
    ...draft('case.claimed', ACTORS.member, {}),
    id: `1764580000000-${version}`,
    case: { ...base, version },
  });
  it('applies a later event of an unknown case that is resolved: older resolved cases are not on the board', () => {
    const resolved = { ...eventAt(7), case: { ...base, version: 7, status: 'resolved' as const } };
    expect(fitEvent(undefined, resolved)).toBe('apply');
    // Still a gap when the board should have held it: an open case.
    expect(fitEvent(undefined, { ...eventAt(7), case: { ...base, version: 7, status: 'claimed' as const } })).toBe('gap');
  });
  it.each([
    ['unknown case, its first event', undefined, 1, 'apply'],
    ['unknown case, a later event', undefined, 3, 'gap'],
    ['the next version', 2, 3, 'apply'],
    ['the version the board already holds', 2, 2, 'duplicate'],
    ['an older version', 5, 2, 'duplicate'],
    ['a version that skips one', 2, 4, 'gap'],
  ] as const)('%s (holds %s, gets %i) → %s', (_what, held, incoming, expected) => {
    const known = held === undefined ? undefined : { ...base, version: held };
    expect(fitEvent(known, eventAt(incoming))).toBe(expected);
  });
});

describe('project: cases into columns', () => {
  it('puts each case in the column of its status', () => {
    const cols = project(
      [
        card('1'),
        card('2', { status: 'claimed', assignee: base.reporter }),
        card('3', { status: 'resolved', resolution: 'Løst', updatedAt: local(1, 9) }),
      ],
      NOW,
    );
    expect({ new: ids(cols.new), in_progress: ids(cols.in_progress), resolved: ids(cols.resolved) }).toEqual({
      new: ['1'],
      in_progress: ['2'],
      resolved: ['3'],
    });
  });

  it.each([
    ['resolved just after midnight today', local(1, 0, 1), true],
    ['resolved late today', local(1, 23, 59), true],
    ['resolved just before midnight yesterday', local(0, 23, 59), false],
    ['resolved last week', local(-6, 12), false],
  ] as const)('a case %s shows: %s', (_when, updatedAt, shown) => {
    const cols = project([card('9', { status: 'resolved', updatedAt })], NOW);
    expect(cols.resolved.length).toBe(shown ? 1 : 0);
  });

  it('shows older open cases whatever their age: only the resolved column is for today', () => {
    const cols = project([card('1', { createdAt: local(-3, 8), updatedAt: local(-3, 8) }), card('2', { status: 'claimed', updatedAt: local(-2, 8) })], NOW);
    expect([ids(cols.new), ids(cols.in_progress)]).toEqual([['1'], ['2']]);
  });

  it('sorts New urgent first, then oldest first, then by id as numbers', () => {
    const p = (id: string, priority: Priority, hour: number) => card(id, { priority, createdAt: local(1, hour) });
    const cols = project(
      [p('1', 'low', 7), p('2', 'normal', 9), p('3', 'urgent', 9), p('4', 'high', 8), p('5', 'urgent', 8), p('6', 'normal', 6), p('10', 'normal', 6)],
      NOW,
    );
    expect(ids(cols.new)).toEqual(['5', '3', '4', '6', '10', '2', '1']);
  });

  it('sorts In progress and Resolved by latest change first', () => {
    const claimed = (id: string, hour: number) => card(id, { status: 'claimed', updatedAt: local(1, hour) });
    const resolved = (id: string, hour: number) => card(id, { status: 'resolved', updatedAt: local(1, hour) });
    const cols = project([claimed('1', 8), claimed('2', 9), resolved('3', 7), resolved('4', 9), claimed('5', 9)], NOW);
    expect(ids(cols.in_progress)).toEqual(['2', '5', '1']);
    expect(ids(cols.resolved)).toEqual(['4', '3']);
  });

  it('does not reorder the caller’s list', () => {
    const cases = [card('2', { priority: 'low' }), card('1', { priority: 'urgent' })];
    project(cases, NOW);
    expect(ids(cases)).toEqual(['2', '1']);
  });

  it('follows a case across the board as events arrive', () => {
    let c = evolve(null, draft('case.created', ACTORS.reporter, { title: 'Samtykker', description: '', institution: base.institution, category: null, priority: 'normal' }, local(1, 8)));
    const where = () => Object.entries(project([c], NOW)).find(([, cs]) => cs.length)?.[0];
    expect(where()).toBe('new');
    c = evolve(c, draft('case.claimed', ACTORS.member, {}, local(1, 9)));
    expect(where()).toBe('in_progress');
    c = evolve(c, draft('case.resolved', ACTORS.member, { resolution: 'Video sendt' }, local(1, 9, 30)));
    expect(where()).toBe('resolved');
  });
});

describe('commandForDrop: dragging a card between columns', () => {
  it.each<[ColumnId, ColumnId, ReturnType<typeof commandForDrop>]>([
    ['new', 'new', null],
    ['new', 'in_progress', 'claim'],
    ['new', 'resolved', 'resolve'],
    ['in_progress', 'new', 'release'],
    ['in_progress', 'in_progress', null],
    ['in_progress', 'resolved', 'resolve'],
    ['resolved', 'new', 'reopen'],
    // Reopen and claim are two decisions; the board asks for them one at a time.
    ['resolved', 'in_progress', null],
    ['resolved', 'resolved', null],
    ['in_progress', 'waiting', 'wait'],
    ['new', 'waiting', null],
    ['waiting', 'in_progress', 'resume'],
    ['waiting', 'new', null],
    ['waiting', 'resolved', 'resolve'],
    ['resolved', 'waiting', null],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(commandForDrop(from, to)).toBe(expected);
  });
});
