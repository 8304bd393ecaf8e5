import { afterEach, describe, expect, test, vi } from 'vitest';
import { SvelteMap } from 'svelte/reactivity';
import type { Case } from '../../shared/case.ts';
import type { Answer } from '../../shared/problem-schemas.ts';
import { ApiError } from './api.ts';
import { LibraryState } from './library.svelte.ts';
import { FakeHttp } from './testing/fake-http.ts';
import { makeCase, people } from './testing/fixtures.ts';

function answer(overrides: Partial<Answer> = {}): Answer {
  const at = '2026-12-01T08:00:00.000Z';
  return { id: 'a1', title: 'Video: log ind med MitID', url: 'https://www.aula.dk/video/mitid', languages: ['da'], tags: ['mitid'], createdAt: at, updatedAt: at, createdBy: people.alice, ...overrides };
}

function setup(cases: Case[] = []) {
  const board = { cases: new SvelteMap(cases.map((c) => [c.id, c])) };
  const http = new FakeHttp();
  return { board, http, library: new LibraryState(board, http.request, 100) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LibraryState', () => {
  test('loads the answers and what needs one; counts uses from the board as cases are resolved', async () => {
    const ref = { id: 'a1', title: 'Video: log ind med MitID', url: 'https://www.aula.dk/video/mitid' };
    const { board, http, library } = setup([makeCase({ id: '1', status: 'resolved', answer: ref })]);
    const unanswered = [{ kind: 'similar', problemId: null, title: 'Beskeder væk', caseIds: ['5', '6'], institutions: ['bh-a', 'bh-b'] }];
    http.on('GET /api/answers', { answers: [{ ...answer(), uses: 1 }, { ...answer({ id: 'a2', title: 'Guide: samtykker' }), uses: 0 }], unanswered });
    await library.load();
    expect(library.sorted.map((a) => a.title)).toEqual(['Guide: samtykker', 'Video: log ind med MitID']);
    expect(library.unanswered).toEqual(unanswered);
    expect(library.usesOf('a1')).toBe(1);

    board.cases.set('2', makeCase({ id: '2', status: 'resolved', answer: ref }));
    expect(library.usesOf('a1')).toBe(2);
    expect(library.usesOf('a2')).toBe(0);
  });

  test('adding and editing an answer sends the contract; the socket copy replaces the old one', async () => {
    const { http, library } = setup();
    const input = { title: 'Video: log ind med MitID', url: 'https://www.aula.dk/video/mitid', languages: ['da' as const], tags: ['mitid'] };
    http.on('POST /api/answers', { answer: answer() }).on('PUT /api/answers/a1', { answer: answer({ title: 'Video: MitID i Aula' }) });
    expect(await library.save(input)).toMatchObject({ ok: true, value: { id: 'a1' } });
    expect(http.calls[0]).toEqual({ method: 'POST', path: '/api/answers', body: input });
    await library.save({ ...input, title: 'Video: MitID i Aula' }, 'a1');
    expect(http.calls[1].method).toBe('PUT');
    expect(library.answers.map((a) => a.title)).toEqual(['Video: MitID i Aula']);
    library.changed(answer({ title: 'Video: MitID (ny)' }));
    expect(library.answers.map((a) => a.title)).toEqual(['Video: MitID (ny)']);
  });

  test("the server's refusal of a link is passed on", async () => {
    const { http, library } = setup();
    http.on('POST /api/answers', new ApiError(400, 'invalid', 'url must start with https:// or http://'));
    const outcome = await library.save({ title: 'x', url: 'javascript:alert(1)', languages: ['da'], tags: [] });
    expect(outcome).toMatchObject({ ok: false, message: 'url must start with https:// or http://', retryable: false });
  });

  test('asks again what needs an answer only while a view watches, once per burst of changes', async () => {
    vi.useFakeTimers();
    const { http, library } = setup();
    http.on('GET /api/answers', { answers: [], unanswered: [] });
    library.refreshSoon();
    await vi.advanceTimersByTimeAsync(500);
    expect(http.calls).toHaveLength(0);

    const stop = library.watch();
    expect(http.calls).toHaveLength(1);
    library.refreshSoon();
    library.refreshSoon();
    library.refreshSoon();
    await vi.advanceTimersByTimeAsync(150);
    expect(http.calls).toHaveLength(2);

    stop();
    library.refreshSoon();
    await vi.advanceTimersByTimeAsync(500);
    expect(http.calls).toHaveLength(2);
  });
});
