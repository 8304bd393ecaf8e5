import { describe, expect, it } from 'vitest';
import { CASE_CAPACITY } from '../../shared/case-capacity.ts';
import { da } from './i18n/da.ts';
import { en } from './i18n/en.ts';
import { format, type MessageKey } from './i18n.svelte.ts';
import { errorText } from './messages.ts';

const inDanish = (key: MessageKey, params?: Record<string, string | number>) => format(da[key], params);
const inEnglish = (key: MessageKey, params?: Record<string, string | number>) => format(en[key], params);

describe('errorText: a full case in the board language, with the limit in the words', () => {
  const notes = { code: 'case_full', message: 'The case already holds 200 notes…', params: { kind: 'notes', limit: CASE_CAPACITY.notes } };
  const text = { code: 'case_full', message: 'With this the case would hold…', params: { kind: 'text', limit: CASE_CAPACITY.textBytes } };

  it('says how many notes a case may hold', () => {
    expect(errorText(notes, inDanish)).toBe('Sagen har allerede 200 noter, og flere kan en sag ikke rumme. Opret en ny sag for at skrive videre.');
    expect(errorText(notes, inEnglish)).toContain('200 notes');
  });

  it('says how much text a case may hold, in KB', () => {
    expect(errorText(text, inDanish)).toContain('256 KB tekst');
    expect(errorText(text, inEnglish)).toContain('256 KB of text');
  });

  it('falls back to the shared limit when the refusal carries no params', () => {
    expect(errorText({ code: 'case_full', message: 'full' }, inDanish)).toContain('256 KB');
  });

  it('shows other server messages as sent', () => {
    expect(errorText({ code: 'conflict', message: 'The case is already claimed by Bo Berg' }, inDanish)).toBe('The case is already claimed by Bo Berg');
  });
});
