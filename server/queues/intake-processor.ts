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
import type { ProblemMatchService } from '../services/problem-match-service.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', name: 'War room', role: 'system' };

export interface IntakeDeps {
  store: CaseStore;
  service: CaseService;
  settings: CurrentSettings;
  similarity: SimilarityService;
  problemMatch: ProblemMatchService;
}

export function createIntakeProcessor(deps: IntakeDeps) {
  return async function processIntake(job: Job<IntakeJobData>): Promise<{ enriched: boolean }> {
    // The similarity index reads the log up to now first; that read has just given this
    // process the case as stored (its job is queued after its case.created), so it needs no
    // read of its own. Should the case have moved on since, the commit's version check
    // refuses and the service decides again on a fresh read.
    await deps.similarity.catchUp();
    const state = deps.store.states.latest(job.data.caseId) ?? (await deps.store.load(job.data.caseId));
    if (!state) throw new Error(`Case ${job.data.caseId} not found for intake`);
    if (state.enrichedAt) return { enriched: false };
    const suggestion = enrich(state, deps.settings.current.settings.categories.filter((c) => !c.retired));
    const similar = deps.similarity.matchesInIndex(state);
    const problem = await deps.problemMatch.suggestionFor(state);
    const result = await deps.service.handle(state.id, { type: 'enrich', ...suggestion, similar, suggestion: problem }, SYSTEM_ACTOR, { loaded: state });
    if (!result.ok) throw new Error(`Intake of case ${state.id} refused: ${result.error.message}`);
    return { enriched: result.events.length > 0 };
  };
}
