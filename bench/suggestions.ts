// Answers before sending (issue 19, point 3): how long the server takes to answer
// GET /api/suggestions?text= while a superuser types, with 100 answers and 20 notices in the
// library (the issue asks for under 50 ms). Two lines:
//   - the match alone (shared/suggestions.ts), the first build, and the sync after an edit;
//   - the whole route in the real app on its own redis-server (session check, the library's
//     change counter, the match, the JSON), through Fastify's inject, so no socket is timed.
//
//   npm run bench:suggestions
//
// The library and the typing come from the labelled cases (test/fixtures/similar-cases.json):
// each answer is a labelled title with two of its words as tags, each notice a labelled title
// and description; a superuser "types" another labelled case, the query growing a word at a
// time. Wall-clock medians and percentiles after a warm-up; nothing here is asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { startLocalRedis } from '../server/redis/local-redis.ts';
import { labelledTexts, seededDraw } from './lib/labelled-material.ts';
import { SuggestionIndex, type SuggestibleAnswer, type SuggestibleNotice } from '../shared/suggestions.ts';

const ANSWERS = 100;
const NOTICES = 20;

const labelled = labelledTexts();
const { pick } = seededDraw(19);
const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 3);

const answers: SuggestibleAnswer[] = Array.from({ length: ANSWERS }, (_, i) => {
  const c = pick(labelled);
  return { id: String(i + 1), title: c.title, url: `https://www.aula.dk/vejledning/${i + 1}`, tags: [pick(words(c.description)) ?? 'aula', pick(words(c.title)) ?? 'aula'].map((t) => t.toLowerCase().slice(0, 40)) };
});
const notices: SuggestibleNotice[] = Array.from({ length: NOTICES }, (_, i) => {
  const c = pick(labelled);
  return { problemId: String(i + 1), title: c.title, message: c.description.slice(0, 1000) };
});

/** What the form sends as a superuser types: the title, then the description a few words at a time. */
function typing(count: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const c = pick(labelled);
    const all = `${c.title} ${c.description}`.split(/\s+/);
    for (let n = 2; n <= all.length && out.length < count; n += 3) out.push(all.slice(0, n).join(' '));
  }
  return out;
}

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1] };
}
const fmt = (ms: number) => `${ms < 1 ? ms.toFixed(3) : ms.toFixed(2)} ms`;
const line = (what: string, ms: number[]) => {
  const p = percentiles(ms);
  console.log(`  ${what.padEnd(40)} median ${fmt(p.median)}   p95 ${fmt(p.p95)}   p99 ${fmt(p.p99)}   max ${fmt(p.max)}   (${ms.length} requests)`);
};

function matchAlone(): void {
  const queries = typing(5000);
  const index = new SuggestionIndex({ answers, notices });
  for (const q of queries.slice(0, 500)) index.suggest(q);
  let shown = 0;
  const times = queries.map((q) => {
    const t = performance.now();
    shown += index.suggest(q).length;
    return performance.now() - t;
  });
  const builds = Array.from({ length: 50 }, () => {
    const t = performance.now();
    new SuggestionIndex({ answers, notices });
    return performance.now() - t;
  });
  // One answer edited: the others keep their terms.
  const syncs = Array.from({ length: 200 }, (_, i) => {
    const edited = answers.map((a, k) => (k === i % ANSWERS ? { ...a, title: `${a.title} (${i})` } : a));
    const t = performance.now();
    index.sync({ answers: edited, notices });
    return performance.now() - t;
  });
  line('match alone', times);
  line('first build (a process’s first request)', builds);
  line('sync after one answer is edited', syncs);
  console.log(`  (${(shown / queries.length).toFixed(2)} suggestions shown per keystroke on average)`);
}

async function wholeRoute(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-suggestions-'));
  const redis = await startLocalRedis({ dataDir: path.join(dir, 'redis'), reuse: false });
  const generous = { LOGIN_LIMIT_PER_IP: '1000000', LOGIN_LIMIT_PER_USER: '1000000', SOCKET_COMMAND_BURST: '1000000', SOCKET_COMMANDS_PER_SECOND: '1000000' };
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'warn', CLIENT_DIR: dir, ...generous });
  const built = await buildApp({ config, redisUrl: redis.url, logger: { level: 'warn' }, runWorkers: false });
  try {
    const { app, services } = built;
    const institution = config.rollout.institutions[0].id;
    const ids = new Set(config.rollout.institutions.map((i) => i.id));
    await services.users.add({ username: 'lead', password: 'lead-password', role: 'lead' }, ids);
    await services.users.add({ username: 'sol', password: 'sol-password', role: 'reporter', institution }, ids);
    const cookieOf = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: `${username}-password` } });
      return String(res.headers['set-cookie']).split(';')[0];
    };
    const lead = await cookieOf('lead');
    const origin = { cookie: lead };
    for (const a of answers) {
      const res = await app.inject({ method: 'POST', url: '/api/answers', headers: origin, payload: { title: a.title, url: a.url, languages: ['da'], tags: a.tags } });
      if (res.statusCode !== 201) throw new Error(`answer: ${res.statusCode} ${res.body}`);
    }
    for (const n of notices) {
      const made = await app.inject({ method: 'POST', url: '/api/problems', headers: origin, payload: { title: n.title } });
      const id = JSON.parse(made.body).problem.id as string;
      const res = await app.inject({ method: 'PUT', url: `/api/problems/${id}/notice`, headers: origin, payload: { message: n.message } });
      if (res.statusCode !== 200) throw new Error(`notice: ${res.statusCode} ${res.body}`);
    }
    const sol = await cookieOf('sol');
    const queries = typing(3000);
    const ask = (q: string) => app.inject({ method: 'GET', url: `/api/suggestions?text=${encodeURIComponent(q)}`, headers: { cookie: sol } });
    for (const q of queries.slice(0, 300)) await ask(q);
    const times: number[] = [];
    const cpu: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const c = process.cpuUsage();
      const res = await ask(q);
      const used = process.cpuUsage(c);
      times.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
      if (res.statusCode !== 200) throw new Error(`suggestions: ${res.statusCode} ${res.body}`);
    }
    line('GET /api/suggestions (whole route)', times);
    // On a busy machine the wall clock includes waiting for a core; this process's CPU time does not.
    line('  the same, this process’s CPU time', cpu);
  } finally {
    await built.app.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`suggestions bench: node ${process.version}, ${ANSWERS} answers and ${NOTICES} notices from ${labelled.length} labelled texts; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
matchAlone();
await wholeRoute();
