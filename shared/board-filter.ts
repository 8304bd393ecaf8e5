// Board filters: which cards a person wants to see, kept in the address so a filtered
// board can be shared or reloaded. Pure, so the same rules hold on any screen.
import { PRIORITIES, STATUSES, type Case, type CaseStatus, type Priority } from './case.ts';
import { normalise } from './enrich.ts';

/** "none" matches unassigned cases; any other value is a user id. */
export const UNASSIGNED = 'none';

export interface BoardFilter {
  q: string;
  institution: string | null;
  category: string | null;
  priority: Priority | null;
  assignee: string | null;
  status: CaseStatus | null;
  /** "today": only the centres whose go-live day is today (Danish), the wave the war room watches. */
  wave: Wave | null;
}

export const WAVES = ['today'] as const;
export type Wave = (typeof WAVES)[number];

export const EMPTY_FILTER: BoardFilter = { q: '', institution: null, category: null, priority: null, assignee: null, status: null, wave: null };

// Short parameter names keep a shared address readable: #/?q=mitid&prio=urgent
const PARAMS = { q: 'q', institution: 'inst', category: 'cat', priority: 'prio', assignee: 'who', status: 'status', wave: 'live' } as const;

const text = (v: string | null) => (v && v.trim() !== '' ? v.trim() : null);
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (v && (list as readonly string[]).includes(v) ? (v as T) : null);

/** Reads a filter from a query string ("q=mitid&prio=urgent", with or without "?"); unknown values are dropped. */
export function parseFilter(query: string): BoardFilter {
  const p = new URLSearchParams(query.replace(/^\?/, ''));
  return {
    // Not trimmed: the search box is read back from the address while someone types "mit id".
    q: p.get(PARAMS.q) ?? '',
    institution: text(p.get(PARAMS.institution)),
    category: text(p.get(PARAMS.category)),
    priority: oneOf(PRIORITIES, p.get(PARAMS.priority)),
    assignee: text(p.get(PARAMS.assignee)),
    status: oneOf(STATUSES, p.get(PARAMS.status)),
    wave: oneOf(WAVES, p.get(PARAMS.wave)),
  };
}

/** The query string for a filter, without "?"; empty for no filter. Parameter order is fixed, so equal filters give equal addresses. */
export function filterQuery(filter: BoardFilter): string {
  const p = new URLSearchParams();
  // The search box keeps the spaces a person is typing; only the ends are trimmed when matching.
  if (filter.q.trim() !== '') p.set(PARAMS.q, filter.q);
  for (const key of ['institution', 'category', 'priority', 'assignee', 'status', 'wave'] as const) {
    const v = filter[key];
    if (v) p.set(PARAMS[key], v);
  }
  return p.toString();
}

export function isFiltered(filter: BoardFilter): boolean {
  return filterQuery(filter) !== '';
}

export interface FilterNames {
  institutionName(id: string): string;
  /** Whether a centre's go-live day is today; the board works it out once per filter, not per card. */
  wentLiveToday?(institution: string): boolean;
}

/** A matcher for one filter; the search words are prepared once, not per card. */
export function caseMatcher(filter: BoardFilter, names: FilterNames): (c: Case) => boolean {
  // Every word must appear somewhere; accents and case do not matter ("mitid" finds "MitID").
  const words = normalise(filter.q).split(' ').filter(Boolean);
  return (c) => {
    if (filter.institution && c.institution !== filter.institution) return false;
    if (filter.category && c.category !== filter.category) return false;
    if (filter.priority && c.priority !== filter.priority) return false;
    if (filter.status && c.status !== filter.status) return false;
    if (filter.wave === 'today' && !names.wentLiveToday?.(c.institution)) return false;
    if (filter.assignee) {
      if (filter.assignee === UNASSIGNED ? c.assignee !== null : c.assignee?.id !== filter.assignee) return false;
    }
    if (words.length === 0) return true;
    const haystack = normalise(`${c.title} ${c.description} ${names.institutionName(c.institution)} ${c.institution}`);
    return words.every((w) => haystack.includes(w));
  };
}
