// The board's filter lives in the address ("#/?q=mitid&prio=urgent"), so a reload or a
// shared link shows the same cards; this class reads and writes it there.
import { EMPTY_FILTER, filterQuery, isFiltered, parseFilter, type BoardFilter } from '../../shared/board-filter.ts';
import { viewQuery } from './view-params.ts';

export interface RouteLike {
  readonly path: string;
  go(path: string): void;
}

/** The query part of a hash path: "/?q=x" → "q=x". */
export function queryOf(path: string): string {
  const at = path.indexOf('?');
  return at === -1 ? '' : path.slice(at + 1);
}

export class BoardFilters {
  readonly #route: RouteLike;

  constructor(route: RouteLike) {
    this.#route = route;
  }

  get value(): BoardFilter {
    return parseFilter(queryOf(this.#route.path));
  }

  get active(): boolean {
    return isFiltered(this.value);
  }

  set(patch: Partial<BoardFilter>): void {
    // The board's look (e.g. its density) stays in the address whatever the filter does.
    const query = [filterQuery({ ...this.value, ...patch }), viewQuery(queryOf(this.#route.path))].filter(Boolean).join('&');
    const base = this.#route.path.split('?')[0] || '/';
    this.#route.go(query ? `${base}?${query}` : base);
  }

  clear(): void {
    this.set(EMPTY_FILTER);
  }
}
