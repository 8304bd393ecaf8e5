// The CLI reads the rollout's settings as the lead saved them, not the config file: a centre
// added in the app takes superusers, a retired one does not, and the archive counts the
// retention from the rollout's end as it is now. On a new install it seeds them as the server would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../server/redis/connect.ts';
import { keys } from '../server/store/keys.ts';
import type { RolloutSettings } from '../shared/settings.ts';
import { login, type Session } from './helpers/http.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { startStack, type Stack } from './helpers/stack.ts';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-cli-settings-'));
let stack: Stack;
let lead: Session;
let fresh: TestRedis | undefined;

const cli = (args: string[], redisUrl: string, input = '') =>
  spawnSync(process.execPath, [path.join(root, 'bin/warroom.js'), ...args], { cwd: root, input, env: { ...process.env, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser('lead', 'lead-password', 'lead');
  lead = await login(stack.baseUrl, 'lead', 'lead-password');
  const before = (await lead.request('GET', '/api/settings')).body as RolloutSettings & { version: number };
  const saved = await lead.request('PUT', '/api/settings', {
    ...before,
    rollout: { ...before.rollout, name: 'Aula-udrulningen, forlænget', end: '2026-12-20' },
    institutions: [...before.institutions.map((i) => (i.id === 'bh-regnbuen' ? { ...i, retired: true } : i)), { id: 'bh-nyt-hus', name: 'Børnehuset Nyt Hus' }],
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => {
  await stack?.close();
  await fresh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI and the stored settings', { timeout: 120_000 }, () => {
  it('adds a superuser for a centre added in the app, and refuses one for a retired centre', () => {
    const added = cli(['user', 'add', 'nyt', '--role', 'reporter', '--institution', 'bh-nyt-hus'], stack.redisUrl, 'a-good-password\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Added reporter nyt');
    const retired = cli(['user', 'add', 'regn', '--role', 'reporter', '--institution', 'bh-regnbuen'], stack.redisUrl, 'a-good-password\n');
    expect(retired.status).toBe(1);
    expect(retired.stderr).toContain('Unknown institution "bh-regnbuen"');
  });

  it("archives with the rollout's name and end as saved", () => {
    const out = path.join(dir, 'archive');
    const res = cli(['archive', out], stack.redisUrl);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("(90 days after the rollout's end, 2026-12-20)");
    const html = readFileSync(path.join(out, 'evaluering.html'), 'utf8');
    expect(html).toContain('Aula-udrulningen, forlænget');
    expect(html).toContain('(20. december 2026)');
  });

  it('on a new install stores the config file as the first settings, as the server would', async () => {
    fresh = await startTestRedis();
    const added = cli(['user', 'add', 'sol', '--role', 'reporter', '--institution', 'bh-solsikken'], fresh.url, 'a-good-password\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const redis = await connectRedis({ url: fresh.url });
    try {
      expect(await redis.hmGet(keys.settings, ['version', 'by'])).toEqual(['1', 'config file']);
    } finally {
      await redis.close();
    }
  });
});
