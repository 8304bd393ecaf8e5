// `npx warroom archive [dir]`: the end-of-rollout record for the municipality, read from the
// data as it stands now (so every erasure already made is in it, and purged cases are not):
// the evaluation report as a printable HTML page, and the cases and the events as CSV for a
// spreadsheet, with Danish column names. A CLI may read every case and event; the server's
// requests never do.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Case } from '../../shared/case.ts';
import { csvLine, UTF8_BOM, writeCsv } from '../../shared/csv-write.ts';
import { CASE_COLUMNS, EVENT_COLUMNS, caseRow, eventRow } from '../../shared/export-columns.ts';
import { ERASED_TEXT } from '../../shared/privacy.ts';
import { viewProblem, type Problem } from '../../shared/problem.ts';
import type { Answer } from '../../shared/problem-schemas.ts';
import { StatsModel } from '../../shared/stats.ts';
import { danishDay, goLiveCurve } from '../../shared/go-live-curve.ts';
import type { Config } from '../config.ts';
import { retentionCutoff } from '../privacy/privacy-service.ts';
import type { Redis } from '../redis/connect.ts';
import { rolloutOrLastWeek } from '../routes/range-defaults.ts';
import { defaultRange } from '../../shared/default-range.ts';
import { unanswered } from '../services/answer-service.ts';
import { CaseStore } from '../store/case-store.ts';
import { keys } from '../store/keys.ts';
import { DocStore } from '../store/library-store.ts';
import { DeflectionStore } from '../store/deflection-store.ts';
import { countDeflections } from '../../shared/suggestions.ts';
import { RosterStore } from '../store/roster-store.ts';
import { renderArchiveReport } from './report-html.ts';
import { seededSettings } from '../settings/settings-store.ts';

/** Danish Excel opens a double-clicked file with ";" as its separator. */
const SEPARATOR = ';';
const PAGE = 1000;

export const CASE_HEADERS_DA: Record<(typeof CASE_COLUMNS)[number], string> = {
  id: 'Sag',
  title: 'Titel',
  description: 'Beskrivelse',
  institution: 'Institution (id)',
  institution_name: 'Institution',
  category: 'Kategori',
  priority: 'Prioritet',
  status: 'Status',
  reporter: 'Indmeldt af',
  assignee: 'Ansvarlig',
  resolution: 'Løsning',
  answer: 'Svar fra biblioteket',
  vendor_ref: 'Leverandørens sag',
  tags: 'Emner',
  created_at: 'Oprettet (UTC)',
  updated_at: 'Senest ændret (UTC)',
  sla_claim_minutes: 'Frist for at tage (min)',
  sla_claim_breached: 'Frist for at tage overskredet',
  sla_resolve_minutes: 'Frist for løsning (min)',
  sla_resolve_breached: 'Frist for løsning overskredet',
};

export const EVENT_HEADERS_DA: Record<(typeof EVENT_COLUMNS)[number], string> = {
  id: 'Hændelse',
  at: 'Tidspunkt (UTC)',
  type: 'Type',
  case_id: 'Sag',
  actor: 'Udført af',
  actor_name: 'Navn',
  institution: 'Institution (id)',
  status: 'Status efter',
  assignee: 'Ansvarlig efter',
  priority: 'Prioritet efter',
  data: 'Detaljer (JSON)',
};

export const ARCHIVE_FILES = { report: 'evaluering.html', cases: 'sager.csv', events: 'haendelser.csv' } as const;

export interface ArchiveSummary {
  dir: string;
  files: string[];
  cases: number;
  events: number;
  erased: number;
  /** When the cases and events are due for deletion (ms). */
  retentionAt: number;
  /** The rollout's last day as the settings say now: the retention is counted from it. */
  rolloutEnd: string;
}

/** The day a time falls on in UTC, as "2027-03-04": the retention is counted in whole UTC days (privacy-service.ts). */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Readable by its owner only. Made anew: a file already there would keep its own mode. */
async function writeNew(file: string, data: string): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, data, { mode: 0o600, flag: 'wx' });
}

