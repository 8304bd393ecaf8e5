// Intake enrichment for a new case: a suggested category and topic tags. BullMQ may run
// a job more than once; the domain refuses a second enrichment, so a retry adds nothing.
import type { Job } from 'bullmq';
import type { Actor } from '../../shared/case.ts';
import { enrich } from '../../shared/enrich.ts';
import type { CurrentSettings } from '../settings/settings-holder.ts';
import type { CaseService } from '../services/case-service.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { IntakeJobData } from './names.ts';
import type { SimilarityService } from '../services/similarity-service.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', name: 'War room', role: 'system' };

export function createIntakeProcessor(deps: { store: CaseStore; service: CaseService; settings: CurrentSettings; similarity: SimilarityService }) {
  return async function processIntake(job: Job<IntakeJobData>): Promise<{ enriched: boolean }> {
    const state = await deps.store.load(job.data.caseId);
    if (!state) throw new Error(`Case ${job.data.caseId} not found for intake`);
    if (state.enrichedAt) return { enriched: false };
    const suggestion = enrich(state, deps.settings.current.settings.categories.filter((c) => !c.retired));
    const similar = await deps.similarity.matchesFor(state);
    const result = await deps.service.handle(state.id, { type: 'enrich', ...suggestion, similar }, SYSTEM_ACTOR, { loaded: state });
    if (!result.ok) throw new Error(`Intake of case ${state.id} refused: ${result.error.message}`);
    return { enriched: result.events.length > 0 };
  };
}
