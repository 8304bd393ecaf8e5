// How much of each case a card shows. Compact (one or two lines) lets a column hold a rollout
// week's cases; comfortable is the full card. The address ("#/?density=comfortable") wins, so a
// shared link shows the same board; otherwise the choice last made in this browser; otherwise
// the default for the role.
import { storage } from './storage.ts';
import { withParam } from './view-params.ts';
import { queryOf, type RouteLike } from './board-filter.svelte.ts';

export const DENSITIES = ['compact', 'comfortable'] as const;
export type Density = (typeof DENSITIES)[number];
export const DENSITY_KEY = 'warroom.density';

function isDensity(value: unknown): value is Density {
  return typeof value === 'string' && (DENSITIES as readonly string[]).includes(value);
}

export class BoardDensity {
  readonly #route: RouteLike;
  readonly #fallback: Density;
  #stored = $state<Density | null>(null);

  constructor(route: RouteLike, fallback: Density) {
    this.#route = route;
    this.#fallback = fallback;
    const saved = storage.get(DENSITY_KEY);
    this.#stored = isDensity(saved) ? saved : null;
  }

  get value(): Density {
    const asked = new URLSearchParams(queryOf(this.#route.path)).get('density');
    return isDensity(asked) ? asked : (this.#stored ?? this.#fallback);
  }

  set(value: Density): void {
    this.#stored = value;
    storage.set(DENSITY_KEY, value);
    const path = this.#route.path;
    const base = path.split('?')[0] || '/';
    const query = withParam(queryOf(path), 'density', value);
    this.#route.go(query ? `${base}?${query}` : base);
  }

  toggle(): void {
    this.set(this.value === 'compact' ? 'comfortable' : 'compact');
  }
}
