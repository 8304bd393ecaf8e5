// The parents' poster for one centre: the support chain with names, and the next help cafés.
import { parseRosterTime } from './roster.ts';

export interface HelpCafe {
  /** Local Danish time, "2026-12-01T16:00". */
  start: string;
  end: string;
  place: string;
  note?: string;
  institutions?: string[];
}

export interface PosterCafe {
  start: string;
  end: string;
  place: string;
  note: string | null;
}

export interface Poster {
  municipality: string;
  institution: { id: string; name: string };
  superusers: string[];
  consultants: { name: string; phone: string | null; email: string | null }[];
  helpCafes: PosterCafe[];
  /** Where the centre's staff report a case: the poster's QR code. */
  intakeUrl: string;
}

/** The cafés this centre's parents can still go to, soonest first. */
export function upcomingCafes(cafes: readonly HelpCafe[], institution: string, now: Date, limit = 4): PosterCafe[] {
  return cafes
    .filter((c) => !c.institutions || c.institutions.includes(institution))
    .map((c) => ({ start: parseRosterTime(c.start), end: parseRosterTime(c.end), place: c.place, note: c.note ?? null }))
    .filter((c): c is { start: Date; end: Date; place: string; note: string | null } => c.start !== null && c.end !== null && c.end > now)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .slice(0, limit)
    .map((c) => ({ ...c, start: c.start.toISOString(), end: c.end.toISOString() }));
}
