// The since check against the stored log, shared by GET /api/events, the feed and the socket.
import { checkSince, type SinceVerdict } from '../../shared/event-since.ts';
import { isEventId } from '../../shared/events.ts';
import { EMPTY_LOG_ID, type CaseStore } from './case-store.ts';

export async function sinceVerdict(
  store: Pick<CaseStore, 'lastEventId' | 'retainsEventsAfter'>,
  since: string | null | undefined,
  parameter?: string,
): Promise<SinceVerdict> {
  // Only a well-formed id is looked up; the rule refuses the rest without the log.
  if (since === null || since === undefined || !isEventId(since)) {
    return checkSince(since, { lastEventId: EMPTY_LOG_ID, retainsEventsAfter: true }, parameter);
  }
  const [lastEventId, retainsEventsAfter] = await Promise.all([store.lastEventId(), store.retainsEventsAfter(since)]);
  return checkSince(since, { lastEventId, retainsEventsAfter }, parameter);
}
