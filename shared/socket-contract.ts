// The socket.io contract, typed for both ends. Commands are answered through the
// acknowledgement; events arrive oldest first, each exactly once: as `case:event`, or, for a
// client that says `auth.batch`, as `case:events` batches.
import type { Case, NoteVisibility, Priority } from './case.ts';
import type { Problem } from './problem.ts';
import type { Answer } from './problem-schemas.ts';
import type { Shift } from './roster.ts';
import type { Refusal } from './commands.ts';
import type { CaseEvent } from './events.ts';

export type Ack = { ok: true; case: Case } | { ok: false; error: Refusal };
export type AckFn = (ack: Ack) => void;

export interface ClientToServerEvents {
  'case:claim': (payload: { caseId: string }, ack: AckFn) => void;
  'case:release': (payload: { caseId: string }, ack: AckFn) => void;
  'case:resolve': (payload: { caseId: string; resolution: string; answerId?: string | null }, ack: AckFn) => void;
  'case:reopen': (payload: { caseId: string; reason?: string | null }, ack: AckFn) => void;
  'case:wait': (payload: { caseId: string; reason: string }, ack: AckFn) => void;
  'case:resume': (payload: { caseId: string }, ack: AckFn) => void;
  'case:escalate': (payload: { caseId: string; note: string; vendorRef?: string | null }, ack: AckFn) => void;
  'case:set-vendor-ref': (payload: { caseId: string; vendorRef: string }, ack: AckFn) => void;
  'case:assign': (payload: { caseId: string; userId: string }, ack: AckFn) => void;
  'case:prioritize': (payload: { caseId: string; priority: Priority }, ack: AckFn) => void;
  'case:note': (payload: { caseId: string; text: string; visibility: NoteVisibility }, ack: AckFn) => void;
  'case:link': (payload: { caseId: string; problemId: string }, ack: AckFn) => void;
  'case:unlink': (payload: { caseId: string }, ack: AckFn) => void;
  'case:recategorise': (payload: { caseId: string; category: string }, ack: AckFn) => void;
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
}

export interface SocketAuth {
  lastEventId?: string | null;
  /** Case events as `case:events` batches instead of one `case:event` each. */
  batch?: boolean;
}

export const SOCKET_PATH = '/socket.io';
export const FEED_PATH = '/api/feed';
