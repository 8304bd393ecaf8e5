// The case and event exports against a real server and redis-server: titles a superuser might
// type (commas, quotes, line breaks, a leading "=", Danish letters) come back cell for cell;
// a cell that would start a formula comes back with a leading apostrophe, which is the
// protection (the spreadsheet shows it as text), not damage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import { readCsv } from '../shared/csv.ts';
import { CASE_COLUMNS, EVENT_COLUMNS } from '../shared/export-columns.ts';
import type { CaseEvent } from '../shared/events.ts';
import { shiftClock } from './helpers/fixed-instant.ts';
import { request, type Session } from './helpers/http.ts';
import { parseRfc4180 } from './helpers/rfc4180.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const TITLES = {
  comma: 'Kan ikke logge ind, "MitID" fejler',
  formula: '=HYPERLINK("http://evil.example","Klik her")',
  plus: '+45 forældre får ingen besked',
  danish: 'Børnehuset Ærø: Åse og Øjvind ser ingen billeder',
};
const MULTILINE = 'Linje et\r\nLinje to, med "citat"';

let stack: Stack;
let lead: Session, anna: Session, sol: Session, wall: Session;
const cases: Record<string, Case> = {};
let singleLineUntil: string;
const from = new Date(Date.now() - 3_600_000).toISOString();
const to = new Date(Date.now() + 3_600_000).toISOString();
const q = (f: string, t: string) => `from=${encodeURIComponent(f)}&to=${encodeURIComponent(t)}`;

beforeAll(async () => {
  stack = await startStack({ runWorkers: false });
  [lead, anna, sol, wall] = await loginAll(stack, [
    ['lead', 'lead'],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
    ['wall', 'viewer'],
  ]);
  for (const [key, title] of Object.entries(TITLES)) {
    const res = await sol.request('POST', '/api/cases', { title, description: `Beskrivelse af ${key}`, institution: INST });
    expect(res.status).toBe(201);
    cases[key] = res.body.case;
  }
  expect((await anna.request('POST', `/api/cases/${cases.comma.id}/resolve`, { resolution: '-1 virker ikke; prøv "Glemt kode"' })).status).toBe(200);
  await new Promise((r) => setTimeout(r, 20));
  singleLineUntil = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  const res = await sol.request('POST', '/api/cases', { title: MULTILINE, description: 'Første linje\nanden linje', institution: INST });
  expect(res.status).toBe(201);
  cases.multiline = res.body.case;
});
afterAll(() => stack?.close());

