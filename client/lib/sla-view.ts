// What a card says about its SLA: the one clock that matters in the case's state, how much
// time is left on it, and how urgent that is. Pure, so the thresholds are tested once.
import type { Case } from '../../shared/case.ts';
import { WARN_AT, timeLeftMs, usedMs, type SlaClockKind } from '../../shared/sla.ts';
import type { MessageKey } from './i18n.svelte.ts';

export type SlaLevelView = 'ok' | 'warning' | 'breached';

export interface SlaView {
  clock: SlaClockKind;
  /** Negative once the target has passed. */
  leftMs: number;
  level: SlaLevelView;
  /** The case waits on someone else, so its clock stands still. */
  paused: boolean;
}

/** Null when the case is done or its clock has no target. */
export function slaView(c: Case, now: number): SlaView | null {
  if (c.status === 'resolved') return null;
  const kind: SlaClockKind = c.status === 'new' ? 'claim' : 'resolve';
  const clock = c.sla[kind];
  const left = timeLeftMs(clock, now);
  if (left === null || clock.targetMs === null) return null;
  // The server's flags count too: its timer may fire before this board's clock ticks.
  const level: SlaLevelView =
    clock.breached || left <= 0 ? 'breached' : clock.warned || usedMs(clock, now) >= clock.targetMs * WARN_AT ? 'warning' : 'ok';
  return { clock: kind, leftMs: left, level, paused: clock.runningSince === null };
}

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A span of time, coarse like the card's age: minutes, hours, days. */
export function formatSpan(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return t('sla.underMinute');
  if (minutes < 60) return t('age.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('age.hours', { h: hours, m: minutes % 60 });
  return t('age.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** The words on the card, e.g. "12 min tilbage", "Overskredet med 3 min", "På pause · 40 min tilbage". */
export function slaText(view: SlaView, t: Translate): string {
  const span = formatSpan(view.leftMs, t);
  // "Overdue by under 1 min" says less than "Overdue".
  if (view.level === 'breached') return view.leftMs <= -60_000 ? t('sla.breachedBy', { time: span }) : t('sla.breached');
  return view.paused ? t('sla.pausedLeft', { time: span }) : t('sla.left', { time: span });
}
