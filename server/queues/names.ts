// Queue and job names in one place; job ids derive from the case so a job is added once.
export const QUEUES = { intake: 'intake', sla: 'sla', retention: 'retention' } as const;
export const JOBS = { enrich: 'enrich', checkSla: 'check-sla', purgeExpired: 'purge-expired' } as const;
/** The one repeatable retention job, shared by every node: scheduling it again changes nothing. */
export const RETENTION_SCHEDULER_ID = 'retention-purge';

// BullMQ job ids may not contain ':'.
export const intakeJobId = (caseId: string) => `intake-${caseId}`;
/** One timer per case and due moment: setting it again (another node, a restart) adds nothing. */
export const slaJobId = (caseId: string, dueAt: number) => `sla-${caseId}-${dueAt}`;

export interface SlaJobData {
  caseId: string;
  dueAt: number;
}

export interface IntakeJobData {
  caseId: string;
}
