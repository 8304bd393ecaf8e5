// The socket.io contract, typed for both ends. Commands are answered through the
// acknowledgement; events arrive oldest first, each exactly once: as `case:event`, or, for a
// client that says `auth.batch`, as `case:events` batches.
import { Type, type Static, type TObject } from 'typebox';
import type { Case } from './case.ts';
import type { Problem } from './problem.ts';
import type { Answer } from './problem-schemas.ts';
import type { Shift } from './roster.ts';
import type { Refusal } from './commands.ts';
import type { CaseEvent } from './events.ts';
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
} from './schemas.ts';

export type Ack = { ok: true; case: Case } | { ok: false; error: Refusal };
export type AckFn = (ack: Ack) => void;

/**
 * Every move a board sends on an existing case, once, with the body it takes: the board sends
 * `claim` as the socket command `case:claim` with the case id and this body, the HTTP route
 * takes the same body. Both ends' types and the server's checks are derived from this record.
 */
export const BOARD_COMMANDS = {
  claim: EmptyBody,
  release: EmptyBody,
  resolve: ResolveBody,
  reopen: ReopenBody,
  wait: WaitBody,
  resume: EmptyBody,
  escalate: EscalateBody,
  'set-vendor-ref': VendorRefBody,
  assign: AssignBody,
  prioritize: PriorityBody,
  note: NoteBody,
  link: LinkBody,
  unlink: EmptyBody,
  'dismiss-suggestion': LinkBody,
  recategorise: CategoryBody,
} as const satisfies Record<string, TObject>;

export type BoardCommandName = keyof typeof BOARD_COMMANDS;
export type BoardCommandEvent = `case:${BoardCommandName}`;

export function isBoardCommand(name: string): name is BoardCommandName {
  return Object.hasOwn(BOARD_COMMANDS, name);
}

/** The names in the record's order. */
export const BOARD_COMMAND_NAMES: readonly BoardCommandName[] = Object.keys(BOARD_COMMANDS).filter(isBoardCommand);

/** The socket command a board sends for a move. */
export function commandEvent(name: BoardCommandName): BoardCommandEvent {
  return `case:${name}`;
}

/** A command's payload over the socket: the case id plus its body, nothing else. */
export function commandPayloadSchema(name: BoardCommandName): TObject {
  return Type.Object({ caseId: CaseIdSchema, ...BOARD_COMMANDS[name].properties }, { additionalProperties: false });
}

type Flat<T> = { [P in keyof T]: T[P] };
export type BoardCommandPayload = { [K in BoardCommandName]: Flat<{ caseId: string } & Static<(typeof BOARD_COMMANDS)[K]>> };

type BoardCommandEvents = { [K in BoardCommandName as `case:${K}`]: (payload: BoardCommandPayload[K], ack: AckFn) => void };

export interface ClientToServerEvents extends BoardCommandEvents {
  /** Which case this board has open (null when none); team members only, no acknowledgement. */
  'presence:viewing': (payload: { caseId: string | null }) => void;
}

/** Who is online on a board, and which case each has open (null: none). */
export interface PresenceEntry {
  userId: string;
  username: string;
  name: string;
  caseId: string | null;
}

/** What changed in the team's presence since the last list or delta; apply removals, then `set`. */
export interface PresenceDelta {
  /** Entries added or changed, keyed by userId and caseId. */
  set: PresenceEntry[];
  /** Entries gone, by the same key. */
  removed: { userId: string; caseId: string | null }[];
}

/** A known problem announced to every superuser, with its workaround. */
export interface NoticeView {
  problemId: string;
  title: string;
  message: string;
  at: string;
}

export interface ServerToClientEvents {
  /** A problem was created or changed (the team); its cases follow as case events. */
  'problem:changed': (problem: Problem) => void;
  'answer:changed': (answer: Answer) => void;
  /** The lead replaced the roster (the team's boards). */
  'roster:changed': (info: { shifts: Shift[] }) => void;
  /** The notices now in force, to every board (team and superusers). */
  'notice:changed': (notices: NoticeView[]) => void;
  /** The whole team's presence, by name: sent once, to the connecting board, as it goes live. */
  'presence:update': (entries: PresenceEntry[]) => void;
  /** Changes since, a few times a second at most, to every team board and wall screen. */
  'presence:delta': (delta: PresenceDelta) => void;
  /** One event, to a client that did not ask for batches. */
  'case:event': (event: CaseEvent) => void;
  /**
   * Several events at once (never none), in log order, to a client that connected with
   * `auth.batch`: what one read of the event stream or one page of the catch-up brought.
   */
  'case:events': (events: CaseEvent[]) => void;
  /** Sent once the catch-up after `auth.lastEventId` is complete; live events follow. */
  'sync:ready': (info: { lastEventId: string | null }) => void;
  /** The log no longer holds every event after the client's lastEventId: load a fresh snapshot. */
  'sync:reset': (info: { reason: string }) => void;
  /** The lead saved the rollout's settings: centres, categories, targets; reload them. */
  'settings:changed': (info: { version: number }) => void;
}

export interface SocketAuth {
  lastEventId?: string | null;
  /** Case events as `case:events` batches instead of one `case:event` each. */
  batch?: boolean;
}

export { FEED_PATH, SOCKET_PATH } from './socket-paths.ts';
