import { describe, expect, test } from 'vitest';
import { parseSuperuserCsv } from './accounts.ts';

const INSTITUTIONS = new Set(['bh-solsikken', 'bh-regnbuen']);

describe('parseSuperuserCsv', () => {
  test('reads rows with or without the header; usernames lower-cased; quoted names keep their comma', () => {
    const r = parseSuperuserCsv('username,name,institution\nHelle-Sol,Helle Holm,bh-solsikken\nib,"Berg, Ib",bh-regnbuen', INSTITUTIONS);
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 2, username: 'helle-sol', name: 'Helle Holm', institution: 'bh-solsikken' },
        { line: 3, username: 'ib', name: 'Berg, Ib', institution: 'bh-regnbuen' },
      ],
    });
    expect(parseSuperuserCsv('ib;Berg, Ib;bh-regnbuen', INSTITUTIONS)).toMatchObject({ ok: true, rows: [{ name: 'Berg, Ib' }] });
  });

  test.each([
    ['ib,Ib,atlantis', /^Line 1: institution "atlantis" is not in the rollout config/],
    ['ib,,bh-solsikken', /^Line 1: the name is empty/],
    ['Ib Berg,Ib,bh-solsikken', /^Line 1: username "Ib Berg" is not valid/],
    ['ib,Ib', /^Line 1: expected 3 fields/],
    ['', /^Line 1: the file has no accounts/],
  ])('refuses %j', (csv, message) => {
    const r = parseSuperuserCsv(csv, INSTITUTIONS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  test('a username twice names both lines', () => {
    expect(parseSuperuserCsv('ib,Ib,bh-solsikken\n\nIB,Ib B,bh-regnbuen', INSTITUTIONS)).toEqual({
      ok: false,
      line: 3,
      message: 'Line 3: username "ib" is already on line 1; each superuser needs their own',
    });
  });
});
