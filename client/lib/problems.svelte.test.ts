import { describe, expect, test } from 'vitest';
import type { Case } from '../../shared/case.ts';
import type { Problem } from '../../shared/problem.ts';
import { ApiError } from './api.ts';
import { BoardState } from './board.svelte.ts';
import { ProblemsState } from './problems.svelte.ts';
import { FakeHttp } from './testing/fake-http.ts';
import { makeCase, people } from './testing/fixtures.ts';

function problem(overrides: Partial<Problem> = {}): Problem {
  const at = '2026-12-01T08:00:00.000Z';
  return {
    id: '1',
    title: 'MitID-login sender forældre tilbage',
    status: 'open',
    vendorRef: null,
    resolution: null,
    answer: null,
    notice: null,
    resolvedBy: null,
    createdAt: at,
    createdBy: people.alice,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

function setup(cases: Case[] = []) {
  const board = new BoardState({ now: new Date() });
  board.load({ cases, lastEventId: null });
  const http = new FakeHttp();
  return { board, http, problems: new ProblemsState(board, http.request) };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 8, minutes)).toISOString();

describe('ProblemsState', () => {
  test('groups look-alike cases from the board, and finds each case its group', () => {
    const { problems } = setup([
      makeCase({ id: '1', institution: 'bh-solsikken' }),
      makeCase({ id: '2', institution: 'bh-regnbuen', similar: [{ caseId: '1', score: 0.8 }] }),
      makeCase({ id: '3', institution: 'bh-solsikken' }),
    ]);
    expect(problems.groupOf('2')).toEqual({ caseIds: ['1', '2'], institutions: ['bh-regnbuen', 'bh-solsikken'] });
    expect(problems.groupOf('3')).toBeNull();
    expect(problems.looseGroups).toEqual([{ caseIds: ['1', '2'], institutions: ['bh-regnbuen', 'bh-solsikken'] }]);
  });

  test('a case the intake links later joins its group, and a claim changes no group', () => {
    const a = makeCase({ id: '1', institution: 'bh-solsikken' });
    const { board, problems } = setup([a, makeCase({ id: '2', institution: 'bh-regnbuen', similar: [{ caseId: '1', score: 0.8 }] })]);
    board.merge({ ...a, status: 'claimed', assignee: people.alice, version: 2 });
    expect(problems.groupOf('1')).toEqual({ caseIds: ['1', '2'], institutions: ['bh-regnbuen', 'bh-solsikken'] });
    board.merge(makeCase({ id: '3', institution: 'vs-humlebien', similar: [{ caseId: '2', score: 0.7 }] }));
    expect(problems.groupOf('1')).toEqual({ caseIds: ['1', '2', '3'], institutions: ['bh-regnbuen', 'bh-solsikken', 'vs-humlebien'] });
    // A match to a case this board does not hold makes no group.
    board.merge(makeCase({ id: '4', similar: [{ caseId: '99', score: 0.9 }] }));
    expect(problems.groupOf('4')).toBeNull();
  });

  test('a case that arrives after the case that named it joins its group; a match taken back splits the group', () => {
    const { board, problems } = setup([makeCase({ id: '2', institution: 'bh-regnbuen', similar: [{ caseId: '1', score: 0.8 }] })]);
    expect(problems.groupOf('2')).toBeNull();
    board.merge(makeCase({ id: '1', institution: 'bh-solsikken' }));
    expect(problems.groupOf('2')).toEqual({ caseIds: ['1', '2'], institutions: ['bh-regnbuen', 'bh-solsikken'] });
    expect(problems.groups).toHaveLength(1);
    board.merge(makeCase({ id: '2', institution: 'bh-regnbuen', similar: [], version: 2 }));
    expect(problems.groupOf('1')).toBeNull();
    expect(problems.groups).toEqual([]);
  });

  test('a problem view follows the board: linking a case moves it from the group into the problem', async () => {
    const a = makeCase({ id: '1', institution: 'bh-solsikken', createdAt: at(0) });
    const b = makeCase({ id: '2', institution: 'bh-regnbuen', createdAt: at(5), similar: [{ caseId: '1', score: 0.8 }] });
    const { board, http, problems } = setup([a, b]);
    http.on('GET /api/problems', { problems: [{ problem: problem(), caseIds: [], openCaseIds: [], institutions: [], firstAt: null, lastAt: null }] });
    await problems.load();
    expect(problems.views[0]).toMatchObject({ caseIds: [], institutions: [] });

    const ref = { id: '1', title: 'MitID-login sender forældre tilbage' };
    board.merge({ ...a, problem: ref, version: 2 });
    board.merge({ ...b, problem: ref, status: 'resolved', version: 2 });
    expect(problems.views[0]).toMatchObject({ caseIds: ['1', '2'], openCaseIds: ['1'], institutions: ['bh-regnbuen', 'bh-solsikken'], firstAt: at(0), lastAt: at(5) });
    expect(problems.looseGroups).toEqual([]);
  });

  test('the open problems come first, resolved ones last; a stale copy from the socket is dropped', () => {
    const { problems } = setup();
    problems.changed(problem({ id: '1', status: 'resolved', version: 5 }));
    problems.changed(problem({ id: '2', title: 'Beskeder' }));
    expect(problems.views.map((v) => v.problem.id)).toEqual(['2', '1']);
    expect(problems.openProblems.map((p) => p.id)).toEqual(['2']);
    problems.changed(problem({ id: '1', status: 'open', version: 4 }));
    expect(problems.get('1')?.status).toBe('resolved');
  });

  test('creating, announcing and withdrawing send the contract and keep the answer', async () => {
    const { http, problems } = setup();
    http
      .on('POST /api/problems', (c: { body: unknown }) => ({ problem: problem({ id: '9', title: (c.body as { title: string }).title }) }))
      .on('PUT /api/problems/9/notice', { problem: problem({ id: '9', version: 2, notice: { message: 'Brug browseren', at: at(1), by: people.alice } }) })
      .on('DELETE /api/problems/9/notice', { problem: problem({ id: '9', version: 3 }) });
    const created = await problems.create('MitID-loop', ['1', '2']);
    expect(created).toMatchObject({ ok: true, value: { id: '9', title: 'MitID-loop' } });
    expect(http.calls[0]).toEqual({ method: 'POST', path: '/api/problems', body: { title: 'MitID-loop', caseIds: ['1', '2'] } });
    await problems.announce('9', 'Brug browseren');
    expect(problems.get('9')?.notice?.message).toBe('Brug browseren');
    await problems.withdraw('9');
    expect(problems.get('9')?.notice).toBeNull();
  });

  test('a resolution cut off halfway says how many cases it resolved, and may be sent again', async () => {
    const { http, problems } = setup();
    const body = { error: { code: 'busy', message: 'Resolved 3 cases, then case 4 failed', resolved: ['1', '2', '3'] } };
    http.on('POST /api/problems/9/resolve', new ApiError(503, 'busy', body.error.message, body));
    const first = await problems.resolve('9', 'Rettet', 'a1');
    expect(first).toEqual({ ok: false, code: 'busy', message: 'Resolved 3 cases, then case 4 failed', retryable: true, resolved: 3 });
    expect(http.calls[0].body).toEqual({ resolution: 'Rettet', answerId: 'a1' });

    http.on('POST /api/problems/9/resolve', { problem: problem({ id: '9', status: 'resolved', resolution: 'Rettet', version: 4 }) });
    expect(await problems.resolve('9', 'Rettet', 'a1')).toMatchObject({ ok: true, value: { status: 'resolved' } });
    expect(problems.get('9')?.status).toBe('resolved');
  });

  test('a refusal is not worth retrying as it is', async () => {
    const { http, problems } = setup();
    http.on('PUT /api/problems/9', new ApiError(400, 'invalid', 'title must not be empty'));
    expect(await problems.update('9', { title: '' })).toEqual({ ok: false, code: 'invalid', message: 'title must not be empty', retryable: false, resolved: null });
  });

  test('a failed load is kept for the view to show', async () => {
    const { http, problems } = setup();
    http.on('GET /api/problems', new ApiError(0, 'network', 'Failed to fetch'));
    await problems.load();
    expect(problems).toMatchObject({ loaded: false, loadError: 'Ingen forbindelse til serveren. Prøv igen om lidt.' });
  });
});
