// What a card puts first. Pure, so both densities and the tests agree on it.
import type { Case } from '../../shared/case.ts';
import type { CardCommand } from '../../shared/decide.ts';
import type { CardRecurrence } from './recurring-view.ts';

export type PrimaryMove = 'claim' | 'resolve' | 'resume';

/** One highlighted next step per card: take a new case, finish one in progress, pick a waiting one up again. */
export function primaryMove(allowed: readonly CardCommand[], status: Case['status']): PrimaryMove | null {
  if (allowed.includes('claim')) return 'claim';
  if (allowed.includes('resolve') && status === 'claimed') return 'resolve';
  if (allowed.includes('resume')) return 'resume';
  return null;
}

/** The vendor number's button: set it while there is none, correct it once there is. */
export function vendorRefAction(item: Pick<Case, 'vendorRef'>): 'card.setVendorRef' | 'card.editVendorRef' {
  return item.vendorRef ? 'card.editVendorRef' : 'card.setVendorRef';
}

export type CardMarker =
  | { kind: 'problem'; title: string; problemId: string }
  | { kind: 'similar'; sameAs: string; institutions: number }
  | { kind: 'answer'; title: string; url: string }
  | { kind: 'notes'; count: number };

/**
 * A compact card's one small marker, the most telling first: the library answer a resolved
 * case was closed with, a known problem, a probable repeat, its notes.
 */
export function cardMarker(item: Case, recurrence: CardRecurrence | null, answerHref: string | null): CardMarker | null {
  // A resolved case's answer is what the next one like it needs.
  if (item.status === 'resolved' && item.answer && answerHref) return { kind: 'answer', title: item.answer.title, url: answerHref };
  if (item.problem) return { kind: 'problem', title: item.problem.title, problemId: item.problem.id };
  if (recurrence) return { kind: 'similar', sameAs: recurrence.sameAs, institutions: recurrence.institutions };
  if (item.notes.length > 0) return { kind: 'notes', count: item.notes.length };
  return null;
}

/** The time SLA figures are shown at: now, or the moment the board lost its connection, as its figures stand still then. */
export function shownTime(now: Date, interrupted: boolean, downSince: Date | null): Date {
  return interrupted && downSince ? downSince : now;
}
