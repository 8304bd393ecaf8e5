// The help café the wall screen and a superuser's page show: the next one not yet ended, with
// the languages it offers. The poster's own selection (upcomingCafes) decides which cafés count.
import type { NextCafe } from './next-cafe-schemas.ts';
import { upcomingCafes } from './poster.ts';
import type { HelpCafeSettings } from './settings.ts';

/** Enough to roll over to the following café when one ends without asking the server at once. */
export const NEXT_CAFES_LIMIT = 3;

/**
 * The cafés not yet ended, soonest first: those for `institution`'s parents, or any centre's
 * when it is null. A café naming no centres (left out or an empty list) is for every centre.
 */
export function nextCafes(cafes: readonly HelpCafeSettings[], institution: string | null, now: Date, limit = NEXT_CAFES_LIMIT): NextCafe[] {
  const found: NextCafe[] = [];
  for (const cafe of cafes) {
    const centres = cafe.institutions ?? [];
    if (institution !== null && centres.length > 0 && !centres.includes(institution)) continue;
    // Checked one at a time, so each keeps its languages and centres, which the poster's cafés leave out.
    for (const upcoming of upcomingCafes([{ ...cafe, institutions: undefined }], institution ?? '', now, 1)) {
      found.push({ ...upcoming, languages: cafe.languages ?? [], institutions: centres });
    }
  }
  return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.end) - Date.parse(b.end)).slice(0, limit);
}

/** The café to show at `now` (epoch ms): the first not yet ended; null when none is left. */
export function cafeAt(cafes: readonly NextCafe[], now: number): NextCafe | null {
  return cafes.find((c) => Date.parse(c.end) > now) ?? null;
}

/** When what `cafeAt` shows changes next: the shown café's start if it is still to come, else its end. */
export function nextChangeAt(cafes: readonly NextCafe[], now: number): number | null {
  const shown = cafeAt(cafes, now);
  if (!shown) return null;
  const start = Date.parse(shown.start);
  return start > now ? start : Date.parse(shown.end);
}
