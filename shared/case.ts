// The case model: what a card on the board is. Pure data, no I/O.
import { NO_TARGETS, startSla, type CaseSla } from './sla.ts';

export const ROLES = ['lead', 'member', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

// The lifecycle rules live in decide.ts as a table, so a new state is a new row, not a rewrite.
// waiting: on the reporter; escalated: waiting on the vendor.
export const STATUSES = ['new', 'claimed', 'waiting', 'escalated', 'resolved'] as const;
export type CaseStatus = (typeof STATUSES)[number];

/** States in which a case belongs to someone and is not done. */
export const OPEN_CLAIM_STATUSES: readonly CaseStatus[] = ['claimed', 'waiting', 'escalated'];

export const NOTE_VISIBILITIES = ['internal', 'reporter'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export interface Note {
  id: number;
  text: string;
  /** internal: the team only; reporter: the institution's superuser sees it too. */
  visibility: NoteVisibility;
  author: ActorRef;
  at: string;
}

export interface Actor {
  id: string;
  username: string;
  name: string;
  role: Role | 'system';
  institution?: string | null;
}

export interface ActorRef {
  id: string;
  username: string;
  name: string;
}

/** A case that probably describes the same problem, found at intake. */
export interface SimilarRef {
  caseId: string;
  /** 0…1, higher is more alike. */
  score: number;
}

/** A how-to answer from the library, as cited in a resolution. */
export interface AnswerRef {
  id: string;
  title: string;
  url: string;
}

export interface ProblemRef {
  id: string;
  title: string;
}

/** "Probably: <problem>": the known problem this case is most like (shared/problem-match.ts). */
export interface ProblemSuggestion {
  problemId: string;
  title: string;
  /** 0…1. */
  score: number;
}

export interface Case {
  id: string;
  title: string;
  description: string;
  institution: string;
  category: string | null;
  priority: Priority;
  status: CaseStatus;
  assignee: ActorRef | null;
  reporter: ActorRef;
  resolution: string | null;
  /** The question the case waits on the reporter for. */
  waitingReason: string | null;
  /** The vendor's (Netcompany's) case number once escalated. */
  vendorRef: string | null;
  notes: Note[];
  sla: CaseSla;
  similar: SimilarRef[];
  /** The known problem this case is one instance of. */
  problem: ProblemRef | null;
  /** The problem it probably is, until it is linked or the team says "not the same". */
  suggestion: ProblemSuggestion | null;
  /** The library answer the resolution cites. */
  answer: AnswerRef | null;
  tags: string[];
  enrichedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const LIMITS = {
  title: 200,
  description: 5000,
  resolution: 2000,
  reason: 1000,
  note: 2000,
  vendorRef: 100,
  username: 64,
  name: 120,
  password: 256,
  idempotencyKey: 128,
} as const;

export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, username: actor.username, name: actor.name };
}

/** What a case holds before anyone has worked on it: every new case starts so. */
export function untouchedFields(): Pick<Case, 'assignee' | 'resolution' | 'similar' | 'problem' | 'suggestion' | 'answer' | 'waitingReason' | 'vendorRef' | 'notes' | 'tags' | 'enrichedAt'> {
  return { assignee: null, resolution: null, similar: [], problem: null, suggestion: null, answer: null, waitingReason: null, vendorRef: null, notes: [], tags: [], enrichedAt: null };
}

/**
 * Fills fields that cases stored before they existed lack, so every reader sees one shape.
 * Such cases had no SLA targets; their clocks never fire.
 */
export function withDefaults(c: Case): Case {
  if (c.notes && c.sla && c.similar && c.waitingReason !== undefined && c.vendorRef !== undefined && c.problem !== undefined && c.answer !== undefined && c.suggestion !== undefined) return c;
  return {
    ...c,
    waitingReason: c.waitingReason ?? null,
    vendorRef: c.vendorRef ?? null,
    notes: c.notes ?? [],
    similar: c.similar ?? [],
    problem: c.problem ?? null,
    suggestion: c.suggestion ?? null,
    answer: c.answer ?? null,
    sla: c.sla ?? startSla(NO_TARGETS, c.status, c.createdAt),
  };
}
