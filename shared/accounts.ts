// Account rules both ends share: login names, and the superuser import the lead makes from
// the institutions' list (`username,name,institution`).
import { isHeader, readCsv } from './csv.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const USERNAME_RULE = 'lower-case letters, digits, dot, dash or underscore, 1-64 characters, starting with a letter or digit';
export const MAX_NAME_LENGTH = 120;
export const MAX_IMPORT_ACCOUNTS = 500;
export const SUPERUSER_CSV_COLUMNS = ['username', 'name', 'institution'] as const;

/**
 * The one form of a login name: the login, the account store and the login budget all key on
 * it, so " lead2", "LEAD2 " or a name typed with a non-breaking space are the same account and
 * share one budget. NFKC first: it turns a non-breaking space into a plain one and
 * full-width letters into ASCII, which trim and lower case then handle.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export interface SuperuserRow {
  line: number;
  username: string;
  name: string;
  institution: string;
}

export type SuperuserCsvResult = { ok: true; rows: SuperuserRow[] } | { ok: false; line: number; message: string };

/** All rows or the first bad line; checks what the file alone can show (existing accounts are the server's part). */
export function parseSuperuserCsv(text: string, institutionIds: ReadonlySet<string>): SuperuserCsvResult {
  const csv = readCsv(text);
  if (!csv.ok) return csv;
  const rows = csv.rows.filter((r, i) => !(i === 0 && isHeader(r, SUPERUSER_CSV_COLUMNS)));
  if (rows.length === 0) return { ok: false, line: 1, message: 'Line 1: the file has no accounts; write one line per superuser as username,name,institution' };
  if (rows.length > MAX_IMPORT_ACCOUNTS) {
    const over = rows[MAX_IMPORT_ACCOUNTS];
    return { ok: false, line: over.line, message: `Line ${over.line}: one import holds at most ${MAX_IMPORT_ACCOUNTS} accounts; split the file` };
  }
  const seen = new Map<string, number>();
  const out: SuperuserRow[] = [];
  for (const r of rows) {
    const fail = (message: string): SuperuserCsvResult => ({ ok: false, line: r.line, message: `Line ${r.line}: ${message}` });
    if (r.fields.length !== 3) return fail(`expected 3 fields username,name,institution but found ${r.fields.length}`);
    const [rawUsername, name, institution] = r.fields;
    const username = normalizeUsername(rawUsername);
    if (!USERNAME_PATTERN.test(username)) return fail(`username "${rawUsername}" is not valid; use ${USERNAME_RULE}`);
    if (seen.has(username)) return fail(`username "${username}" is already on line ${seen.get(username)}; each superuser needs their own`);
    if (name === '') return fail(`the name is empty; write the superuser's full name`);
    if (name.length > MAX_NAME_LENGTH) return fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
    if (!institutionIds.has(institution)) return fail(`institution "${institution}" is not in the rollout config; use its id, e.g. bh-solsikken`);
    seen.set(username, r.line);
    out.push({ line: r.line, username, name, institution });
  }
  return { ok: true, rows: out };
}
