// Which of the hash views each role may open. A view not named here is the lead's alone.
import type { Role } from '../../shared/case.ts';
import type { LeadView } from './route.svelte.ts';

const OPEN_TO: Partial<Record<LeadView, readonly Role[]>> = {
  board: ['lead', 'member', 'viewer'],
  problems: ['lead', 'member', 'viewer'],
  answers: ['lead', 'member', 'viewer'],
  // The poster names the centre's superusers: the server shows it to the team, not the wall screen.
  posters: ['lead', 'member'],
  // The team's working views (their exports are the lead's and members' on the server too); a viewer has /tv.
  dashboard: ['lead', 'member'],
  report: ['lead', 'member'],
};

export function viewAllowed(role: Role, view: LeadView): boolean {
  return (OPEN_TO[view] ?? ['lead']).includes(role);
}

/** The view to show: the one asked for in the address if this role may see it, else the board. */
export function viewFor(role: Role, requested: LeadView): LeadView {
  return viewAllowed(role, requested) ? requested : 'board';
}
