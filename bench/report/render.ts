// Renders a results JSON again after a change to the report code, without a new run:
// node --import tsx bench/report/render.ts [bench/results/latest.json]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { attachEvidence } from './evidence.ts';
import { finishReport, renderMarkdown } from './markdown.ts';
import type { BenchResults } from './results.ts';

const file = process.argv[2] ?? new URL('../results/latest.json', import.meta.url).pathname;
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
results.phaseNotes ??= [];
attachEvidence(results, path.dirname(file));
finishReport(results);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
const md = renderMarkdown(results) + '\n';
writeFileSync(file.replace(/\.json$/, '.md'), md);
console.log(md);
