import { describe, expect, it } from 'vitest';
import { checkSince } from './event-since.ts';

type Verdict = 'ok' | 'invalid' | 'gone';
const full = { lastEventId: '20-0', retainsEventsAfter: true };
const trimmed = { lastEventId: '20-0', retainsEventsAfter: false };
const emptyPurged = { lastEventId: '0-0', retainsEventsAfter: false };

describe('checkSince: one rule for REST, feed and socket', () => {
  it.each([
    ['absent', undefined, full, 'ok'],
    ['null', null, full, 'ok'],
    ['absent on a trimmed log (from the start of what is kept)', undefined, trimmed, 'ok'],
    ['an id in the kept log', '10-0', full, 'ok'],
    ['the newest id', '20-0', full, 'ok'],
    ['the newest id on a trimmed log', '20-0', trimmed, 'ok'],
    ['"0-0" on a full log', '0-0', full, 'ok'],
    ['"0-0" on a trimmed log', '0-0', trimmed, 'gone'],
    ['"0-0" on an empty, purged log', '0-0', emptyPurged, 'ok'],
    ['an old id on an empty, purged log', '5-0', emptyPurged, 'invalid'],
    ['an id without its sequence', '10', full, 'ok'],
    ['an id before the kept log', '10-0', trimmed, 'gone'],
    ['newer than the newest (numbers, not text)', '100-0', full, 'invalid'],
    ['one sequence past the newest', '20-1', trimmed, 'invalid'],
    ['empty', '', full, 'invalid'],
    ['text', 'latest', full, 'invalid'],
    ['a leading zero', '010-0', full, 'invalid'],
    ['a Redis range word', '+', full, 'invalid'],
    ['an exclusive range', '(10-0', full, 'invalid'],
    ['three parts', '1-2-3', full, 'invalid'],
  ] as const)('%s (%j) → %s', (_what, since, log, expected: Verdict) => {
    const verdict = checkSince(since, log);
    expect(verdict.ok ? 'ok' : verdict.code).toBe(expected);
  });

  it('names the parameter and says what to do', () => {
    const malformed = checkSince('latest', full, 'lastEventId');
    expect(malformed).toMatchObject({ ok: false, code: 'invalid', params: { parameter: 'lastEventId' } });
    expect(!malformed.ok && malformed.message).toMatch(/^lastEventId="latest" is not an event id/);

    const newer = checkSince('100-0', full);
    expect(newer).toMatchObject({ ok: false, code: 'invalid', params: { parameter: 'since', lastEventId: '20-0' } });
    expect(!newer.ok && newer.message).toMatch(/^since=100-0 is newer than the newest event \(20-0\); reload the snapshot from GET \/api\/cases/);

    const gone = checkSince('10-0', trimmed);
    expect(gone).toMatchObject({ ok: false, code: 'gone', params: { parameter: 'since' } });
    expect(!gone.ok && gone.message).toMatch(/since=10-0 are no longer kept; load GET \/api\/cases/);
  });

  it('shortens a long malformed value in its message', () => {
    const verdict = checkSince('x'.repeat(5000), full);
    expect(!verdict.ok && verdict.message.length).toBeLessThan(250);
  });
});
