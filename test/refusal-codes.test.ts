// Every refusal code the server can send is in the one shared list the client's texts are
// checked against (client/lib/messages.test.ts). sendError is typed against the list; this
// also catches a code written straight into a reply or an acknowledgement.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../shared/refusal-codes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('refusal codes', () => {
  it('every code the server or the domain writes is in shared/refusal-codes.ts', () => {
    const found = new Map<string, string>();
    for (const file of [...sources('server'), ...sources('shared')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bcode: '([a-z_]+)'/g)) found.set(m[1], path.relative(ROOT, file));
      for (const m of text.matchAll(/\b(?:sendError\([^,]+,\s*\d+,|refuse\()\s*'([a-z_]+)'/g)) found.set(m[1], path.relative(ROOT, file));
    }
    expect(found.size).toBeGreaterThan(10);
    const missing = [...found].filter(([code]) => !(REFUSAL_CODES as readonly string[]).includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('the list is sorted and has no doubles, so additions merge cleanly', () => {
    expect([...REFUSAL_CODES]).toEqual([...new Set(REFUSAL_CODES)].sort());
  });
});
