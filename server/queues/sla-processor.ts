// A due SLA timer: the domain core decides what is due from the case's own clocks, so a
// timer that runs twice, or late, or for a clock that has since paused, raises each
// warning and breach exactly once.
import type { Job } from 'bullmq';
import { nextSlaDue } from '../../shared/sla.ts';
import type { CaseService } from '../services/case-service.ts';
import { SYSTEM_ACTOR } from './intake-processor.ts';
import type { SlaJobData } from './names.ts';
import type { SlaTimers } from './sla-timers.ts';

// A timer that fires a little before its moment (clocks of different machines) waits this long at most.
const MAX_EARLY_WAIT_MS = 2_000;

export function createSlaProcessor(deps: { service: CaseService; timers: SlaTimers }) {
  return async function processSla(job: Job<SlaJobData>): Promise<{ raised: number }> {
    const early = job.data.dueAt - Date.now();
    if (early > 0 && early <= MAX_EARLY_WAIT_MS) await new Promise((r) => setTimeout(r, early));
    const result = await deps.service.handle(job.data.caseId, { type: 'check_sla' }, SYSTEM_ACTOR);
    if (!result.ok) {
      if (result.error.code === 'not_found') return { raised: 0 };
      throw new Error(`SLA check of case ${job.data.caseId} failed: ${result.error.message}`);
    }
    // A stored change sets the next timer itself; with nothing raised, set it here if one is still ahead.
    if (result.events.length === 0) {
      const next = nextSlaDue(result.case.sla);
      if (next !== null && result.case.status !== 'resolved') await deps.timers.setAt(result.case.id, next, Date.now(), true);
    }
    return { raised: result.events.length };
  };
}
