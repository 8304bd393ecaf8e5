// New response times apply to the open cases too: each open case of a priority whose targets
// changed gets them as an event (its clocks keep the time already used), and its SLA timer is
// set again from the new deadlines by the commit's own follow-up.
import { PRIORITIES, type Priority } from '../../shared/case.ts';
import type { SlaPolicy } from '../../shared/sla.ts';
import { SYSTEM_ACTOR } from '../queues/intake-processor.ts';
import type { CaseService } from '../services/case-service.ts';
import type { CaseStore } from '../store/case-store.ts';

export function changedPriorities(before: SlaPolicy, after: SlaPolicy): Priority[] {
  return PRIORITIES.filter((p) => before[p].claimMs !== after[p].claimMs || before[p].resolveMs !== after[p].resolveMs);
}

/** Returns how many open cases got the new targets. A save is rare, so reading the open cases here is fine. */
export async function retargetOpenCases(deps: { store: CaseStore; cases: CaseService }, before: SlaPolicy, after: SlaPolicy): Promise<number> {
  const changed = new Set(changedPriorities(before, after));
  if (changed.size === 0) return 0;
  let retargeted = 0;
  for (const c of await deps.store.openCases()) {
    if (!changed.has(c.priority)) continue;
    const result = await deps.cases.handle(c.id, { type: 'retarget_sla', sla: after[c.priority] }, SYSTEM_ACTOR);
    if (result.ok && result.events.some((e) => e.type === 'case.sla_retargeted')) retargeted++;
  }
  return retargeted;
}
