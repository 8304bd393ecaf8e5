// A move decided on the case a process holds in memory (kept from its stream tail) instead of a
// fresh read: when another process has changed the case meanwhile, the commit's version check
// refuses it and the move is decided again on a fresh read, so the answer (ok or a refusal) is
// the one the stored case gives. The change budget's token is taken in the commit's round
// trip: one token per move, whether it is stored, refused or retried. Two services on one real
// Redis stand for two processes, neither following the stream, so one's memory stays behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Case } from '../shared/case.ts';
import { loadConfig } from '../server/config.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { CaseService } from '../server/services/case-service.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { moveBudget } from '../server/security/move-budget.ts';
import { PrivacyService } from '../server/privacy/privacy-service.ts';
import { AuditLog } from '../server/audit/audit-log.ts';
import { keys } from '../server/store/keys.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';

const INST = 'bh-solsikken';
const actor = (id: string, role: Actor['role'] = 'member'): Actor => ({ id, username: id, name: id, role, institution: null });
const anna = actor('anna');
const bo = actor('bo');
const lead = actor('lene', 'lead');
/** Claims in the erasure tests, so the others' counts of cases in progress stay as they expect. */
const cai = actor('cai');

describe('moves decided on the state in memory', () => {
  let server: TestRedis;
  let redis: Redis;
  /** This process: decides on what it holds. */
  let here: CaseService;
  let hereStore: CaseStore;
  /** Another process on the same Redis, whose writes this one has not seen. */
  let there: CaseService;
  const settings = new SettingsHolder(loadConfig({ PORT: '0' }).rollout);

  beforeAll(async () => {
    server = await startTestRedis();
    redis = await connectRedis({ url: server.url });
    hereStore = new CaseStore(redis);
    here = new CaseService({ store: hereStore, settings, fromMemory: true });
    there = new CaseService({ store: new CaseStore(redis), settings });
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  async function created(description = 'Forælder kan ikke logge ind'): Promise<Case> {
    const r = await here.create({ title: 'Login fejler', description, institution: INST }, lead);
    if (!r.ok) throw new Error(r.error.message);
    // The case as this process holds it: the state its own commit left.
    expect(hereStore.states.latest(r.case.id)?.version).toBe(r.case.version);
    return r.case;
  }
  const stored = async (id: string) => (await hereStore.load(id))!;

  it('a claim on a case claimed elsewhere meanwhile is refused as a conflict, not stored twice', async () => {
    const c = await created();
    const theirs = await there.handle(c.id, { type: 'claim' }, bo);
    expect(theirs.ok).toBe(true);
    // Memory still says "new": the claim is decided on that, the commit finds the case moved on.
    expect(hereStore.states.latest(c.id)?.status).toBe('new');
    const mine = await here.handle(c.id, { type: 'claim' }, anna);
    expect(mine.ok).toBe(false);
    if (!mine.ok) {
      expect(mine.error.code).toBe('conflict');
      expect(mine.case?.assignee?.id).toBe('bo');
    }
    const now = await stored(c.id);
    expect(now.assignee?.id).toBe('bo');
    expect(now.version).toBe(c.version + 1);
    expect(await redis.lLen(keys.caseEvents(c.id))).toBe(2);
  });

  it('a move memory would refuse is tried on a fresh read, and goes through when the stored case allows it', async () => {
    const c = await created();
    expect((await here.handle(c.id, { type: 'claim' }, bo)).ok).toBe(true);
    expect((await there.handle(c.id, { type: 'release' }, bo)).ok).toBe(true);
    // Memory says Bo holds it; the stored case is free again.
    expect(hereStore.states.latest(c.id)?.assignee?.id).toBe('bo');
    const mine = await here.handle(c.id, { type: 'claim' }, anna);
    expect(mine.ok).toBe(true);
    expect((await stored(c.id)).assignee?.id).toBe('anna');
    expect(hereStore.states.latest(c.id)?.assignee?.id).toBe('anna');
  });

  it('a case erased since memory took it is not written back with the old texts', async () => {
    const secret = 'Barnets CPR står i beskeden 010101-1234';
    const c = await created(secret);
    // Its own store: the erasing process forgets its states; this one does not hear of it.
    const privacy = new PrivacyService(redis, new CaseStore(redis), new AuditLog(redis));
    expect(await privacy.erase(c.id)).not.toBeNull();
    expect(hereStore.states.latest(c.id)?.description).toBe(secret);
    const mine = await here.handle(c.id, { type: 'claim' }, anna);
    expect(mine.ok).toBe(true);
    const json = (await redis.hGet(keys.case(c.id), 'json'))!;
    expect(json).not.toContain('010101-1234');
    expect(JSON.parse(json).assignee.id).toBe('anna');
  });

  it('a move decided on a case read before an erasure is not written back with the old texts', async () => {
    const secret = 'Barnets CPR står i beskeden 020202-5678';
    const c = await created(secret);
    const privacy = new PrivacyService(redis, new CaseStore(redis), new AuditLog(redis));
    // Read fresh, as the intake and the HTTP moves do, then erased before the commit: same version, other texts.
    const readStore = new CaseStore(redis);
    const reader = new CaseService({ store: readStore, settings });
    const before = (await readStore.load(c.id))!;
    expect(before.description).toBe(secret);
    expect(await privacy.erase(c.id)).not.toBeNull();
    const mine = await reader.handle(c.id, { type: 'claim' }, cai, { loaded: before });
    expect(mine.ok).toBe(true);
    if (mine.ok) expect(mine.case.description).not.toContain('020202-5678');
    const json = (await redis.hGet(keys.case(c.id), 'json'))!;
    expect(json).not.toContain('020202-5678');
    expect(JSON.parse(json).assignee.id).toBe('cai');
  });

  it('a case erased again after it was read is not written back with the texts added between the two erasures', async () => {
    const c = await created('Første tekst');
    const privacy = new PrivacyService(redis, new CaseStore(redis), new AuditLog(redis));
    expect(await privacy.erase(c.id)).not.toBeNull();
    const secret = 'Ny note med CPR 030303-9012';
    expect((await there.handle(c.id, { type: 'note', text: secret, visibility: 'internal' }, bo)).ok).toBe(true);
    const readStore = new CaseStore(redis);
    const reader = new CaseService({ store: readStore, settings });
    const before = (await readStore.load(c.id))!;
    expect(JSON.stringify(before)).toContain('030303-9012');
    expect(await privacy.erase(c.id)).not.toBeNull();
    const mine = await reader.handle(c.id, { type: 'claim' }, cai, { loaded: before });
    expect(mine.ok).toBe(true);
    const json = (await redis.hGet(keys.case(c.id), 'json'))!;
    expect(json).not.toContain('030303-9012');
    expect(JSON.parse(json).assignee.id).toBe('cai');
  });

  it('takes one token per move from the budget: stored, refused or retried after a stale read; then rate_limited with the wait', async () => {
    // Three moves' worth, and a refill too slow to matter within the test.
    const budget = moveBudget(redis, { burst: 3, perSecond: 0.01 });
    const tokens = async () => Number(await redis.hGet(budget.bucket('anna').key, 'tokens'));
    const a = await created();
    const b = await created();
    expect((await here.handle(a.id, { type: 'claim' }, anna, { budget })).ok).toBe(true); // stored
    expect(await tokens()).toBeCloseTo(2, 1);
    expect((await there.handle(b.id, { type: 'claim' }, bo)).ok).toBe(true);
    const refused = await here.handle(b.id, { type: 'claim' }, anna, { budget }); // stale memory, then refused on the fresh read
    expect(refused.ok ? 'ok' : refused.error.code).toBe('conflict');
    expect(await tokens()).toBeCloseTo(1, 1);
    expect((await there.handle(b.id, { type: 'release' }, bo)).ok).toBe(true);
    // Memory says "new" (from before Bo's claim): stale at the commit, which took the token, and stored on the retry.
    const retried = await here.handle(b.id, { type: 'claim' }, anna, { budget });
    expect(retried.ok).toBe(true);
    expect(await tokens()).toBeCloseTo(0, 1);
    const c = await created();
    const limited = await here.handle(c.id, { type: 'claim' }, anna, { budget });
    expect(limited.ok).toBe(false);
    if (!limited.ok) {
      expect(limited.error.code).toBe('rate_limited');
      expect(limited.error.params).toMatchObject({ limit: 'moves' });
      expect(Number(limited.error.params?.seconds)).toBeGreaterThanOrEqual(1);
    }
    // Nothing was written for the refused move.
    expect((await stored(c.id)).status).toBe('new');
    // Other accounts keep their own budget.
    expect((await here.handle(c.id, { type: 'claim' }, bo, { budget })).ok).toBe(true);
  });
});
