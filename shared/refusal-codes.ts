// Every refusal the server sends names one of these codes, with the params its text needs.
// The client words each code itself, in Danish and English; the server's `message` is English
// for API users only. Add a code here (one line, kept sorted) and give it a text in both languages.
export const REFUSAL_CODES = [
  'busy',
  'case_full',
  'conflict',
  'forbidden',
  'gone',
  'internal',
  'invalid',
  'not_found',
  'not_suggested',
  'own_account',
  'password_rule',
  'rate_limited',
  'roster_end_before_start',
  'roster_invalid',
  'roster_overlap',
  'roster_too_long',
  'settings_invalid',
  'settings_stale',
  'too_large',
  'unauthorized',
  'unavailable',
  'unknown_language',
  'unsupported_media_type',
  'upgrade_required',
  'user_exists',
  'username_format',
  'wip_limit',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** What a refusal's text needs: a name, a time, a number; never an internal id alone. */
export type RefusalParams = Record<string, string | number>;

export function isRefusalCode(code: string): code is RefusalCode {
  return (REFUSAL_CODES as readonly string[]).includes(code);
}
