import { describe, expect, it } from 'vitest';
import { CASE_CAPACITY } from '../../shared/case-capacity.ts';
import { da } from './i18n/da.ts';
import { en } from './i18n/en.ts';
import { format, type MessageKey } from './i18n.svelte.ts';
import { REFUSAL_CODES } from '../../shared/refusal-codes.ts';
import { errorText, refusalLine } from './messages.ts';
import { SETTINGS_REASONS } from '../../shared/settings.ts';

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

  it('never shows the server\'s English message', () => {
    expect(errorText({ code: 'conflict', message: 'The case is already claimed by Bo Berg', params: { status: 'claimed', holder: 'Bo Berg' } }, inDanish)).toBe(
      'Sagen er allerede taget af Bo Berg.',
    );
    expect(errorText({ code: 'no_such_code', message: 'Something English' }, inDanish)).toBe(da['refusal.unknown']);
  });
});

describe('every refusal code the server can send has a Danish and an English text', () => {
  const MESSAGE = 'ENGLISH-FROM-THE-SERVER';
  for (const code of REFUSAL_CODES) {
    it(code, () => {
      expect(Object.keys(da)).toContain(`refusal.${code}`);
      expect(Object.keys(en)).toContain(`refusal.${code}`);
      // Worded by the client with and without params, never the server's message or a bare placeholder.
      for (const params of [undefined, { holder: 'Anna Mikkelsen', status: 'claimed', username: 'bo', start: 'a', end: 'b', otherStart: 'c', otherEnd: 'd', seconds: 54, limit: 'login-user', line: 3, min: 10, max: 256, kind: 'notes' }]) {
        for (const t of [inDanish, inEnglish]) {
          const text = errorText({ code, message: MESSAGE, params }, t);
          expect(text).not.toContain(MESSAGE);
          expect(text).not.toMatch(/\{\w+\}/);
          expect(text.length).toBeGreaterThan(10);
        }
      }
    });
  }
});

describe('refusals named as a person sees them', () => {
  it('a lost claim race names the holder', () => {
    expect(errorText({ code: 'conflict', message: 'x', params: { status: 'claimed', holder: 'Anna Mikkelsen' } }, inDanish)).toBe('Sagen er allerede taget af Anna Mikkelsen.');
  });
  it('a roster overlap names the person and the times', () => {
    const params = { username: 'bo', start: '2026-11-30 12:00', end: '2026-11-30 16:00', otherStart: '2026-11-30 08:00', otherEnd: '2026-11-30 14:00' };
    expect(errorText({ code: 'roster_overlap', message: 'x', params }, inDanish)).toBe('bo er allerede booket 2026-11-30 08:00–2026-11-30 14:00, så vagten 2026-11-30 12:00–2026-11-30 16:00 overlapper.');
  });
  it('the login limit says how long to wait', () => {
    expect(errorText({ code: 'rate_limited', message: 'x', params: { limit: 'login-ip', seconds: 54 } }, inDanish)).toBe('For mange forsøg på at logge ind. Prøv igen om 54 sekunder.');
  });
  it('"afvist" only for a real refusal; a move that got no answer was not sent', () => {
    expect(refusalLine({ action: 'claim', code: 'conflict', message: 'x', params: { status: 'claimed', holder: 'Bo' } }, inDanish)).toMatch(/^Tag sagen blev afvist: /);
    expect(refusalLine({ action: 'claim', code: 'timeout', message: 'No answer' }, inDanish)).toMatch(/^Tag sagen blev ikke sendt: /);
    expect(refusalLine({ action: 'claim', code: 'offline', message: 'x' }, inDanish)).not.toContain('afvist');
  });
});

describe('a refused setting is worded with its field and its reason in both languages', () => {
  const refused = (field: string, reason: string) => ({ code: 'settings_invalid', message: 'ENGLISH', params: { field, reason } });
  it('every reason has words', () => {
    for (const reason of SETTINGS_REASONS) {
      expect(da[`settings.reason.${reason}` as MessageKey], reason).toBeTruthy();
      expect(en[`settings.reason.${reason}` as MessageKey], reason).toBeTruthy();
    }
  });
  it('a day that is on no calendar', () => {
    const da_ = errorText(refused('/institutions/1/goLive', 'not_a_date'), inDanish);
    expect(da_).toContain(da['settings.reason.not_a_date' as MessageKey]);
    expect(da_).toContain(da['settings.field.goLive' as MessageKey]);
    expect(errorText(refused('/support/helpCafes/0/start', 'not_a_date'), inEnglish)).toContain(en['settings.reason.not_a_date' as MessageKey]);
  });
});
