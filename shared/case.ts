// The case model: what a card on the board is. Pure data, no I/O.

export const ROLES = ['lead', 'member', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

// Later issues add states (waiting, escalated, ...): the lifecycle rules live in
// decide.ts as a table, so a new state is a new row, not a rewrite.
export const STATUSES = ['new', 'claimed', 'resolved'] as const;
export type CaseStatus = (typeof STATUSES)[number];

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
  username: 64,
  name: 120,
  password: 256,
  idempotencyKey: 128,
} as const;

export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, username: actor.username, name: actor.name };
}
