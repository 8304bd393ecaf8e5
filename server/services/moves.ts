// Every move on an existing case, once: its HTTP path, its socket command, the body it
// takes and who may send it. Routes and the socket server are both built from this list.
import { Type, type TObject } from 'typebox';
import type { NoteVisibility, Priority, Role } from '../../shared/case.ts';
import {
  AssignBody,
  CaseIdSchema,
  CategoryBody,
  EmptyBody,
  EscalateBody,
  LinkBody,
  NoteBody,
  PriorityBody,
  ReopenBody,
  ResolveBody,
  VendorRefBody,
  WaitBody,
} from '../../shared/schemas.ts';
import type { ClientToServerEvents } from '../../shared/socket-contract.ts';
import type { MoveRequest } from './case-service.ts';

export interface MoveDef {
  path: string;
  command: keyof ClientToServerEvents;
  body: TObject;
  /** Checked at the door; the domain core checks again, with the case in hand. */
  roles: readonly Role[];
  request: (body: Record<string, unknown>) => MoveRequest;
}

const TEAM = ['lead', 'member'] as const;
const str = (v: unknown) => v as string;

export const MOVES: readonly MoveDef[] = [
  { path: 'claim', command: 'case:claim', body: EmptyBody, roles: TEAM, request: () => ({ type: 'claim' }) },
  { path: 'release', command: 'case:release', body: EmptyBody, roles: TEAM, request: () => ({ type: 'release' }) },
  {
    path: 'resolve',
    command: 'case:resolve',
    body: ResolveBody,
    roles: TEAM,
    request: (b) => ({ type: 'resolve', resolution: str(b.resolution), answerId: (b.answerId as string | null | undefined) ?? null }),
  },
  {
    path: 'reopen',
    command: 'case:reopen',
    body: ReopenBody,
    roles: ['lead', 'member', 'reporter'],
    request: (b) => ({ type: 'reopen', reason: (b.reason as string | null | undefined) ?? null }),
  },
  { path: 'wait', command: 'case:wait', body: WaitBody, roles: TEAM, request: (b) => ({ type: 'wait', reason: str(b.reason) }) },
  { path: 'resume', command: 'case:resume', body: EmptyBody, roles: TEAM, request: () => ({ type: 'resume' }) },
  {
    path: 'escalate',
    command: 'case:escalate',
    body: EscalateBody,
    roles: TEAM,
    request: (b) => ({ type: 'escalate', note: str(b.note), vendorRef: (b.vendorRef as string | null | undefined) ?? null }),
  },
  { path: 'vendor-ref', command: 'case:set-vendor-ref', body: VendorRefBody, roles: TEAM, request: (b) => ({ type: 'set_vendor_ref', vendorRef: str(b.vendorRef) }) },
  { path: 'assign', command: 'case:assign', body: AssignBody, roles: ['lead'], request: (b) => ({ type: 'assign', userId: str(b.userId) }) },
  { path: 'priority', command: 'case:prioritize', body: PriorityBody, roles: TEAM, request: (b) => ({ type: 'prioritize', priority: b.priority as Priority }) },
  {
    path: 'notes',
    command: 'case:note',
    body: NoteBody,
    roles: ['lead', 'member', 'reporter'],
    request: (b) => ({ type: 'note', text: str(b.text), visibility: b.visibility as NoteVisibility }),
  },
  { path: 'link', command: 'case:link', body: LinkBody, roles: TEAM, request: (b) => ({ type: 'link', problemId: str(b.problemId) }) },
  { path: 'unlink', command: 'case:unlink', body: EmptyBody, roles: TEAM, request: () => ({ type: 'unlink' }) },
  { path: 'category', command: 'case:recategorise', body: CategoryBody, roles: TEAM, request: (b) => ({ type: 'recategorise', category: str(b.category) }) },
];

/** The socket payload of a move: its body plus the case id. */
export function payloadSchema(move: MoveDef): TObject {
  return Type.Object({ caseId: CaseIdSchema, ...move.body.properties }, { additionalProperties: false });
}
