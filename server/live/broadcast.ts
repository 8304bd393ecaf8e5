// Problems, answers and notices are not case events: they go out through socket.io's
// adapter (every node's boards), and boards load them afresh on every (re)connect, so a
// missed broadcast costs nothing.
import type { Problem } from '../../shared/problem.ts';
import type { Answer } from '../../shared/problem-schemas.ts';
import type { Shift } from '../../shared/roster.ts';
import type { NoticeView, ServerToClientEvents } from '../../shared/socket-contract.ts';

export interface BroadcastEmitter {
  to(room: string): { emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean };
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean;
}

export class Broadcast {
  /** The boards' socket.io server (through its adapter, every node's boards). */
  constructor(private readonly io: BroadcastEmitter) {}

  problemChanged(problem: Problem) {
    this.io.to('team').emit('problem:changed', problem);
  }

  rosterChanged(shifts: Shift[]) {
    this.io.to('team').emit('roster:changed', { shifts });
  }

  answerChanged(answer: Answer) {
    this.io.to('team').emit('answer:changed', answer);
  }

  /** To every board: the banner is for the superusers above all. */
  noticesChanged(notices: NoticeView[]) {
    this.io.emit('notice:changed', notices);
  }
}
