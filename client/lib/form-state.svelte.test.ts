import { afterEach, describe, expect, test } from 'vitest';
import { ApiError } from './api.ts';
import { FormState } from './form-state.svelte.ts';
import { i18n } from './i18n.svelte.ts';

describe('FormState', () => {
  afterEach(() => i18n.set('da'));

  test('is pending while it sends, sends once at a time, and clears the last error on a new try', async () => {
    const form = new FormState();
    form.fail('dialog.required');
    let finish: (value: { ok: true; value: number }) => void = () => {};
    const first = form.run(() => new Promise<{ ok: true; value: number }>((resolve) => (finish = resolve)));
    expect(form.pending).toBe(true);
    expect(form.error).toBeNull();
    expect(await form.run(async () => ({ ok: true, value: 2 }))).toBeNull();
    finish({ ok: true, value: 1 });
    expect(await first).toEqual({ ok: true, value: 1 });
    expect(form.pending).toBe(false);
    expect(form.error).toBeNull();
  });

  test.each([
    ['an Outcome', { ok: false, code: 'conflict', message: 'Conflict', retryable: false, resolved: null }],
    ['a command result', { ok: false, error: { code: 'conflict', message: 'Conflict' } }],
  ])('words the refusal in %s from its code, in the language chosen now', async (_, refused) => {
    const form = new FormState();
    expect(await form.run(async () => refused)).toBe(refused);
    expect(form.refusal?.code).toBe('conflict');
    expect(form.error).toBe('Sagen er ændret i mellemtiden. Se den igen, og prøv så.');
    await i18n.set('en');
    expect(form.error).toBe('The case has changed in the meantime. Look at it again, then try.');
  });

  test('a request that throws is a refusal too, no answer is "offline", and the form may put it in its own sentence', async () => {
    const form = new FormState((refusal) => `Failed: ${refusal.code}`);
    expect(await form.run(() => Promise.reject(new ApiError(0, 'network', 'fetch failed')))).toBeNull();
    expect(form.error).toBe('Failed: network');
    expect(form.pending).toBe(false);

    const plain = new FormState();
    await plain.run(() => Promise.reject(new ApiError(0, 'network', 'fetch failed')));
    expect(plain.error).toBe('Ingen forbindelse til serveren. Prøv igen om lidt.');
    await plain.run(() => Promise.reject(new Error('bug')));
    expect(plain.error).toBe('Serveren afviste det. Prøv igen, eller spørg projektlederen.');
  });

  test("the form's own complaint before sending is worded from its key, and clear removes it", () => {
    const form = new FormState();
    form.fail('dialog.tooLong', { max: 5 });
    expect(form.error).toContain('5');
    expect(form.refusal).toBeNull();
    form.clear();
    expect(form.error).toBeNull();
  });
});
