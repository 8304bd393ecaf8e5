// Commands are requests, named in the imperative. They may be refused.
import type { ActorRef, AnswerRef, NoteVisibility, Priority, ProblemRef, ProblemSuggestion, SimilarRef } from './case.ts';
import type { SlaTargets } from './sla.ts';

export interface CommandMap {
  create: {
    caseId: string;
    title: string;
    description?: string;
    institution: string;
    category?: string | null;
    priority?: Priority;
    /** From the rollout config, filled in by the server for the case's priority. */
    sla?: SlaTargets;
  };
  claim: {};
  release: {};
  /** The server looks a cited answer up and passes it whole. */
  resolve: { resolution: string; answer?: AnswerRef | null; problemId?: string };
  reopen: { reason?: string | null };
  enrich: { category: string | null; tags: string[]; similar?: SimilarRef[]; suggestion?: ProblemSuggestion | null };
  wait: { reason: string };
  resume: {};
  escalate: { vendorRef?: string | null; note: string };
  set_vendor_ref: { vendorRef: string };
  /** The server looks the user up and passes who they are, with their role. */
  assign: { assignee: ActorRef & { role: string } };
  prioritize: { priority: Priority; sla?: SlaTargets };
  note: { text: string; visibility: NoteVisibility };
  check_sla: {};
  /** The rollout's targets for the case's priority changed (the server passes the new ones). */
  retarget_sla: { sla: SlaTargets };
  link: { problem: ProblemRef };
  unlink: {};
  dismiss_suggestion: { problemId: string };
  /** The team corrects the category the intake chose; the server checks it is one of the rollout's. */
  recategorise: { category: string };
}

export type CommandType = keyof CommandMap;
export type Command = { [K in CommandType]: { type: K } & CommandMap[K] }[CommandType];

import type { RefusalCode, RefusalParams } from './refusal-codes.ts';
export type { RefusalCode } from './refusal-codes.ts';

/** case_full: the case holds as many notes or as much text as one case may (see case-capacity.ts). */
export interface Refusal {
  code: RefusalCode;
  message: string;
  /** What the client needs to say it in its own words, e.g. case_full: {kind: 'notes' | 'text', limit}; conflict: {holder}. */
  params?: RefusalParams;
}

export type Decision =
  | { ok: true; events: import('./events.ts').EventDraft[] }
  | { ok: false; error: Refusal };