export async function writeArchive(redis: Redis, config: Config, dir: string, now = new Date()): Promise<ArchiveSummary> {
  // The names and dates as the lead last saved them; the config file only seeds a new install.
  const rollout = (await seededSettings(redis, config.rollout)).settings;
  const store = new CaseStore(redis);
  const cases: Case[] = await store.list();
  // The events become CSV lines as they are read: a long log is not held with its cases.
  const eventLines = [UTF8_BOM + csvLine(EVENT_COLUMNS.map((c) => EVENT_HEADERS_DA[c]), SEPARATOR)];
  const model = new StatsModel();
  for (let since: string | null = null; ; ) {
    const page = await store.eventsAfter(since, PAGE);
    for (const e of page) {
      eventLines.push(csvLine(eventRow(e), SEPARATOR));
      model.apply(e);
    }
    if (page.length < PAGE) break;
    since = page[page.length - 1].id;
  }
  // The same period the report screen opens on: the rollout week when cases arrived in it, else
  // the days the cases cover.
  const range = defaultRange(rolloutOrLastWeek(rollout, now.getTime()), model).range;
  const stats = {
    ...model.query({ range, bucket: 'day', shifts: await new RosterStore(redis).get() }),
    deflections: countDeflections(await new DeflectionStore(redis).inRange(range.from, range.to)),
    goLive: goLiveCurve(model.state.arrivalDays, rollout.institutions, danishDay(now.getTime())),
  };

  const problems = await new DocStore<Problem>(redis, keys.problems).list();
  const answerDocs = await new DocStore<Answer>(redis, keys.answers).list();
  const uses = await store.answerUses(answerDocs.map((a) => a.id));
  const linked = (p: Problem) => cases.filter((c) => c.problem?.id === p.id);
  const library = answerDocs.map((a) => ({ id: a.id, title: a.title, languages: a.languages, uses: uses.get(a.id) ?? 0 }));

  const institutions = new Map(rollout.institutions.map((i) => [i.id, i.name]));
  const categories = new Map(rollout.categories.map((c) => [c.id, c.da]));
  const institutionName = (id: string) => institutions.get(id) ?? id;
  const retentionAt = retentionCutoff(rollout, config.retentionDaysAfterRollout);
  const erased = cases.filter((c) => c.title === ERASED_TEXT).length;

  await mkdir(dir, { recursive: true });
  const casesCsv = writeCsv(CASE_COLUMNS.map((c) => CASE_HEADERS_DA[c]), cases.map((c) => caseRow(c, institutionName)), SEPARATOR);
  const eventCount = eventLines.length - 1;
  const html = renderArchiveReport({
    rolloutName: rollout.rollout.name,
    stats,
    problems: problems.map((p) => viewProblem(p, linked(p))),
    answers: library,
    unanswered: unanswered(
      cases,
      problems.filter((p) => !p.answer).map((problem) => ({ problem, cases: linked(problem) })),
    ),
    institutionName,
    categoryName: (id) => categories.get(id) ?? id,
    madeAt: now,
    retention: { at: retentionAt, day: utcDay(retentionAt), days: config.retentionDaysAfterRollout, rolloutEnd: rollout.rollout.end },
    files: [
      { name: ARCHIVE_FILES.cases, what: 'alle sager, som de står nu', rows: cases.length },
      { name: ARCHIVE_FILES.events, what: 'alle hændelser, ældste først', rows: eventCount },
    ],
    counts: { cases: cases.length, events: eventCount, erased },
  });
  await writeNew(path.join(dir, ARCHIVE_FILES.cases), casesCsv);
  await writeNew(path.join(dir, ARCHIVE_FILES.events), eventLines.join(''));
  await writeNew(path.join(dir, ARCHIVE_FILES.report), html);
  return { dir, files: Object.values(ARCHIVE_FILES), cases: cases.length, events: eventCount, erased, retentionAt, rolloutEnd: rollout.rollout.end };
}
