// uPlot set up for the war room's time series: ticks on Danish hours and days whatever the
// browser's own time zone, and labels in the board's language.
import uPlot from 'uplot';
import { ROSTER_TIME_ZONE } from '../../../shared/roster.ts';
import type { Locale } from '../i18n.svelte.ts';
import { dateFormat } from '../when.ts';

export function timeFormats(locale: Locale) {
  return { hour: dateFormat(locale, 'time'), day: dateFormat(locale, 'shortDay'), full: dateFormat(locale, 'dayTime') };
}

/** The options every time chart shares; the caller adds its series and y scales. */
export function timeChartBase(locale: Locale, yLabel: string): Pick<uPlot.Options, 'tzDate' | 'axes' | 'legend' | 'cursor' | 'scales'> & { series: uPlot.Series[] } {
  const f = timeFormats(locale);
  const tickLabel = (s: number, incr: number) => {
    const at = s * 1000;
    // A tick on a Danish midnight names the day; hour ticks in between give the time.
    const midnight = f.hour.format(at) === '00:00';
    return incr >= 86_400 || midnight ? f.day.format(at) : f.hour.format(at);
  };
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), ROSTER_TIME_ZONE),
    scales: { x: { time: true } },
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [{ value: (_u, v) => (v === null ? '–' : f.full.format(v * 1000)) }],
    axes: [
      { values: (_u, splits, _axis, _space, incr) => splits.map((s) => tickLabel(s, incr)), stroke: '#374151', grid: { stroke: '#e5e7eb' } },
      { label: yLabel, stroke: '#374151', grid: { stroke: '#e5e7eb' } },
    ],
  };
}
