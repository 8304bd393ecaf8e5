import type { MessageKey } from './i18n.svelte.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** How long a case has waited, coarse on purpose: the board is read from across a room. */
export function formatAge(sinceIso: string, now: Date, t: Translate): string {
  const ms = now.getTime() - new Date(sinceIso).getTime();
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return t('age.justNow');
  if (minutes < 60) return t('age.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('age.hours', { h: hours, m: minutes % 60 });
  return t('age.days', { d: Math.floor(hours / 24), h: hours % 24 });
}
