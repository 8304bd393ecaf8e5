import { describe, expect, test, vi } from 'vitest';
import type { LeanEvent } from '../../shared/events.ts';
import { ApiError } from './api.ts';
import { CaseEventHub } from './case-events.ts';
import { CaseHistory, leanOf, type CaseDetail } from './case-history.svelte.ts';
import { makeCase, makeEvent } from './testing/fixtures.ts';

function answer() {
  let resolve!: (d: CaseDetail) => void;
  let reject!: (e: unknown) => void;
  const fetch = vi.fn(() => new Promise<CaseDetail>((res, rej) => ((resolve = res), (reject = rej))));
  return { fetch, resolve: (d: CaseDetail) => resolve(d), reject: (e: unknown) => reject(e) };
}

describe('CaseHistory', () => {
  test('keeps a live event that came while the stored ones were on their way, each event once and in log order', async () => {
    const hub = new CaseEventHub();
    const a = answer();
    const history = new CaseHistory('1', hub, a.fetch);
    const created = makeEvent('case.created', makeCase({ version: 1 }), '100-0');
    const claimed = makeEvent('case.claimed', makeCase({ status: 'claimed', version: 2 }), '200-0');
    const resolved = makeEvent('case.resolved', makeCase({ status: 'resolved', resolution: 'ok', version: 3 }), '300-0');
    const load = history.load();
    hub.emit(resolved);
    hub.emit(makeEvent('case.claimed', makeCase({ id: '2', version: 2 }), '250-0'));
    a.resolve({ case: claimed.case, events: [leanOf(created), leanOf(claimed)] });
    await load;
    expect(history.state).toBe('ready');
    expect(history.events.map((e) => e.id)).toEqual(['100-0', '200-0', '300-0']);
    // The newest case wins over the older answer.
    expect(history.case?.version).toBe(3);
    hub.emit(claimed);
    expect(history.events).toHaveLength(3);
    history.stop();
    hub.emit(makeEvent('case.reopened', makeCase({ version: 4 }), '400-0'));
    expect(history.events).toHaveLength(3);
  });

  test('says when the case is unknown or not for this reader', async () => {
    const a = answer();
    const history = new CaseHistory('99', new CaseEventHub(), a.fetch);
    const load = history.load();
    a.reject(new ApiError(404, 'not_found', 'Case 99 not found'));
    await load;
    expect(history.state).toBe('not_found');
  });

  test('reads the history again when the board is ahead of it and the stream does not catch up', async () => {
    vi.useFakeTimers();
    try {
      const created: LeanEvent = leanOf(makeEvent('case.created', makeCase({ version: 1 }), '100-0'));
      const claimed: LeanEvent = leanOf(makeEvent('case.claimed', makeCase({ version: 2 }), '200-0'));
      const fetch = vi
        .fn<(id: string) => Promise<CaseDetail>>()
        .mockResolvedValueOnce({ case: makeCase({ version: 1 }), events: [created] })
        .mockResolvedValueOnce({ case: makeCase({ version: 2 }), events: [created, claimed] });
      const history = new CaseHistory('1', new CaseEventHub(), fetch, 500);
      await history.load();
      history.follow(1);
      history.follow(2);
      expect(fetch).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(501);
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(history.events.map((e) => e.id)).toEqual(['100-0', '200-0']);
      history.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