/** The raw download: fetch's text() would drop the BOM, which is part of what is tested. */
async function download(as: Session | null, path: string) {
  const res = await fetch(stack.baseUrl + path, { headers: as ? { cookie: as.cookie } : {} });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

const column = (rows: string[][], name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);

describe('cases export', () => {
  it('is CSV with a BOM, a download name with the range, and every title back cell for cell', async () => {
    const res = await download(lead, `/api/export/cases?${q('2026-11-30', '2026-12-05')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cases-2026-11-30-2026-12-05.csv"');

    const now = await download(lead, `/api/export/cases?${q(from, to)}`);
    expect(now.status).toBe(200);
    expect(now.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(now.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}T\d{4}-\d{4}-\d{2}-\d{2}T\d{4}\.csv"$/);
    expect([...now.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseRfc4180(now.text.slice(1));
    expect(rows[0]).toEqual([...CASE_COLUMNS]);
    expect(rows.every((r) => r.length === CASE_COLUMNS.length)).toBe(true);
    expect(column(rows, 'title')).toEqual([TITLES.comma, `'${TITLES.formula}`, `'${TITLES.plus}`, TITLES.danish, MULTILINE]);
    expect(column(rows, 'id')).toEqual([cases.comma.id, cases.formula.id, cases.plus.id, cases.danish.id, cases.multiline.id]);
    expect(column(rows, 'description')[4]).toBe('Første linje\nanden linje');
    expect(column(rows, 'resolution')[0]).toBe(`'-1 virker ikke; prøv "Glemt kode"`);
    expect(column(rows, 'institution_name')[0]).toBe('Børnehuset Solsikken');
    expect(column(rows, 'status')).toEqual(['resolved', 'new', 'new', 'new', 'new']);
    expect(column(rows, 'assignee')).toEqual(['anna', '', '', '', '']);
  });

  it("reads back through the lead's own CSV reader (one-line rows), with ; for Danish Excel too", async () => {
    for (const separator of ['comma', 'semicolon']) {
      const res = await download(lead, `/api/export/cases?${q(from, singleLineUntil)}&separator=${separator}`);
      const read = readCsv(res.text);
      if (!read.ok) throw new Error(read.message);
      const rows = read.rows.map((r) => r.fields);
      expect(rows[0]).toEqual([...CASE_COLUMNS]);
      expect(column(rows, 'title')).toEqual([TITLES.comma, `'${TITLES.formula}`, `'${TITLES.plus}`, TITLES.danish]);
    }
  });

  it('as JSON equals the cases', async () => {
    const res = await download(lead, `/api/export/cases?${q(from, to)}&format=json`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-.*\.json"$/);
    const all = (await lead.request('GET', '/api/cases')).body.cases as Case[];
    expect(JSON.parse(res.text)).toEqual({ cases: all });
    expect(all).toHaveLength(5);
  });

  it('keeps to the range, by when the case arrived', async () => {
    const before = await download(lead, `/api/export/cases?${q(from, singleLineUntil)}&format=json`);
    expect((JSON.parse(before.text).cases as Case[]).map((c) => c.id)).toEqual([cases.comma.id, cases.formula.id, cases.plus.id, cases.danish.id]);
    const after = await download(lead, `/api/export/cases?${q(singleLineUntil, to)}&format=json`);
    expect((JSON.parse(after.text).cases as Case[]).map((c) => c.id)).toEqual([cases.multiline.id]);
    const long = await download(lead, `/api/export/cases?${q('2020-01-01', '2020-02-01')}`);
    expect(parseRfc4180(long.text.slice(1))).toEqual([[...CASE_COLUMNS]]);
  });
});

describe('events export', () => {
  it('as JSON is the log in the range, without the case copies', async () => {
    const res = await download(anna, `/api/export/events?${q(from, to)}&format=json`);
    expect(res.status).toBe(200);
    const log = (await lead.request('GET', '/api/events')).body.events as CaseEvent[];
    expect(JSON.parse(res.text)).toEqual({ events: log.map(({ case: _c, ...e }) => e) });
    expect(log.map((e) => e.type)).toEqual(['case.created', 'case.created', 'case.created', 'case.created', 'case.claimed', 'case.resolved', 'case.created']);
  });

  it('as CSV has one row per event, the data as JSON', async () => {
    const res = await download(lead, `/api/export/events?${q(from, to)}`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="events-.*\.csv"$/);
    const rows = parseRfc4180(res.text.slice(1));
    expect(rows[0]).toEqual([...EVENT_COLUMNS]);
    expect(rows).toHaveLength(8);
    const created = rows.slice(1).filter((r) => r[2] === 'case.created').map((r) => JSON.parse(r[rows[0].indexOf('data')]).title);
    expect(created).toEqual([...Object.values(TITLES), MULTILINE]);
    expect(column(rows, 'actor_name')[4]).toBe('Anna Andersen');
  });

  it('keeps to the range, by when the event happened', async () => {
    const res = await download(lead, `/api/export/events?${q(singleLineUntil, to)}&format=json`);
    expect((JSON.parse(res.text).events as CaseEvent[]).map((e) => [e.type, e.caseId])).toEqual([['case.created', cases.multiline.id]]);
  });

  it("finds the range's events when this server's clock is hours off Redis's, which stamps the stream ids", async () => {
    const ownClock = Date;
    for (const hours of [3, -3]) {
      shiftClock(hours * 3_600_000);
      try {
        const around = q(new Date(Date.now() - 3_600_000).toISOString(), new Date(Date.now() + 3_600_000).toISOString());
        const made = (await sol.request('POST', '/api/cases', { title: `Uret går ${hours} timer forkert`, institution: INST })).body.case as Case;
        const res = await download(lead, `/api/export/events?${around}&format=json`);
        expect((JSON.parse(res.text).events as CaseEvent[]).map((e) => [e.type, e.caseId]), `${hours} hours`).toEqual([['case.created', made.id]]);
      } finally {
        globalThis.Date = ownClock;
      }
    }
  });
});

describe('who may export, and a bad query', () => {
  it('admits the lead and members only', async () => {
    for (const path of [`/api/export/cases?${q(from, to)}`, `/api/export/events?${q(from, to)}`]) {
      expect((await download(lead, path)).status).toBe(200);
      expect((await download(anna, path)).status).toBe(200);
      expect((await request(stack.baseUrl, 'GET', path, undefined, { cookie: wall.cookie })).status).toBe(403);
      const reporter = await request(stack.baseUrl, 'GET', path, undefined, { cookie: sol.cookie });
      expect(reporter.status).toBe(403);
      expect(reporter.body.error.code).toBe('forbidden');
      expect((await request(stack.baseUrl, 'GET', path)).status).toBe(401);
    }
  });

  it('says what to fix', async () => {
    const bad = async (query: string) => {
      const res = await lead.request('GET', `/api/export/cases?${query}`);
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    expect(await bad('format=xlsx')).toBe('format=xlsx is not known; use format=csv or format=json');
    expect(await bad('separator=tab')).toBe('separator=tab is not known; use separator=comma or separator=semicolon');
    expect(await bad('from=2026-12-05&to=2026-11-30')).toMatch(/must be before to/);
    expect(await bad('to=soon')).toMatch(/^to=soon is not a date or date-time/);
  });
});
