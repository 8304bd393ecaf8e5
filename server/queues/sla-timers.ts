// SLA timers as BullMQ delayed jobs, one per case at its next warning or breach. The case
// itself holds its clocks, so timers can always be set again from the cases: at start-up
// and after a Redis outage every open case gets its timer back, and a timer that fires for
// nothing (the clock was paused meanwhile) raises nothing.
import type { Case } from '../../shared/case.ts';
import { nextSlaDue } from '../../shared/sla.ts';
import { JOBS, QUEUES, slaJobId, type SlaJobData } from './names.ts';
import { OwnedQueue } from './queues.ts';

export class SlaTimers extends OwnedQueue<SlaJobData> {
  constructor(redisUrl: string, onError: (err: Error) => void = () => {}) {
    super(QUEUES.sla, redisUrl, onError);
  }

  /**
   * Sets the timer after a change of the case, unless the timer set after the change before
   * still comes first: a change that leaves the next due time as it was or moves it later (a
   * claim stops the claim clock) sets none. That timer fires, finds nothing due and sets the
   * next one itself (sla-processor.ts); a lost one comes back with the sweep.
   */
  async follow(c: Case, before: Case | null, now = Date.now()): Promise<boolean> {
    if (c.status === 'resolved') return false;
    const next = nextSlaDue(c.sla);
    if (next === null) return false;
    // Past or due now, the timer before is running or done: it set nothing after it.
    const standing = before && before.status !== 'resolved' ? nextSlaDue(before.sla) : null;
    if (standing !== null && standing > now && standing <= next) return false;
    await this.setAt(c.id, next, now);
    return true;
  }

  async setAt(caseId: string, dueAt: number, now = Date.now(), retry = false): Promise<void> {
    await this.queue.add(JOBS.checkSla, { caseId, dueAt }, {
      jobId: retry ? `${slaJobId(caseId, dueAt)}-again-${now}` : slaJobId(caseId, dueAt),
      delay: Math.max(0, dueAt - now),
      attempts: 8,
      backoff: { type: 'exponential', delay: 200 },
      // Removed once done, so a recovery sweep may set the same timer again; it then finds nothing due.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /**
   * Sets the timer of every open case among these again; returns how many were set. A timer kept
   * as failed under the same id would make the new one a no-op: it is run again instead.
   */
  async recoverAll(cases: readonly Case[]): Promise<number> {
    let set = 0;
    const now = Date.now();
    for (const c of cases) {
      const dueAt = c.status === 'resolved' ? null : nextSlaDue(c.sla);
      if (dueAt === null) continue;
      if (!(await this.retryFailed(slaJobId(c.id, dueAt)))) await this.setAt(c.id, dueAt, now);
      set++;
    }
    return set;
  }
}
