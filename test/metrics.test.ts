// GET /metrics: only with METRICS_TOKEN and its bearer token, Prometheus text, and counters and
// gauges that move with what happens on the board (a real server, Redis, boards and feed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';
import { bearerMatches } from '../server/metrics/metrics-routes.ts';
import type { Case } from '../shared/case.ts';
import { connectBoard, connectFeed } from './helpers/clients.ts';
import { request, type Session } from './helpers/http.ts';
import { parseMetrics, scrape, valueOf, type Sample } from './helpers/prometheus.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const TOKEN = 'test-metrics-token-0123456789abcdef';
const INST = 'bh-solsikken';

let stack: Stack;
let lead: Session, anna: Session, viewer: Session;

beforeAll(async () => {
  stack = await startStack({
    env: { METRICS_TOKEN: TOKEN, LOGIN_LIMIT_PER_USER: '3' },
    // An urgent case misses its claim deadline within seconds, so a breach can be counted.
    rollout: { sla: { urgent: { claimMinutes: 0.03 } } },
  });
  [lead, anna, viewer] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['wall', 'viewer'],
  ]);
});
afterAll(() => stack?.close());

const read = async () => (await scrape(stack.baseUrl, TOKEN)).samples;

/** Scrapes until `pred` holds, with a deadline. */
async function until(pred: (s: Sample[]) => boolean, what: string, timeoutMs = 10_000): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Sample[] = [];
  while (Date.now() < deadline) {
    last = await read();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const NAMES = [
  'warroom_boards_connected',
  'warroom_feeds_connected',
  'warroom_events_total',
  'warroom_stream_lag_seconds',
  'warroom_delivery_seconds',
  'warroom_queue_jobs',
  'warroom_sla_breaches_total',
  'warroom_rate_limited_total',
  'http_request_duration_seconds',
  'process_cpu_user_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_seconds',
];

describe('METRICS_TOKEN', () => {
  it('is optional, and a short or spaced token stops the start-up with a message naming it', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'sixteen chars with spaces' })).toThrow(/METRICS_TOKEN/);
  });

  it('is matched whole, as a bearer token', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
  });
});

