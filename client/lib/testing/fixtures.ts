// Builders for cases and events as the server sends them, for the client's unit tests.
import type { Case } from '../../../shared/case.ts';
import { caseRecord } from '../../../shared/test-fixtures.ts';
import type { CaseEvent } from '../../../shared/events.ts';

const alice = { id: 'u-alice', username: 'alice', name: 'Alice Jensen' };
const rita = { id: 'u-rita', username: 'rita', name: 'Rita Superbruger' };

/** A new case from Rita, made now unless `overrides` say when. */
export function makeCase(overrides: Partial<Case> = {}): Case {
  return caseRecord({ reporter: rita, createdAt: new Date().toISOString(), ...overrides });
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
