// The open case lives in the address ("#/case/12"), so a link pasted in the team's chat opens
// the same case on a colleague's board. The board's query (filters, density) rides along, so
// the cards behind the drawer stay as they were.
import { queryOf } from './board-filter.svelte.ts';
import { viewQuery } from './view-params.ts';

const CASE_PATH = /^\/case\/([A-Za-z0-9_-]{1,64})(?:\?|$)/;

/** The case named in a hash path ("/case/12?density=compact" → "12"), or null. */
export function caseIdOf(path: string): string | null {
  return CASE_PATH.exec(path)?.[1] ?? null;
}

function withQuery(base: string, query: string): string {
  return query ? `${base}?${query}` : base;
}

/** The address of a case opened from `from`: the board's whole query, any other view's look only. */
export function caseAddress(caseId: string, from: string): string {
  const base = from.split('?')[0] || '/';
  const onBoard = base === '/' || caseIdOf(from) !== null;
  return withQuery(`/case/${encodeURIComponent(caseId)}`, onBoard ? queryOf(from) : viewQuery(queryOf(from)));
}

/** The board behind a case's address, with the same query. */
export function boardAddress(path: string): string {
  return withQuery('/', queryOf(path));
}
