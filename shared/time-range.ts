// The date range and buckets of the statistics and exports. Ranges are half-open [from, to).
// A day is a Danish calendar day (23 or 25 hours at the summer-time switches), since the war
// room works Danish days; hours are whole UTC hours, which are whole Danish hours too.
import { formatRosterTime, parseRosterTime, ROSTER_TIME_ZONE } from './roster.ts';
import type { BucketSize } from './stats-schemas.ts';

export const BUCKET_SIZES: readonly BucketSize[] = ['hour', 'day'];
/** 2,000 hours is about twelve weeks: far past a rollout week, short of a slow chart. */
export const MAX_BUCKETS = 2000;
const HOUR = 3_600_000;

export interface TimeRange {
  from: number;
  to: number;
}

export type RangeResult = { ok: true; range: TimeRange; bucket: BucketSize } | { ok: false; message: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO date-time (with Z or an offset; without one it is Danish time) or a date, meaning the
 * start of that Danish day. An unencoded "+01:00" in a URL arrives as " 01:00" and is read as meant.
 */
export function parseInstant(text: string, timeZone = ROSTER_TIME_ZONE): number | null {
  const t = text.trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?) (\d{2}:?\d{2})$/i, '$1+$2');
  if (DATE_ONLY.test(t)) return parseRosterTime(`${t} 00:00`, timeZone)?.getTime() ?? null;
  // The roster's reader works to the second; milliseconds are added here so a range sent back keeps them.
  const fraction = /^(.*[T ]\d{2}:\d{2}:\d{2})\.(\d{1,3})(.*)$/i.exec(t);
  const whole = parseRosterTime(fraction ? fraction[1] + fraction[3] : t, timeZone)?.getTime() ?? null;
  return whole === null || !fraction ? whole : whole + Number(fraction[2].padEnd(3, '0'));
}

/** The start of the Danish day after the one `at` falls in. */
export function nextDayStart(at: number, timeZone = ROSTER_TIME_ZONE): number {
  const [y, m, d] = formatRosterTime(new Date(at), timeZone).slice(0, 10).split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return parseRosterTime(`${next} 00:00`, timeZone)!.getTime();
}

/** The rollout week from the config: `start` and `end` are dates (or date-times); the end day is included. */
export function rolloutRange(rollout: { start: string; end: string }, timeZone = ROSTER_TIME_ZONE): TimeRange | null {
  const from = parseInstant(rollout.start, timeZone);
  const endAt = parseInstant(rollout.end, timeZone);
  if (from === null || endAt === null) return null;
  const to = DATE_ONLY.test(rollout.end.trim()) ? nextDayStart(endAt, timeZone) : endAt;
  return to > from ? { from, to } : null;
}

/** Checks a query's from, to and bucket, each defaulting (the rollout week, hourly); the message says what to fix. */
export function readRange(
  query: { from?: string; to?: string; bucket?: string },
  defaults: TimeRange,
  opts: { buckets?: boolean; timeZone?: string } = {},
): RangeResult {
  const timeZone = opts.timeZone ?? ROSTER_TIME_ZONE;
  const read = (name: 'from' | 'to'): number | string => {
    const raw = query[name];
    if (raw === undefined || raw === '') return defaults[name];
    const at = parseInstant(raw, timeZone);
    return at ?? `${name}=${raw} is not a date or date-time; write e.g. 2026-11-30, 2026-11-30T08:00:00Z or 2026-11-30T09:00:00%2B01:00`;
  };
  const from = read('from');
  if (typeof from === 'string') return { ok: false, message: from };
  const to = read('to');
  if (typeof to === 'string') return { ok: false, message: to };
  if (from >= to) {
    return { ok: false, message: `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()}); the range is from, up to but not including to` };
  }
  const bucket = query.bucket === undefined || query.bucket === '' ? 'hour' : query.bucket;
  if (!(BUCKET_SIZES as readonly string[]).includes(bucket)) return { ok: false, message: `bucket=${bucket} is not known; use bucket=hour or bucket=day` };
  const size = bucket as BucketSize;
  if (opts.buckets !== false) {
    const count = bucketStarts({ from, to }, size, timeZone, MAX_BUCKETS + 1).length;
    if (count > MAX_BUCKETS) {
      return { ok: false, message: `from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} makes more than ${MAX_BUCKETS} ${size} buckets; choose bucket=day or a shorter range` };
    }
  }
  return { ok: true, range: { from, to }, bucket: size };
}

/** Bucket starts covering [from, to): the first is `from` itself, the rest fall on hour or day boundaries. */
export function bucketStarts(range: TimeRange, bucket: BucketSize, timeZone = ROSTER_TIME_ZONE, limit = Infinity): number[] {
  const starts = [range.from];
  let t = range.from;
  while (starts.length < limit) {
    t = bucket === 'hour' ? Math.floor(t / HOUR) * HOUR + HOUR : nextDayStart(t, timeZone);
    if (t >= range.to) break;
    starts.push(t);
  }
  return starts;
}
