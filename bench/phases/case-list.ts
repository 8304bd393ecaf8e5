// GET /api/cases on a large store: `total` cases, `open` of them open, a few resolved in the
// last 24 hours and the rest resolved days ago, read by a team member as the browser asks
// for it (accept-encoding: br, gzip). The cases are shaped like ones the real intake took in
// (a few templates, enriched by the worker), written straight into Redis as the case store
// keeps them, and indexed by the store's own start-up indexing, run in-process: the way a
// store written before the indexes gets them (test/case-indexes.test.ts seeds the same way).
import http from 'node:http';
import zlib from 'node:zlib';
import { actorRef, type Actor, type Case } from '../../shared/case.ts';
import type { EventDraft } from '../../shared/events.ts';
import { evolve } from '../../shared/evolve.ts';
import { connectRedis } from '../../server/redis/connect.ts';
import { CaseStore } from '../../server/store/case-store.ts';
import { keys } from '../../server/store/keys.ts';
import { nowMs, sleep } from '../lib/clock.ts';
import { Histogram, rounded } from '../lib/histogram.ts';
import { JsonClient } from '../lib/http.ts';
import { caseBody } from '../load/case-text.ts';
import type { Ctx } from './context.ts';
import type { StoreStack } from './store-stack.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The answer's bytes as they came over the wire, and how long until the last of them. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; encoding: string; body: Buffer; ms: number }> {
  const started = nowMs();
  return new Promise((resolve, reject) => {
    const req = http.get(baseUrl + path, { headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: String(res.headers['content-encoding'] ?? 'identity'), body: Buffer.concat(chunks), ms: nowMs() - started }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  if (encoding === 'identity') return body;
  throw new Error(`unexpected content-encoding ${encoding}`);
}

/** Which of the `n` seeded cases are open: spread evenly over their ages. */
function spread(n: number, k: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < k; i++) out.add(Math.floor((i * n) / k));
  return out;
}

export async function caseList(ctx: Ctx, stack: StoreStack) {
  const { total, open, recentResolved, templates, repeats } = ctx.params.caseList;
  const base = stack.server.baseUrl;
  const redis = await connectRedis({ url: stack.redis.url });
  try {
    const seedStarted = Date.now();
    // Templates through the real intake, so the seeded cases carry what enrichment adds.
    const intake = new JsonClient(base, stack.intake.cookie, 4);
    const templateIds: string[] = [];
    try {
      for (let i = 0; i < templates; i++) {
        const r = await intake.request('POST', '/api/cases', caseBody(i, Date.now(), ctx.institutions));
        if (r.status !== 201) throw new Error(`POST /api/cases: ${r.status} ${JSON.stringify(r.body)}`);
        templateIds.push(r.body.case.id);
      }
    } finally {
      intake.close();
    }
    const until = Date.now() + 20_000;
    while ((await stack.redis.queueDepth()) > 0 && Date.now() < until) await sleep(100);
    const shapes: { fields: Record<string, string>; c: Case }[] = [];
    for (const id of templateIds) {
      const fields = await redis.hGetAll(keys.case(id));
      const c = JSON.parse(fields.json) as Case;
      if (!c.enrichedAt) throw new Error(`template case ${id} was not enriched within 20 s`);
      shapes.push({ fields, c });
    }

    // The rest written as the case store keeps them: the hash, and the creation index.
    const actor: Actor = { id: stack.member.id, username: stack.member.username, name: 'Bench Member', role: 'member', institution: null };
    const by = actorRef(actor);
    const now = Date.now();
    const firstId = Number(await redis.get(keys.caseSeq)) + 1;
    // Whatever the store already holds (the templates, a case of an earlier phase) counts in.
    const count = total - (await redis.zCard(keys.caseIndex));
    const openAt = spread(count, open - (await redis.zCard(keys.openCases)));
    const resolvedIdx = [...Array(count).keys()].filter((i) => !openAt.has(i));
    const recent = new Set(resolvedIdx.slice(-recentResolved));
    const span = 60 * DAY;
    for (let start = 0; start < count; start += 2_000) {
      const multi = redis.multi();
      for (let i = start; i < Math.min(count, start + 2_000); i++) {
        const id = String(firstId + i);
        const shape = shapes[i % shapes.length];
        // Created over 60 days up to two days ago, so no resolution lies before its creation.
        const createdMs = now - span + Math.floor((i * (span - 2 * DAY)) / count);
        const createdAt = new Date(createdMs).toISOString();
        const body = caseBody(i, createdMs, ctx.institutions);
        let c: Case = { ...shape.c, id, title: body.title, institution: body.institution, priority: body.priority, createdAt, updatedAt: createdAt, enrichedAt: createdAt, similar: [] };
        if (!openAt.has(i)) {
          // A few resolved in the last day (the board still shows them), the rest days ago.
          const resolvedMs = recent.has(i) ? now - DAY + HOUR + ((i * 7_919) % (22 * HOUR)) : createdMs + 2 * HOUR;
          const draft = { type: 'case.resolved', caseId: id, at: new Date(resolvedMs).toISOString(), actor: by, data: { resolution: 'Løst: forælderen kan logge ind igen efter opdateringen.' } } as EventDraft;
          c = evolve(c, draft);
        }
        multi.hSet(keys.case(id), { ...shape.fields, v: String(c.version), json: JSON.stringify(c) });
        multi.zAdd(keys.caseIndex, { score: createdMs, value: id });
      }
      await multi.exec();
    }
    await redis.set(keys.caseSeq, String(firstId + count - 1));
    // The store's own indexing of cases written without their indexes (what start-up runs).
    await redis.del(keys.caseIndexesBuilt);
    const indexed = await new CaseStore(redis).buildIndexesOnce();
    const openIndexed = await redis.zCard(keys.openCases);
    const seedMs = Date.now() - seedStarted;
    ctx.log(`case list: ${indexed?.length ?? 0} cases seeded and indexed in ${seedMs} ms, ${openIndexed} open`);
    if (openIndexed !== open) throw new Error(`the store holds ${openIndexed} open cases, not ${open}`);

    const headers = { cookie: stack.member.cookie, 'accept-encoding': 'br, gzip' };
    const times = new Histogram();
    let wire = 0;
    let raw = 0;
    let encoding = '';
    let answer: { cases: Case[] } = { cases: [] };
    for (let i = 0; i < repeats; i++) {
      const r = await rawGet(base, '/api/cases', headers);
      if (r.status !== 200) throw new Error(`GET /api/cases: ${r.status}`);
      times.add(r.ms);
      const plain = decode(r.body, r.encoding);
      wire = r.body.length;
      raw = plain.length;
      encoding = r.encoding;
      answer = JSON.parse(plain.toString('utf8'));
    }
    const openShown = answer.cases.filter((c) => c.status !== 'resolved').length;
    const expected = open + recentResolved;
    if (openShown !== open || answer.cases.length !== expected) {
      ctx.notes.push(`case list: the answer held ${answer.cases.length} cases (${openShown} open); the store was seeded for ${open} open and ${recentResolved} resolved in the last 24 h`);
    }
    return {
      total: indexed?.length ?? 0,
      open,
      recentResolved,
      seedMs,
      repeats,
      ms: rounded(times.summary()),
      cases: answer.cases.length,
      openShown,
      encoding,
      wireKB: Math.round((wire / 1024) * 10) / 10,
      rawKB: Math.round((raw / 1024) * 10) / 10,
      bytesPerCase: answer.cases.length ? Math.round(raw / answer.cases.length) : null,
    };
  } finally {
    await redis.close();
  }
}
