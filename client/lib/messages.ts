import { CASE_CAPACITY } from '../../shared/case-capacity.ts';
import type { MessageKey } from './i18n.svelte.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ErrorLike {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** The client's own failure codes and the refusals a person meets in daily work get a translated text; other server messages are shown as sent. */
export function errorText(error: ErrorLike, t: Translate): string {
  if (error.code === 'offline') return t('error.offline');
  if (error.code === 'timeout') return t('error.timeout');
  if (error.code === 'wip_limit') return t('error.wipLimit');
  if (error.code === 'rate_limited') return t('error.rateLimited');
  if (error.code === 'case_full') return caseFullText(error.params, t);
  return error.message;
}

function caseFullText(params: ErrorLike['params'], t: Translate): string {
  if (params?.kind === 'notes') return t('error.caseFullNotes', { limit: Number(params.limit ?? CASE_CAPACITY.notes) });
  const bytes = Number(params?.limit ?? CASE_CAPACITY.textBytes);
  return t('error.caseFullText', { limit: Math.round(bytes / 1024) });
}
