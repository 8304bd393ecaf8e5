import { describe, expect, test, vi } from 'vitest';
import { ApiError, type NewCaseInput } from './api.ts';
import { Intake, type PendingCase } from './intake.svelte.ts';
import { makeCase } from './testing/fixtures.ts';

function memoryStorage() {
  const m = new Map<string, unknown>();
  return {
    map: m,
    getJson: <T>(k: string) => (m.has(k) ? (structuredClone(m.get(k)) as T) : null),
    setJson: (k: string, v: unknown) => void m.set(k, structuredClone(v)),
    remove: (k: string) => void m.delete(k),
  };
}

const input: NewCaseInput = { title: 'Samtykker vises ikke', institution: 'bh-solsikken', category: 'consents', priority: 'high' };
const KEY = 'warroom.intake.pending.u-rita';
// Timers run in the order they fall due: once this one has, a retry set before it for 1 ms would have run.
const flush = () => new Promise((r) => setTimeout(r, 5));

/** The server's answers in turn: an error is thrown, a case is the one it made. */
function answers(...replies: Array<Error | ReturnType<typeof makeCase>>) {
  const createCase = vi.fn<(i: NewCaseInput, key: string) => Promise<ReturnType<typeof makeCase>>>();
  for (const reply of replies) {
    if (reply instanceof Error) createCase.mockRejectedValueOnce(reply);
    else createCase.mockResolvedValueOnce(reply);
  }
  return createCase;
}

/** An intake that numbers its keys key-1, key-2, … and retries at once. */
function numberedIntake(createCase: ReturnType<typeof answers>, storage: ReturnType<typeof memoryStorage>) {
  let keys = 0;
  return new Intake('u-rita', { createCase, storage, newKey: () => `key-${++keys}`, retryDelayMs: () => 1 });
}

describe('Intake', () => {
  test('keeps the case in storage until the server has it, then forgets it', async () => {
    const storage = memoryStorage();
    let release!: () => void;
    const createCase = vi.fn(
      (i: NewCaseInput) => new Promise<ReturnType<typeof makeCase>>((r) => (release = () => r(makeCase({ title: i.title })))),
    );
    const intake = new Intake('u-rita', { createCase, storage, newKey: () => 'key-1' });
    const sent = intake.submit(input);
    expect(intake.status).toBe('sending');
    expect(storage.map.get(KEY)).toMatchObject({ key: 'key-1', input });
    release();
    await sent;
    expect(intake.status).toBe('sent');
    expect(intake.lastSent?.title).toBe('Samtykker vises ikke');
    expect(storage.map.has(KEY)).toBe(false);
    expect(createCase).toHaveBeenCalledWith(input, 'key-1');
  });

  test('retries after a network failure with the same Idempotency-Key', async () => {
    const storage = memoryStorage();
    const createCase = answers(new ApiError(0, 'network', 'Failed to fetch'), new ApiError(503, 'unavailable', 'try later'), makeCase());
    const intake = numberedIntake(createCase, storage);
    await intake.submit(input);
    expect(intake.status).toBe('waiting');
    expect(storage.map.has(KEY)).toBe(true);
    await vi.waitFor(() => expect(intake.status).toBe('sent'), { timeout: 2_000 });
    expect(createCase.mock.calls.map((c) => c[1])).toEqual(['key-1', 'key-1', 'key-1']);
    intake.dispose();
  });

  test('a case left from an earlier visit is sent again with its original key', async () => {
    const storage = memoryStorage();
    const saved: PendingCase = { key: 'old-key', input, savedAt: '2026-11-30T08:00:00Z' };
    storage.setJson(KEY, saved);
    const createCase = vi.fn().mockResolvedValue(makeCase());
    const intake = new Intake('u-rita', { createCase, storage });
    expect(intake.status).toBe('waiting');
    expect(intake.pending?.input.title).toBe('Samtykker vises ikke');
    intake.resume();
    await vi.waitFor(() => expect(intake.status).toBe('sent'), { timeout: 2_000 });
    expect(createCase).toHaveBeenCalledWith(input, 'old-key');
    expect(storage.map.has(KEY)).toBe(false);
  });

  test('a refusal is shown and not retried; the next submission gets a new key', async () => {
    const storage = memoryStorage();
    const createCase = answers(new ApiError(400, 'invalid', 'title must be at most 200 characters'), makeCase());
    const intake = numberedIntake(createCase, storage);
    await intake.submit(input);
    expect(intake.status).toBe('refused');
    expect(intake.error?.code).toBe('invalid');
    expect(storage.map.has(KEY)).toBe(false);
    await flush();
    expect(createCase).toHaveBeenCalledTimes(1);
    await intake.submit(input);
    expect(createCase.mock.calls[1][1]).toBe('key-2');
  });

  test('a signed-out user keeps the case for after login, without retrying in the background', async () => {
    const storage = memoryStorage();
    const createCase = vi.fn().mockRejectedValue(new ApiError(401, 'unauthorized', 'no session'));
    const intake = new Intake('u-rita', { createCase, storage, retryDelayMs: () => 1 });
    await intake.submit(input);
    await flush();
    expect(createCase).toHaveBeenCalledTimes(1);
    expect(intake.status).toBe('waiting');
    expect(storage.map.has(KEY)).toBe(true);
  });

  test('one submission at a time', async () => {
    const createCase = vi.fn(() => new Promise<never>(() => {}));
    const intake = new Intake('u-rita', { createCase, storage: memoryStorage() });
    void intake.submit(input);
    void intake.submit({ ...input, title: 'another' });
    expect(createCase).toHaveBeenCalledTimes(1);
  });
});
