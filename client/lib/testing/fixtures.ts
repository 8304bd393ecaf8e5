// Builders for cases and events as the server sends them, for the client's unit tests.
import type { Case } from '../../../shared/case.ts';
import { NO_TARGETS, startSla } from '../../../shared/sla.ts';
import type { CaseEvent } from '../../../shared/events.ts';

const alice = { id: 'u-alice', username: 'alice', name: 'Alice Jensen' };
const rita = { id: 'u-rita', username: 'rita', name: 'Rita Superbruger' };

export function makeCase(overrides: Partial<Case> = {}): Case {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: '1',
    title: 'Forælder kan ikke logge ind',
    description: '',
    institution: 'bh-solsikken',
    category: 'login',
    priority: 'normal',
    status: 'new',
    assignee: null,
    reporter: rita,
    resolution: null,
    waitingReason: null,
    vendorRef: null,
    notes: [],
    sla: startSla(NO_TARGETS, overrides.status ?? 'new', at),
    similar: [],
    problem: null,
    suggestion: null,
    answer: null,
    tags: [],
    enrichedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

let seq = 0;
/** An event whose id is "<ms>-0", increasing with every call unless given. */
export function makeEvent(type: CaseEvent['type'], after: Case, id?: string): CaseEvent {
  seq += 1;
  const data =
    type === 'case.resolved' ? { resolution: after.resolution ?? 'fixed' } : type === 'case.reopened' ? { reason: null } : {};
  return {
    id: id ?? `${1_700_000_000_000 + seq}-0`,
    type,
    caseId: after.id,
    at: after.updatedAt,
    actor: after.assignee ?? rita,
    data,
    case: after,
  } as CaseEvent;
}

export const people = { alice, rita };
