// The evaluation report as one self-contained HTML page for the rollout archive: the figures
// of the board's report screen (#/report), in Danish, with print CSS for A4, ready to print or
// save as PDF. No scripts, fonts or images from elsewhere: the file reads the same in ten
// years. Every text from the data goes through esc(), as titles are typed by people.
import { PRIORITIES, type Priority } from '../../shared/case.ts';
import type { ProblemView } from '../../shared/problem.ts';
import { ROSTER_TIME_ZONE } from '../../shared/roster.ts';
import type { Stats } from '../../shared/stats-schemas.ts';
import type { LibraryAnswer, Unanswered } from '../../shared/problem-schemas.ts';

export interface ArchiveReportInput {
  rolloutName: string;
  stats: Stats;
  problems: ProblemView[];
  answers: Pick<LibraryAnswer, 'id' | 'title' | 'languages' | 'uses'>[];
  unanswered: Unanswered[];
  institutionName: (id: string) => string;
  categoryName: (id: string) => string;
  madeAt: Date;
  /** When the cases and events are due for deletion, and what sets it. */
  retention: { at: number; day: string; days: number; rolloutEnd: string };
  files: { name: string; what: string; rows: number }[];
  counts: { cases: number; events: number; erased: number };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

const dayFormat = new Intl.DateTimeFormat('da-DK', { weekday: 'long', day: 'numeric', month: 'long', timeZone: ROSTER_TIME_ZONE });
const dateFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ROSTER_TIME_ZONE });
const stampFormat = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: ROSTER_TIME_ZONE });
const decimal = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

const num = (n: number | null) => (n === null ? '–' : decimal.format(n));
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
/** "12 min", "1 t 5 min", "2 d 3 t". */
function span(ms: number | null): string {
  if (ms === null) return '–';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} t ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} t`;
}

const PRIORITY_NAMES: Record<Priority, string> = { urgent: 'Akut', high: 'Høj', normal: 'Normal', low: 'Lav' };
const PROBLEM_STATUS: Record<string, string> = { open: 'Åben', resolving: 'Løses', resolved: 'Løst' };
const LANGUAGES: Record<string, string> = { da: 'dansk', en: 'engelsk' };

const row = (head: string, cells: (string | number)[]) => `<tr><th scope="row">${head}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const table = (testid: string, heads: string[], rows: string[], empty: string) =>
  `<table data-testid="${testid}"><thead><tr>${heads.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.length > 0 ? rows.join('') : `<tr><td colspan="${heads.length}">${empty}</td></tr>`}</tbody></table>`;

