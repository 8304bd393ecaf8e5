// Queue and job names in one place; job ids derive from the case so a job is added once.
export const QUEUES = { intake: 'intake' } as const;
export const JOBS = { enrich: 'enrich' } as const;

// BullMQ job ids may not contain ':'.
export const intakeJobId = (caseId: string) => `intake-${caseId}`;

export interface IntakeJobData {
  caseId: string;
}
