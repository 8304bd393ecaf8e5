// The team's open questions to a superuser: the cases waiting for their answer. On a phone these
// come before everything else, and the header counts them.
import type { Case } from '../../shared/case.ts';

/** Cases that wait on the superuser's answer, the one asked longest ago first. */
export function waitingQuestions(cases: Iterable<Case>): Case[] {
  return [...cases]
    .filter((c) => c.status === 'waiting' && c.waitingReason !== null)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
}