const CSS = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111827;margin:0;background:#fff;line-height:1.4}
main{max-width:210mm;margin:0 auto;padding:14mm}
h1{font-size:24pt;margin:1mm 0}
h2{font-size:15pt;margin:8mm 0 2mm;border-bottom:1px solid #c8cfd8;padding-bottom:1mm}
h3{font-size:11pt;margin:4mm 0 1mm}
.kicker{margin:0;font-weight:600;color:#3b4a5a}
.note{color:#374151;font-size:9.5pt}
.key{display:grid;grid-template-columns:repeat(4,1fr);gap:3mm;margin:0}
.key div{border:1px solid #c8cfd8;border-radius:2mm;padding:2mm 3mm;break-inside:avoid}
.key dt{font-size:9pt;color:#374151}
.key dd{margin:0;font-size:16pt;font-weight:700}
table{border-collapse:collapse;width:100%;margin:1mm 0 3mm;font-size:10pt;break-inside:auto}
tr{break-inside:avoid}
th,td{border-bottom:1px solid #e1e5ea;padding:1mm 2mm;text-align:left;vertical-align:top}
td{font-variant-numeric:tabular-nums}
thead th{border-bottom:2px solid #9aa5b1}
.retention{border:2px solid #1f3a5f;border-radius:2mm;padding:3mm 4mm;margin:4mm 0}
.retention strong{font-size:13pt}
.retention h2{margin-top:0}
@media print{@page{size:A4;margin:14mm 14mm 16mm}main{max-width:none;padding:0}h2{break-after:avoid}section{break-inside:auto}}
`;

/** The whole page. */
/** "Det løste det": requests never sent because a notice or a guide shown while typing solved them (as the report screen words it). */
function deflectionSection(s: Stats, institutionName: (id: string) => string): string {
  const c = s.deflections ?? { total: 0, byTarget: [], byInstitution: [] };
  const tables =
    c.total === 0
      ? ''
      : `${table('report-deflections-by-target', ['Meddelelse eller vejledning', 'Løste'], c.byTarget.map((t) => row(`${esc(t.title)} (${t.kind === 'notice' ? 'meddelelse' : 'vejledning'})`, [t.count])), '')}
${table('report-deflections-by-institution', ['Institution', 'Løste'], c.byInstitution.map((i) => row(esc(institutionName(i.institution)), [i.count])), '')}`;
  return `<section aria-labelledby="report-deflections">
<h2 id="report-deflections">Løst før de blev sendt</h2>
<p data-testid="report-deflections-total">${c.total} ${c.total === 1 ? 'henvendelse blev' : 'henvendelser blev'} ikke sendt, fordi en meddelelse eller en vejledning, som superbrugeren fik vist undervejs, løste problemet.</p>
${tables}
</section>`;
}

const WEEK = 7;
const calendarDay = (day: string) => dateFormat.format(new Date(`${day}T12:00:00+01:00`));

/** The go-live waves as the report screen shows them: a column a day for the first week after go-live, the rest in one. */
function goLiveSection(s: Stats, institutionName: (id: string) => string): string {
  const curve = s.goLive;
  if (!curve) return '';
  const columns = Math.min(WEEK, Math.max(0, ...curve.centres.map((c) => c.counts.length)));
  const longer = curve.centres.some((c) => c.counts.length > WEEK || c.after > 0);
  const days = Array.from({ length: columns }, (_, i) => i);
  const heads = ['Institution', 'Go-live', 'Før', ...days.map((i) => `Dag ${i}`), ...(longer ? [`Dag ${WEEK}+`] : []), 'I alt'];
  const rows = curve.centres.map((c) =>
    row(`${esc(institutionName(c.institution))}${c.retired ? ' (udgået)' : ''}`, [
      esc(calendarDay(c.goLive)),
      c.before,
      ...days.map((i) => (i < c.counts.length ? c.counts[i] : '')),
      ...(longer ? [c.counts.slice(WEEK).reduce((a, b) => a + b, 0) + c.after] : []),
      c.total,
    ]),
  );
  const waiting = curve.noCase.map((c) => `<li>${esc(institutionName(c.institution))} (${c.goLive ? `go-live ${esc(calendarDay(c.goLive))}` : 'ingen go-live-dato'})</li>`);
  return `<section aria-labelledby="report-golive">
<h2 id="report-golive">Go-live-bølgerne</h2>
<p>Henvendelser pr. institution dag for dag efter dens egen go-live (dag 0 er go-live-dagen), efter go-live-datoerne, som de stod i indstillingerne ${esc(calendarDay(curve.today))}.</p>
${table('report-golive', heads, rows, 'Ingen institution har en go-live-dato.')}
<h3>Endnu ingen sag</h3>
${waiting.length > 0 ? `<ul data-testid="report-golive-nocase">${waiting.join('')}</ul>` : '<p>Alle institutioner har haft mindst én sag.</p>'}
</section>`;
}

export function renderArchiveReport(d: ArchiveReportInput): string {
  const s = d.stats;
  const totalHours = s.capacity.hours.reduce((a, b) => a + b, 0);
  const perHour = (arrivals: number, hours: number) => (hours > 0 ? Math.round((arrivals / hours) * 10) / 10 : null);
  const share = (n: number) => (s.arrivals.count > 0 ? `${Math.round((n / s.arrivals.count) * 100)} %` : '–');
  const period = `${dateFormat.format(new Date(s.from))} – ${dateFormat.format(new Date(Date.parse(s.to) - 1))}`;
  // The day is counted in UTC (privacy-service.ts); noon keeps it the same day in Danish time.
  const retentionDate = dateFormat.format(new Date(`${d.retention.day}T12:00:00Z`));
  const top = [...d.problems].sort((a, b) => b.caseIds.length - a.caseIds.length || b.institutions.length - a.institutions.length).slice(0, 15);
  const groups = d.unanswered.filter((u) => u.kind === 'similar').slice(0, 10);
  const used = [...d.answers].sort((a, b) => b.uses - a.uses || a.title.localeCompare(b.title, 'da'));
  const order = [...PRIORITIES].reverse();

  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evaluering af udrulningen – ${esc(d.rolloutName)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">War room · ${esc(d.rolloutName)}</p>
<h1>Evaluering af udrulningen</h1>
<p data-testid="report-period">Perioden ${esc(period)} · arkiveret ${esc(stampFormat.format(d.madeAt))}</p>
</header>

<section class="retention" aria-labelledby="archive-retention" data-testid="archive-retention">
<h2 id="archive-retention">Arkivet og dets opbevaring</h2>
<p><strong>Opbevares til og med ${esc(retentionDate)}.</strong></p>
<p>Systemet sletter sagerne og deres hændelser ${esc(d.retention.days)} dage efter udrulningens sidste dag (${esc(dateFormat.format(new Date(`${d.retention.rolloutEnd.slice(0, 10)}T12:00:00Z`)))}), dvs. efter ${esc(retentionDate)}; en sag, der er ændret senere, først når den har ligget urørt lige så længe. Dette arkiv indeholder de samme personoplysninger og bør slettes senest samme dato, medmindre kommunen har besluttet andet.</p>
<p>Arkivet består af denne rapport og filerne:</p>
<ul>${d.files.map((f) => `<li><code>${esc(f.name)}</code>: ${esc(f.what)} (${esc(f.rows)} rækker)</li>`).join('')}</ul>
<p class="note">CSV-filerne er UTF-8 med semikolon som skilletegn, så dansk Excel åbner dem med et dobbeltklik. En celle, der begynder med =, +, -, @ eller tabulator, har fået et ' foran, så regnearket viser den som tekst og ikke udfører den som en formel. ${d.counts.erased > 0 ? `Sager anonymiseret efter anmodning: ${esc(d.counts.erased)}; deres tekster står som [slettet], også her.` : 'Ingen sager er anonymiseret.'}</p>
</section>

<section aria-labelledby="report-summary">
<h2 id="report-summary">Kort fortalt</h2>
<dl class="key">
<div><dt>Henvendelser</dt><dd>${s.arrivals.count}</dd></div>
<div><dt>Løst</dt><dd>${s.answers.resolutions}</dd></div>
<div><dt>Tid til sagen tages (median)</dt><dd>${esc(span(s.timeToClaim.all.p50Ms))}</dd></div>
<div><dt>Tid til løsning (median)</dt><dd>${esc(span(s.timeToResolve.all.p50Ms))}</dd></div>
<div><dt>Taget inden for fristen</dt><dd>${pct(s.sla.claim.compliance)}</dd></div>
<div><dt>Løst inden for fristen</dt><dd>${pct(s.sla.resolve.compliance)}</dd></div>
<div><dt>Meldt ind til leverandøren</dt><dd>${pct(s.escalations.rate)}</dd></div>
<div><dt>Bookede timer</dt><dd>${num(totalHours)}</dd></div>
</dl>
</section>

<section aria-labelledby="report-volumes">
<h2 id="report-volumes">Henvendelser</h2>
<p>I alt <strong data-testid="report-arrivals">${s.arrivals.count}</strong> henvendelser i perioden.</p>
<h3>Pr. dag</h3>
${table('report-by-day', ['Dag', 'Henvendelser'], s.buckets.map((b, i) => row(esc(dayFormat.format(new Date(b.start))), [s.arrivals.total[i]])), 'Ingen dage.')}
<h3>Pr. institution</h3>
${table('report-by-institution', ['Institution', 'Antal', 'Andel'], s.arrivals.byInstitution.map((r) => row(esc(d.institutionName(r.institution)), [r.count, share(r.count)])), 'Ingen henvendelser.')}
<h3>Pr. kategori</h3>
${table('report-by-category', ['Kategori', 'Antal', 'Andel'], s.arrivals.byCategory.map((r) => row(esc(r.category === null ? 'Uden kategori' : d.categoryName(r.category)), [r.count, share(r.count)])), 'Ingen henvendelser.')}
</section>
${goLiveSection(s, d.institutionName)}

<section aria-labelledby="report-times">
<h2 id="report-times">Svar- og løsningstider</h2>
<p class="note">Tid til sagen tages regnes fra henvendelsen (eller genåbningen) til nogen tager den; tid til løsning er tid på uret, også mens sagen venter på superbrugeren eller leverandøren. p50 er medianen, p90 den tid 90 % af sagerne holdt sig inden for.</p>
${table(
  'report-times',
  ['Prioritet', 'Taget', 'p50', 'p90', 'Løst', 'p50', 'p90'],
  [
    ...order.map((p) => {
      const c = s.timeToClaim.byPriority[p];
      const r = s.timeToResolve.byPriority[p];
      return row(PRIORITY_NAMES[p], [c.count, esc(span(c.p50Ms)), esc(span(c.p90Ms)), r.count, esc(span(r.p50Ms)), esc(span(r.p90Ms))]);
    }),
    row('Alle', [s.timeToClaim.all.count, esc(span(s.timeToClaim.all.p50Ms)), esc(span(s.timeToClaim.all.p90Ms)), s.timeToResolve.all.count, esc(span(s.timeToResolve.all.p50Ms)), esc(span(s.timeToResolve.all.p90Ms))]),
  ],
  '',
)}
<h3>Overholdelse af servicemål</h3>
${table('report-sla', ['Frist', 'Overholdt', 'Overskredet', 'Andel'], [row('Sagen tages', [s.sla.claim.met, s.sla.claim.breached, pct(s.sla.claim.compliance)]), row('Sagen løses', [s.sla.resolve.met, s.sla.resolve.breached, pct(s.sla.resolve.compliance)])], '')}
<p class="note">Fristerne står stille, mens sagen venter på superbrugeren eller leverandøren.</p>
<h3>Meldt ind til leverandøren</h3>
<p data-testid="report-escalations">${s.escalations.cases} af ${s.arrivals.count} henvendelser (${pct(s.escalations.rate)}) blev meldt ind til leverandøren; ${s.escalations.events} indmeldinger i alt.</p>
</section>

<section aria-labelledby="report-staffing">
<h2 id="report-staffing">Bemanding mod belastning</h2>
<p>${num(totalHours)} bookede timer i war room mod ${s.arrivals.count} henvendelser: ${num(perHour(s.arrivals.count, totalHours))} henvendelser pr. booket time.</p>
${table('report-staffing', ['Dag', 'Personer på vagt', 'Bookede timer', 'Henvendelser', 'Pr. booket time'], s.buckets.map((b, i) => row(esc(dayFormat.format(new Date(b.start))), [s.capacity.people[i], num(s.capacity.hours[i]), s.arrivals.total[i], num(perHour(s.arrivals.total[i], s.capacity.hours[i]))])), 'Ingen dage.')}
</section>

<section aria-labelledby="report-recurring">
<h2 id="report-recurring">Problemer der gik igen</h2>
${top.length === 0 ? '<p>Ingen kendte problemer blev oprettet.</p>' : table('report-problems', ['Problem', 'Sager', 'Institutioner', 'Status', 'Leverandørens sag'], top.map((p) => row(esc(p.problem.title), [p.caseIds.length, p.institutions.length, esc(PROBLEM_STATUS[p.problem.status] ?? p.problem.status), esc(p.problem.vendorRef ?? '–')])), '')}
${groups.length > 0 ? `<h3>Ens sager fra flere institutioner uden fælles problem</h3>${table('report-groups', ['Første sag', 'Sager', 'Institutioner'], groups.map((g) => row(esc(g.title), [g.caseIds.length, g.institutions.length])), '')}` : ''}
</section>

<section aria-labelledby="report-answers">
<h2 id="report-answers">Brug af svarbiblioteket</h2>
<p data-testid="report-answer-share">${s.answers.withLibraryAnswer} af ${s.answers.resolutions} løste sager (${pct(s.answers.share)}) blev løst med et svar fra biblioteket.</p>
${used.length > 0 ? table('report-library', ['Svar', 'Sprog', 'Brugt'], used.map((a) => row(esc(a.title), [esc(a.languages.map((l) => LANGUAGES[l] ?? l).join(', ')), a.uses])), '') : '<p>Biblioteket havde ingen svar.</p>'}
</section>

${deflectionSection(s, d.institutionName)}

<footer class="note">
<p>Tallene er regnet ud fra sagernes hændelseslog (${d.counts.events} hændelser om ${d.counts.cases} sager). En genåbnet sag tæller som en ny løsning, men ikke som en ny henvendelse; en kategori er sagens kategori, som den står nu.</p>
</footer>
</main>
</body>
</html>
`;
}