describe('GET /metrics', () => {
  it('is not found on a server without METRICS_TOKEN, whatever the request brings', async () => {
    const other = await startServer(stack.redis, { runWorkers: false });
    try {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        const res = await request(other.baseUrl, 'GET', '/metrics', undefined, headers);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: { code: 'not_found' } });
      }
    } finally {
      await other.app.app.close();
    }
  });

  it('is not found without the bearer token or with a wrong one', async () => {
    for (const authorization of [undefined, `Bearer wrong-token-0123456789abcdef`, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await request(stack.baseUrl, 'GET', '/metrics', undefined, authorization ? { authorization } : {});
      expect(res.status, String(authorization)).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    // A signed-in board's cookie is no way in either.
    expect((await lead.request('GET', '/metrics')).status).toBe(404);
  });

  it('answers the token in Prometheus text format with every metric named', async () => {
    const { text, contentType } = await scrape(stack.baseUrl, TOKEN);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of NAMES) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    const samples = parseMetrics(text);
    for (const queue of ['intake', 'sla', 'retention']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(samples.some((s) => s.name === 'warroom_queue_jobs' && s.labels.queue === queue && s.labels.state === state), `${queue} ${state}`).toBe(true);
      }
    }
    const lag = samples.find((s) => s.name === 'warroom_stream_lag_seconds');
    expect(lag?.value).toBeGreaterThanOrEqual(0);
    expect(lag?.value).toBeLessThan(60);
  });

  it('has every metric the sample Grafana dashboard queries', async () => {
    const dashboard = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../docs/grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const queried = new Set(
      dashboard.panels
        .flatMap((p) => p.targets.map((t) => t.expr))
        .flatMap((expr) => [...expr.matchAll(/\b((?:warroom|http|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''))),
    );
    expect(queried.size).toBeGreaterThan(8);
    const { text } = await scrape(stack.baseUrl, TOKEN);
    for (const name of queried) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
  });

  it('counts a board, a feed, a new case, its delivery and its request', async () => {
    const before = await read();
    const board = connectBoard(stack.baseUrl, anna.cookie);
    const feed = connectFeed(stack.baseUrl, viewer.cookie);
    await Promise.all([board.synced, feed.opened]);
    const connected = await until(
      (s) =>
        valueOf(s, 'warroom_boards_connected', { role: 'member' }) === valueOf(before, 'warroom_boards_connected', { role: 'member' }) + 1 &&
        valueOf(s, 'warroom_feeds_connected') === valueOf(before, 'warroom_feeds_connected') + 1,
      'the board and the feed to be counted',
    );
    expect(valueOf(connected, 'warroom_boards_connected', { role: 'lead' })).toBe(valueOf(before, 'warroom_boards_connected', { role: 'lead' }));

    const created = await lead.request('POST', '/api/cases', { title: 'Forældre kan ikke logge ind', institution: INST });
    expect(created.status).toBe(201);
    const c = created.body.case as Case;
    await board.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.created'));
    const after = await until(
      (s) => valueOf(s, 'warroom_events_total', { type: 'case.created' }) === valueOf(before, 'warroom_events_total', { type: 'case.created' }) + 1,
      'case.created to be counted',
    );
    expect(valueOf(after, 'warroom_delivery_seconds_count')).toBeGreaterThan(valueOf(before, 'warroom_delivery_seconds_count'));
    const posted = { route: '/api/cases', method: 'POST', status: '201' };
    expect(valueOf(after, 'http_request_duration_seconds_count', posted)).toBe(valueOf(before, 'http_request_duration_seconds_count', posted) + 1);

    // The route's pattern is the label, never the path with the case's id.
    expect((await lead.request('GET', `/api/cases/${c.id}`)).status).toBe(200);
    const read2 = await read();
    const routes = new Set(read2.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes).toContain('/api/cases/:id');
    expect([...routes].filter((r) => r.includes(c.id))).toEqual([]);

    board.socket.close();
    feed.ws.close();
    await until(
      (s) =>
        valueOf(s, 'warroom_boards_connected', { role: 'member' }) === valueOf(before, 'warroom_boards_connected', { role: 'member' }) &&
        valueOf(s, 'warroom_feeds_connected') === valueOf(before, 'warroom_feeds_connected'),
      'the board and the feed to be gone from the count',
    );
  });

  it('counts a missed SLA deadline by its clock', async () => {
    const before = await read();
    const created = await lead.request('POST', '/api/cases', { title: 'Ingen kan tjekke ind', institution: INST, priority: 'urgent' });
    expect(created.status).toBe(201);
    const after = await until(
      (s) => valueOf(s, 'warroom_sla_breaches_total', { clock: 'claim' }) === valueOf(before, 'warroom_sla_breaches_total', { clock: 'claim' }) + 1,
      'the claim breach to be counted',
      20_000,
    );
    expect(valueOf(after, 'warroom_sla_breaches_total', { clock: 'resolve' })).toBe(valueOf(before, 'warroom_sla_breaches_total', { clock: 'resolve' }));
    expect(valueOf(after, 'warroom_events_total', { type: 'case.sla_breached' })).toBe(valueOf(before, 'warroom_events_total', { type: 'case.sla_breached' }) + 1);
  });

  it('counts a request refused for its budget, and is itself outside every budget', async () => {
    const before = await read();
    let status = 0;
    for (let i = 0; i < 4 && status !== 429; i++) {
      status = (await request(stack.baseUrl, 'POST', '/api/session', { username: 'nobody', password: 'wrong-password' })).status;
    }
    expect(status).toBe(429);
    const after = await read();
    expect(valueOf(after, 'warroom_rate_limited_total', { transport: 'http' })).toBe(valueOf(before, 'warroom_rate_limited_total', { transport: 'http' }) + 1);
    // Scraping as often as a busy Prometheus never runs into a limit.
    const answers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const res = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        // Read to the end: an unread body keeps the connection busy past the server's stop.
        await res.text();
        return res.status;
      }),
    );
    expect(new Set(answers)).toEqual(new Set([200]));
  });
});
