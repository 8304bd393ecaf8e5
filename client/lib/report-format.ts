// Danish formats for the evaluation report, which is Danish whatever the board's language:
// it goes to the municipality's project group and its steering committee.
import { percentText } from './charts/stats-shape.ts';
import { format } from './i18n.svelte.ts';
import { da } from './i18n/da.ts';
import { formatSpan } from './sla-view.ts';
import { formatDate } from './when.ts';

const numberFormat = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

/** "12 min", "1 t 5 min", "2 d 3 t"; a dash when there was nothing to measure. */
export function daSpan(ms: number | null): string {
  return ms === null ? '–' : formatSpan(ms, (key, params) => format(da[key], params));
}

export function daPercent(share: number | null): string {
  return percentText(share, 'da') ?? '–';
}

/** "mandag 30. november" */
export function daDay(at: string | number): string {
  return formatDate(at, 'da', 'day');
}

/** "30. november 2026 – 6. december 2026"; `to` is exclusive, so the last day is the one before. */
export function daPeriod(from: string, to: string): string {
  return `${formatDate(from, 'da', 'date')} – ${formatDate(Date.parse(to) - 1, 'da', 'date')}`;
}

export function daStamp(at: Date): string {
  return formatDate(at, 'da', 'moment');
}

export function daNumber(n: number | null): string {
  return n === null ? '–' : numberFormat.format(n);
}
