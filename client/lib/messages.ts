import type { MessageKey } from './i18n.svelte.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The client's own failure codes get a translated text; the server's messages are shown as sent. */
export function errorText(error: { code: string; message: string }, t: Translate): string {
  if (error.code === 'offline') return t('error.offline');
  if (error.code === 'timeout') return t('error.timeout');
  if (error.code === 'wip_limit') return t('error.wipLimit');
  return error.message;
}
