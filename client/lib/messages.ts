import { CASE_CAPACITY } from '../../shared/case-capacity.ts';
import { isRefusalCode } from '../../shared/refusal-codes.ts';
import { MAX_SHIFT_HOURS } from '../../shared/roster.ts';
import { ApiError } from './api.ts';
import { i18n } from './i18n.svelte.ts';
import type { MessageKey } from './i18n.svelte.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ErrorLike {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** The client's own codes for a move that never got an answer: it was not sent, not refused. */
const NOT_SENT = new Set(['offline', 'timeout', 'network']);

export function wasNotSent(error: Pick<ErrorLike, 'code'>): boolean {
  return NOT_SENT.has(error.code);
}

/**
 * Every word comes from the client's dictionaries, worded from the code and its params; the
 * server's English `message` is for API users and is never shown.
 */
export function errorText(error: ErrorLike, t: Translate): string {
  const p = error.params ?? {};
  switch (error.code) {
    case 'offline':
    case 'network':
      return t('error.offline');
    case 'timeout':
      return t('error.timeout');
    case 'case_full':
      return caseFullText(p, t);
    case 'conflict':
      if (p.holder !== undefined && p.status === 'claimed') return t('refusal.conflictTaken', p);
      if (p.holder !== undefined) return t('refusal.conflictHolder', p);
      if (typeof p.status === 'string') return t('refusal.conflictStatus', { status: t(`status.${p.status}` as MessageKey) });
      return t('refusal.conflict');
    case 'rate_limited':
      if (p.seconds === undefined) return t('refusal.rate_limited');
      return String(p.limit).startsWith('login') ? t('refusal.loginLimited', p) : t('refusal.rateLimitedSeconds', p);
    case 'invalid':
      return p.line !== undefined ? t('refusal.invalidLine', p) : t('refusal.invalid');
    case 'roster_invalid':
      if (p.line !== undefined) return t('refusal.rosterInvalidLine', p);
      return p.username !== undefined ? t('refusal.rosterInvalidUser', p) : t('refusal.roster_invalid');
    case 'roster_too_long':
      if (Object.keys(p).length === 0) return t('refusal.invalid');
      return t('refusal.roster_too_long', { hours: MAX_SHIFT_HOURS, ...p });
    case 'unknown_language':
      if (typeof p.lang !== 'string' || typeof p.known !== 'string') return t('refusal.invalid');
      return t('refusal.unknown_language', { lang: p.lang, known: p.known });
    case 'settings_invalid':
      if (typeof p.field !== 'string' || typeof p.reason !== 'string') return t('refusal.invalid');
      return t('refusal.settings_invalid', { field: settingsFieldLabel(p.field, t), reason: t(`settings.reason.${p.reason}` as MessageKey) });
    case 'roster_overlap':
    case 'roster_end_before_start':
    case 'user_exists':
    case 'username_format':
    case 'password_rule':
      // Without its params the text would show a placeholder; the plain word for the code is safer.
      if (Object.keys(p).length === 0) return t('refusal.invalid');
      return t(`refusal.${error.code}`, p);
  }
  return isRefusalCode(error.code) ? t(`refusal.${error.code}` as MessageKey, p) : t('refusal.unknown');
}

/** Any failure caught around a request as a refusal: its code, or `unknown` for a fault of our own. */
export function asRefusal(err: unknown): ErrorLike {
  if (err instanceof ApiError) return { code: err.isNetwork ? 'network' : err.code, message: err.message, params: err.params };
  return { code: 'unknown', message: err instanceof Error ? err.message : String(err) };
}

/** Any failure caught around a request, in the reader's words. */
export function failureText(err: unknown, t: Translate): string {
  return errorText(asRefusal(err), t);
}

/** A failed load in the reader's current language, for the stores that keep it as text. */
export function loadFailureText(err: unknown): string {
  return failureText(err, i18n.t);
}

/** "Tag sagen blev afvist: …" for a real refusal, "… blev ikke sendt: …" when no answer came. */
export function refusalLine(error: ErrorLike & { action: string }, t: Translate): string {
  const params = { action: t(`action.${error.action}` as MessageKey), message: errorText(error, t) };
  return wasNotSent(error) ? t('card.notSent', params) : t('card.refused', params);
}

/** "/support/helpCafes/2/end" as "Hjælpecafé 3 › slut": the field in the form's own words. */
export function settingsFieldLabel(pointer: string, t: Translate): string {
  const words: string[] = [];
  for (const part of pointer.split('/').filter((p) => p !== '')) {
    if (/^\d+$/.test(part) && words.length > 0) words[words.length - 1] += ` ${Number(part) + 1}`;
    else if (part !== 'support') {
      const key = `settings.field.${part}` as MessageKey;
      const word = t(key);
      words.push(word === key ? part : word);
    }
  }
  return words.length > 0 ? words.join(' › ') : t('settings.field.document');
}

function caseFullText(params: ErrorLike['params'], t: Translate): string {
  if (params?.kind === 'notes') return t('error.caseFullNotes', { limit: Number(params.limit ?? CASE_CAPACITY.notes) });
  const bytes = Number(params?.limit ?? CASE_CAPACITY.textBytes);
  return t('error.caseFullText', { limit: Math.round(bytes / 1024) });
}
