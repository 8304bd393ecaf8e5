import { describe, expect, test } from 'vitest';
import { makeCase, people } from './testing/fixtures.ts';
import { waitingQuestions } from './reporter-questions.ts';

describe('the questions waiting on a superuser', () => {
  test('only waiting cases with a question, the one asked longest ago first', () => {
    const cases = [
      makeCase({ id: '1', status: 'waiting', waitingReason: 'Hvilken telefon?', updatedAt: '2026-12-01T09:30:00.000Z', assignee: people.alice }),
      makeCase({ id: '2', status: 'claimed', assignee: people.alice }),
      makeCase({ id: '3', status: 'waiting', waitingReason: 'Hvilken stue?', updatedAt: '2026-12-01T09:00:00.000Z', assignee: people.alice }),
      makeCase({ id: '4', status: 'escalated', assignee: people.alice }),
      makeCase({ id: '5', status: 'new' }),
    ];
    expect(waitingQuestions(cases).map((c) => c.id)).toEqual(['3', '1']);
    expect(waitingQuestions([])).toEqual([]);
  });
});
