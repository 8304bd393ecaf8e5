// `npm ci` on the Node versions the README names must not warn that a dependency needs a newer
// Node: every package in the lock file admits them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The versions the README says are tested; 20.19 is the lowest the engines field admits. */
const TESTED = ['20.19.0', '20.20.2'];

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a, b, c];
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of a semver range: >=, >, <=, <, ^, ~, =, or a bare/x version ("20", "6.*", "10.x"). */
function admits(comparator: string, v: Version): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*v?([\d.x*]+)$/.exec(comparator.trim());
  if (!m) throw new Error(`cannot read the range "${comparator}"`);
  const [, op = '', raw] = m;
  const parts = raw.split('.').filter((p) => p !== 'x' && p !== '*');
  const base = parse(parts.join('.'));
  switch (op) {
    case '>=': return cmp(v, base) >= 0;
    case '>': return cmp(v, base) > 0;
    case '<=': return cmp(v, base) <= 0;
    case '<': return cmp(v, base) < 0;
    case '^': return v[0] === base[0] && cmp(v, base) >= 0;
    case '~': return v[0] === base[0] && v[1] === base[1] && cmp(v, base) >= 0;
    default:
      // A bare or x version matches on the parts it names.
      return parts.every((p, i) => v[i] === Number(p));
  }
}

function satisfies(range: string, version: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) => alt.trim().replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1').split(/\s+/).every((c) => admits(c, v)));
}

describe('the Node versions the README names are ones every dependency supports', () => {
  it('reads ranges as npm does', () => {
    expect(satisfies('>=22', '20.20.2')).toBe(false);
    expect(satisfies('^20.19.0 || >=22.12.0', '20.19.0')).toBe(true);
    expect(satisfies('6.* || 8.* || >= 10.*', '20.1.0')).toBe(true);
    expect(satisfies('>=16 || 14 >=14.17', '20.0.0')).toBe(true);
  });

  it('no package in the lock file needs a newer Node', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const refused: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      const range = !Array.isArray(pkg.engines) ? pkg.engines?.node : undefined;
      if (!range) continue;
      for (const version of TESTED) if (!satisfies(range, version)) refused.push(`${where || 'warroom'} needs node ${range}, not ${version}`);
    }
    expect(refused).toEqual([]);
  });

  it('the README and the engines field name the same versions', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    for (const version of TESTED) expect(satisfies(pkg.engines.node, version)).toBe(true);
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('Tested on Node.js 20');
  });
});
