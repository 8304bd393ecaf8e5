// Exports for the rollout evaluation: the cases (by when they arrived) and the event log (by
// when each event happened), as CSV for a spreadsheet or JSON. The lead and the members may
// export; they see every case and internal note on the board anyway. Rows are streamed, so a
// long log does not sit in memory; if Redis fails midway the download breaks off rather than
// ending as a file that looks complete.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { csvLine, UTF8_BOM, type CsvValue } from '../../shared/csv-write.ts';
import { CASE_COLUMNS, EVENT_COLUMNS, caseRow, eventRow, exportedEvent } from '../../shared/export-columns.ts';
import type { CaseEvent } from '../../shared/events.ts';
import { CasesDownload, EventsDownload, ExportQuery, type ExportQueryValue } from '../../shared/export-schemas.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { formatRosterTime } from '../../shared/roster.ts';
import { readRange, type TimeRange } from '../../shared/time-range.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { Redis } from '../redis/connect.ts';
import { rolloutOrLastWeek } from './range-defaults.ts';

const SEPARATORS: Record<string, string> = { comma: ',', semicolon: ';' };
const PAGE = 1000;
/**
 * Stream ids are Redis's clock, `at` the deciding node's: the ids are sought at Redis's time of the
 * range (this server's clock need not agree with Redis's), widened by this for the other nodes'
 * clocks, then `at` decides.
 */
const CLOCK_MARGIN_MS = 3_600_000;
/** Chunks of about this size go to the socket, rather than one write per row. */
const CHUNK = 64 * 1024;

type Options = { range: TimeRange; format: 'csv' | 'json'; separator: string };

/** How far Redis's clock is ahead of this server's, in whole milliseconds. */
async function redisClockAhead(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - Date.now();
}

function readOptions(query: ExportQueryValue, defaults: TimeRange): { ok: true; options: Options } | { ok: false; message: string } {
  const read = readRange({ from: query.from, to: query.to }, defaults, { buckets: false });
  if (!read.ok) return read;
  const format = query.format || 'csv';
  if (format !== 'csv' && format !== 'json') return { ok: false, message: `format=${format} is not known; use format=csv or format=json` };
  const separator = SEPARATORS[query.separator || 'comma'];
  if (!separator) return { ok: false, message: `separator=${query.separator} is not known; use separator=comma or separator=semicolon` };
  return { ok: true, options: { range: read.range, format, separator } };
}

/** "2026-11-30" at a Danish midnight, else "2026-11-30T0815" (Danish time): no colons, which Windows refuses in names. */
function fileStamp(at: number): string {
  const wall = formatRosterTime(new Date(at));
  return wall.endsWith(' 00:00') ? wall.slice(0, 10) : wall.replace(' ', 'T').replace(':', '');
}

async function* chunked(parts: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

function* csvParts(header: readonly string[], rows: Iterable<CsvValue[]>, separator: string) {
  yield UTF8_BOM + csvLine(header, separator);
  for (const row of rows) yield csvLine(row, separator);
}

async function* csvPartsAsync(header: readonly string[], rows: AsyncIterable<CsvValue[]>, separator: string) {
  yield UTF8_BOM + csvLine(header, separator);
  for await (const row of rows) yield csvLine(row, separator);
}

async function* jsonParts(key: string, items: AsyncIterable<unknown> | Iterable<unknown>) {
  yield `{"${key}":[`;
  let first = true;
  for await (const item of items) {
    yield (first ? '' : ',') + JSON.stringify(item);
    first = false;
  }
  yield ']}';
}

function send(reply: FastifyReply, name: string, options: Options, parts: AsyncIterable<string> | Iterable<string>) {
  const ext = options.format;
  const file = `${name}-${fileStamp(options.range.from)}-${fileStamp(options.range.to)}.${ext}`;
  return reply
    .header('content-type', ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunked(parts)));
}

export async function exportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store, sessions, users, redis, settings } = app.services;
  const exporters = requireRole(sessions, users, ['lead', 'member']);
  const institutionName = (id: string) => settings.current.institutionNames.get(id) ?? id;
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 503: ErrorSchema };

  app.get('/api/export/cases', { preHandler: exporters, schema: { querystring: ExportQuery, response: { 200: CasesDownload, ...errors } } }, async (request, reply) => {
    const read = readOptions(request.query, rolloutOrLastWeek(settings.current.settings));
    if (!read.ok) return sendError(reply, 400, 'invalid', read.message);
    const { range, format, separator } = read.options;
    const cases = await store.createdBetween(range.from, range.to);
    const parts = format === 'json' ? jsonParts('cases', cases) : csvParts(CASE_COLUMNS, cases.map((c) => caseRow(c, institutionName)), separator);
    return send(reply, 'cases', read.options, parts);
  });

  app.get('/api/export/events', { preHandler: exporters, schema: { querystring: ExportQuery, response: { 200: EventsDownload, ...errors } } }, async (request, reply) => {
    const read = readOptions(request.query, rolloutOrLastWeek(settings.current.settings));
    if (!read.ok) return sendError(reply, 400, 'invalid', read.message);
    const { range, format, separator } = read.options;
    // The first page is read before answering, so a Redis failure is still a clean 503.
    const ahead = await redisClockAhead(redis);
    const first = await store.eventsAfter(`${Math.max(0, range.from + ahead - CLOCK_MARGIN_MS)}-0`, PAGE);
    async function* events(): AsyncGenerator<CaseEvent> {
      let page = first;
      for (;;) {
        for (const e of page) {
          const at = Date.parse(e.at);
          if (at >= range.from && at < range.to) yield e;
        }
        const last = page[page.length - 1];
        if (page.length < PAGE || Number(last.id.split('-')[0]) > range.to + ahead + CLOCK_MARGIN_MS) return;
        page = await store.eventsAfter(last.id, PAGE);
      }
    }
    async function* rows() {
      for await (const e of events()) yield eventRow(e);
    }
    async function* forJson() {
      for await (const e of events()) yield exportedEvent(e);
    }
    const parts = format === 'json' ? jsonParts('events', forJson()) : csvPartsAsync(EVENT_COLUMNS, rows(), separator);
    return send(reply, 'events', read.options, parts);
  });
}
