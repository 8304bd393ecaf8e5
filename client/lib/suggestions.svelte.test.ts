import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../shared/suggestions.ts';
import { IntakeSuggestions } from './suggestions.svelte.ts';

const answer: Suggestion = { kind: 'answer', id: '4', title: 'Billeder og albums', url: 'https://www.aula.dk/4', message: null, score: 0.6 };

function fake() {
  const asked: { text: string; signal: AbortSignal; answer: (s: Suggestion[]) => void }[] = [];
  const deflected: unknown[] = [];
  const suggestions = new IntakeSuggestions({
    delayMs: 1,
    fetch: (text, signal) => new Promise((resolve) => asked.push({ text, signal, answer: resolve })),
    deflect: async (s) => void deflected.push({ kind: s.kind, id: s.id }),
  });
  return { suggestions, asked, deflected };
}

describe('IntakeSuggestions', () => {
  test('asks once the typing pauses, with title and description, and not for under three letters', async () => {
    const { suggestions, asked } = fake();
    suggestions.update('b', '');
    suggestions.update('bi', '');
    suggestions.update('Billeder', 'fra turen');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0].text).toBe('Billeder\nfra turen');
    asked[0].answer([answer]);
    await expect.poll(() => suggestions.items).toEqual([answer]);
    suggestions.update('', '');
    expect(suggestions.items).toEqual([]);
  });

  test('cancels the request for text since changed: an older answer never replaces a newer one', async () => {
    const { suggestions, asked } = fake();
    suggestions.update('Billeder', '');
    await expect.poll(() => asked.length).toBe(1);
    suggestions.update('Billeder fra turen', '');
    expect(asked[0].signal.aborted).toBe(true);
    await expect.poll(() => asked.length).toBe(2);
    asked[1].answer([answer]);
    asked[0].answer([]);
    await expect.poll(() => suggestions.items).toEqual([answer]);
  });

  test('"Det løste det" records the deflection, clears the list and keeps the message until the user types again', async () => {
    const { suggestions, asked, deflected } = fake();
    suggestions.update('Billeder', '');
    await expect.poll(() => asked.length).toBe(1);
    asked[0].answer([answer]);
    await expect.poll(() => suggestions.items.length).toBe(1);
    expect(await suggestions.deflect(answer)).toBe(true);
    expect(deflected).toEqual([{ kind: 'answer', id: '4' }]);
    expect(suggestions.items).toEqual([]);
    expect(suggestions.deflected).toEqual(answer);
    suggestions.update('', '');
    expect(suggestions.deflected).toEqual(answer);
    suggestions.update('Ny sag', '');
    expect(suggestions.deflected).toBe(null);
  });

  test('a failed "Det løste det" is said until the user types more; leaving the form aborts one on its way', async () => {
    const sent: { signal: AbortSignal; settle: (failed: boolean) => void }[] = [];
    const suggestions = new IntakeSuggestions({
      delayMs: 1,
      fetch: async () => [answer],
      deflect: (_s, signal) => new Promise((resolve, reject) => sent.push({ signal, settle: (failed) => (failed ? reject({ code: 'unavailable', message: 'down' }) : resolve()) })),
    });
    suggestions.update('Billeder', '');
    await expect.poll(() => suggestions.items.length).toBe(1);
    const first = suggestions.deflect(answer);
    expect(suggestions.recording).toBe('answer:4');
    sent[0].settle(true);
    expect(await first).toBe(false);
    expect(suggestions.error).toMatchObject({ code: 'unavailable' });
    suggestions.update('Billeder fra turen', '');
    expect(suggestions.error).toBe(null);

    await expect.poll(() => suggestions.items.length).toBe(1);
    const second = suggestions.deflect(answer);
    suggestions.dispose();
    expect(sent[1].signal.aborted).toBe(true);
    sent[1].settle(true);
    expect(await second).toBe(false);
    expect(suggestions.error).toBe(null);
    expect(suggestions.recording).toBe(null);
  });
});
