// Every move on an existing case, once: its HTTP path, its socket command, the body it
// takes and who may send it. Names and bodies come from the socket contract; routes and the
// socket server are both built from this list.
import type { TObject } from 'typebox';
import type { NoteVisibility, Priority, Role } from '../../shared/case.ts';
import { BOARD_COMMANDS, BOARD_COMMAND_NAMES, commandEvent, commandPayloadSchema, type BoardCommandEvent, type BoardCommandName } from '../../shared/socket-contract.ts';
import type { MoveRequest } from './case-service.ts';

interface MoveSpec {
  path: string;
  /** Checked at the door; the domain core checks again, with the case in hand. */
  roles: readonly Role[];
  request: (body: Record<string, unknown>) => MoveRequest;
}

export interface MoveDef extends MoveSpec {
  name: BoardCommandName;
  command: BoardCommandEvent;
  /** The HTTP body. */
  body: TObject;
  /** The socket payload: the body plus the case id. */
  payload: TObject;
}

const TEAM = ['lead', 'member'] as const;
const str = (v: unknown) => v as string;

// Keyed by the contract's names: a command the contract adds or drops fails to compile here.
const SPECS: { readonly [K in BoardCommandName]: MoveSpec } = {
  claim: { path: 'claim', roles: TEAM, request: () => ({ type: 'claim' }) },
  release: { path: 'release', roles: TEAM, request: () => ({ type: 'release' }) },
  resolve: {
    path: 'resolve',
    roles: TEAM,
    request: (b) => ({ type: 'resolve', resolution: str(b.resolution), answerId: (b.answerId as string | null | undefined) ?? null }),
  },
  reopen: {
    path: 'reopen',
    roles: ['lead', 'member', 'reporter'],
    request: (b) => ({ type: 'reopen', reason: (b.reason as string | null | undefined) ?? null }),
  },
  wait: { path: 'wait', roles: TEAM, request: (b) => ({ type: 'wait', reason: str(b.reason) }) },
  resume: { path: 'resume', roles: TEAM, request: () => ({ type: 'resume' }) },
  escalate: {
    path: 'escalate',
    roles: TEAM,
    request: (b) => ({ type: 'escalate', note: str(b.note), vendorRef: (b.vendorRef as string | null | undefined) ?? null }),
  },
  'set-vendor-ref': { path: 'vendor-ref', roles: TEAM, request: (b) => ({ type: 'set_vendor_ref', vendorRef: str(b.vendorRef) }) },
  assign: { path: 'assign', roles: ['lead'], request: (b) => ({ type: 'assign', userId: str(b.userId) }) },
  prioritize: { path: 'priority', roles: TEAM, request: (b) => ({ type: 'prioritize', priority: b.priority as Priority }) },
  note: {
    path: 'notes',
    roles: ['lead', 'member', 'reporter'],
    request: (b) => ({ type: 'note', text: str(b.text), visibility: b.visibility as NoteVisibility }),
  },
  link: { path: 'link', roles: TEAM, request: (b) => ({ type: 'link', problemId: str(b.problemId) }) },
  unlink: { path: 'unlink', roles: TEAM, request: () => ({ type: 'unlink' }) },
  'dismiss-suggestion': { path: 'dismiss-suggestion', roles: TEAM, request: (b) => ({ type: 'dismiss_suggestion', problemId: str(b.problemId) }) },
  recategorise: { path: 'category', roles: TEAM, request: (b) => ({ type: 'recategorise', category: str(b.category) }) },
};

export const MOVES: readonly MoveDef[] = BOARD_COMMAND_NAMES.map((name) => ({
  name,
  command: commandEvent(name),
  body: BOARD_COMMANDS[name],
  payload: commandPayloadSchema(name),
  ...SPECS[name],
}));
