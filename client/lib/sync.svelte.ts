// Keeps a BoardState equal to the server: snapshot over HTTP, then the socket.io stream
// from the snapshot's lastEventId. Every (re)connect sends the latest applied event id, so
// the server replays exactly what the board missed; a gap means re-sync from a new snapshot.
import type { ReservedOrUserEventNames, ReservedOrUserListener } from '@socket.io/component-emitter';
import type { SocketReservedEvents } from 'socket.io-client';
import type { Case } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import type { Problem } from '../../shared/problem.ts';
import type { Answer } from '../../shared/problem-schemas.ts';
import type { Shift } from '../../shared/roster.ts';
import type {
  Ack,
  BoardCommandEvent,
  BoardCommandName,
  BoardCommandPayload,
  ClientToServerEvents,
  NoticeView,
  PresenceDelta,
  PresenceEntry,
  ServerToClientEvents,
  SocketAuth,
} from '../../shared/socket-contract.ts';
import { ApiError, type Snapshot } from './api.ts';
import type { BoardState } from './board.svelte.ts';
import { loadFailureText } from './messages.ts';

export type ConnectionState = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'offline';
/** The board's commands and their payloads, as the socket contract has them. */
export type CommandName = BoardCommandName;
export type CommandPayload = BoardCommandPayload;

/** 'offline' and 'timeout' are the client's own codes; the rest come from the server. */
export type CommandResult = { ok: true; case: Case } | { ok: false; error: { code: string; message: string; params?: Record<string, string | number> } };

/** The events the board hears: the contract's and socket.io's own (connect, disconnect, connect_error). */
type HeardEvent = ReservedOrUserEventNames<SocketReservedEvents, ServerToClientEvents>;
type Heard<E extends HeardEvent> = ReservedOrUserListener<SocketReservedEvents, ServerToClientEvents, E>;

/**
 * The part of socket.io's client the board uses, typed by the contract: the real socket is one,
 * and so is a test's stand-in that plays the server's part.
 */
export interface BoardSocket {
  readonly connected: boolean;
  readonly active: boolean;
  readonly io: { on(event: 'reconnect_attempt', listener: () => void): unknown };
  connect(): unknown;
  disconnect(): unknown;
  on<E extends HeardEvent>(event: E, listener: Heard<E>): unknown;
  once<E extends HeardEvent>(event: E, listener: Heard<E>): unknown;
  removeAllListeners(): unknown;
  emit(event: 'presence:viewing', ...args: Parameters<ClientToServerEvents['presence:viewing']>): unknown;
  timeout(ms: number): CommandEmitter;
}
export type AuthCallback = (cb: (auth: SocketAuth) => void) => void;

export interface SyncDeps {
  fetchSnapshot(): Promise<Snapshot>;
  /**
   * A snapshot whose request started before the app ran (index.html). Asked once, for the
   * first load only; null (or a failure) means the board fetches its own with fetchSnapshot.
   */
  earlySnapshot?(): Promise<Snapshot | null>;
  /** Must not connect by itself (autoConnect: false); `auth` is asked on every attempt. */
  createSocket(auth: AuthCallback): BoardSocket;
  /** The session is gone: the app shows the login page. */
  onUnauthorized(): void;
  /** Is the session still valid? Asked when the server drops the socket on purpose. */
  checkSession(): Promise<boolean>;
  isOnline?(): boolean;
  commandTimeoutMs?: number;
  retryDelayMs?: (attempt: number) => number;
  /** The team's presence list, on connect; an empty list while the socket is down, as nobody's presence is known then. */
  onPresence?(entries: PresenceEntry[]): void;
  /** What changed in the team's presence since the list. */
  onPresenceDelta?(delta: PresenceDelta): void;
  /** The stream is live again (first connect or reconnect): a good moment to re-announce what this board has open. */
  onLive?(): void;
  /** A problem was created or changed (team boards only). */
  onProblem?(problem: Problem): void;
  onAnswer?(answer: Answer): void;
  /** The notices now in force (every board). */
  onNotices?(notices: NoticeView[]): void;
  /** The lead replaced the roster (team boards). */
  onRoster?(shifts: Shift[]): void;
  /** The lead saved the rollout's settings: names, categories and targets may have changed. */
  onSettings?(version: number): void;
  /** Every case event the board applied, after it is on the board. */
  onCaseEvent?(event: CaseEvent): void;
  /**
   * Every event of the stream in log order, also one whose case a command's acknowledgement put
   * on the board first (a duplicate to the board, but still a claim to count): the statistics
   * model drops repeats by event id. After a resync the events in between never pass here.
   */
  onStreamEvent?(event: CaseEvent): void;
  /**
   * Runs `apply` before the next frame is drawn, so the events of several socket messages in one
   * frame reach the board as one batch. null applies each message at once. By default the
   * browser's animation frame, with a timer behind it: a hidden tab draws no frames, yet its
   * alerts must still sound.
   */
  nextFrame?: ((apply: () => void) => void) | null;
}

/** An acknowledgement with a deadline: socket.io gives it an error first, null when the answer came. */
type TimedAck = (err: Error | null, ack?: Ack) => void;

/** Any one of the contract's commands, with its payload; which payload goes with which name is checked by emitCommand's callers. */
interface CommandEmitter {
  emit(event: BoardCommandEvent, payload: BoardCommandPayload[BoardCommandName], ack: TimedAck): unknown;
}

/**
 * Sends a command with a deadline. socket.io's typed emit cannot pair a name that is a type
 * parameter with its payload; here K pairs them, and the socket is seen as a CommandEmitter.
 */
function emitCommand<K extends BoardCommandName>(socket: BoardSocket, timeoutMs: number, name: K, payload: BoardCommandPayload[K], ack: TimedAck): void {
  const emitter: CommandEmitter = socket.timeout(timeoutMs);
  // Spelled here rather than imported: the contract's values would bring the schema library into the bundle.
  const event: BoardCommandEvent = `case:${name}`;
  emitter.emit(event, payload, ack);
}

const FRAME_FALLBACK_MS = 100;

function animationFrame(): ((apply: () => void) => void) | null {
  if (typeof requestAnimationFrame !== 'function') return null;
  return (apply) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      apply();
    };
    requestAnimationFrame(once);
    setTimeout(once, FRAME_FALLBACK_MS);
  };
}

const defaultRetryDelay = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt);

export class BoardSync {
  #state = $state<ConnectionState>('connecting');
  /** When the board last stopped being live; null while live. Its SLA figures stand still from there. */
  downSince = $state<Date | null>(null);
  /** Set when the very first snapshot cannot be loaded; the board shows it with a retry button. */
  loadError = $state<string | null>(null);
  /** The server refused this board for a reason the person can act on (too many boards open); cleared once live. */
  refusal = $state<'too_many_boards' | null>(null);
  resyncCount = $state(0);

  readonly #board: BoardState;
  readonly #deps: SyncDeps;
  #socket: BoardSocket | null = null;
  #resyncing = false;
  #stopped = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #nextFrame: ((apply: () => void) => void) | null;
  /** Events received since the last frame, in the order they came. */
  #pending: CaseEvent[] = [];
  #frameAsked = false;
  #earlyAsked = false;

  constructor(board: BoardState, deps: SyncDeps) {
    this.#board = board;
    this.#deps = deps;
    this.#nextFrame = deps.nextFrame === undefined ? animationFrame() : deps.nextFrame;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  set state(next: ConnectionState) {
    if (next === 'live') this.downSince = null;
    else if (this.#state === 'live') this.downSince = new Date();
    this.#state = next;
  }

  /** Commands can go out: the stream is live. Anything else would be refused as 'offline'. */
  get canAct(): boolean {
    return this.#state === 'live';
  }

  /** The connection is lost (not merely starting up): the board says so and its figures stand still. */
  get interrupted(): boolean {
    return this.#state === 'offline' || this.#state === 'reconnecting';
  }

  get connected(): boolean {
    return this.#socket?.connected === true;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.state = 'connecting';
    if (!(await this.#loadSnapshot())) return;
    // Batches: at a busy hour one frame carries many events, and the board is drawn once for them.
    this.#socket = this.#deps.createSocket((cb) => cb({ lastEventId: this.#board.lastEventId, batch: true }));
    this.#listen(this.#socket);
    this.#socket.connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#pending = [];
    this.#clearRetry();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** The browser says the network is back: try now instead of waiting for the backoff. */
  online(): void {
    if (this.#stopped) return;
    if (!this.#board.loaded) {
      void this.start();
      return;
    }
    if (this.#socket && !this.#socket.connected && !this.#resyncing) {
      this.state = 'reconnecting';
      this.#socket.connect();
    }
  }

  offline(): void {
    if (!this.connected) this.state = 'offline';
  }

  /** Fetches a fresh snapshot and reconnects from its lastEventId. */
  async resync(): Promise<void> {
    if (this.#resyncing || this.#stopped) return;
    this.#resyncing = true;
    this.resyncCount++;
    // Stop the stream first: nothing may be applied on top of a board that is being replaced.
    this.#socket?.disconnect();
    this.#pending = [];
    this.state = 'syncing';
    try {
      if (!(await this.#loadSnapshot())) return;
    } finally {
      this.#resyncing = false;
    }
    if (!this.#stopped) this.#socket?.connect();
  }

  command<K extends CommandName>(name: K, payload: CommandPayload[K]): Promise<CommandResult> {
    const socket = this.#socket;
    // Buffered emits would fire minutes later on reconnect; a claim must happen now or not at all.
    if (!socket?.connected) return Promise.resolve({ ok: false, error: { code: 'offline', message: 'Not connected' } });
    const timeout = this.#deps.commandTimeoutMs ?? 10_000;
    return new Promise((resolve) => {
      const done: TimedAck = (err, ack) => {
        if (err || !ack) {
          resolve({ ok: false, error: { code: 'timeout', message: err?.message ?? 'No answer' } });
          return;
        }
        if (ack.ok) this.#board.merge(ack.case);
        if (ack.ok) return resolve({ ok: true, case: ack.case });
        const { code, message } = ack.error;
        const params = 'params' in ack.error ? ack.error.params : undefined;
        resolve({ ok: false, error: params ? { code, message, params } : { code, message } });
      };
      emitCommand(socket, timeout, name, payload, done);
    });
  }

  /** Tells the team which case this board has open; dropped while offline, as the next connect re-announces it. */
  sendViewing(caseId: string | null): void {
    if (this.#socket?.connected) this.#socket.emit('presence:viewing', { caseId });
  }

  /** Loads a snapshot, retrying with backoff; false if the session is gone or sync was stopped. */
  async #loadSnapshot(): Promise<boolean> {
    for (let attempt = 0; !this.#stopped; attempt++) {
      try {
        const snapshot = (await this.#takeEarlySnapshot()) ?? (await this.#deps.fetchSnapshot());
        if (this.#stopped) return false;
        this.#board.load(snapshot);
        this.loadError = null;
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          this.#deps.onUnauthorized();
          return false;
        }
        if (!this.#board.loaded) this.loadError = loadFailureText(err);
        this.state = this.#isOnline() ? 'reconnecting' : 'offline';
        await this.#sleep(this.#retryDelay(attempt));
      }
    }
    return false;
  }

  async #takeEarlySnapshot(): Promise<Snapshot | null> {
    if (this.#earlyAsked || !this.#deps.earlySnapshot) return null;
    this.#earlyAsked = true;
    try {
      return await this.#deps.earlySnapshot();
    } catch {
      return null;
    }
  }

  #listen(socket: BoardSocket): void {
    socket.on('connect', () => {
      this.state = 'syncing';
    });
    socket.on('sync:ready', (info) => {
      const mine = this.#board.lastEventId;
      const theirs = info?.lastEventId ?? null;
      // The board has seen events the server's log never had (its data was reset): start over.
      if (mine !== null && (theirs === null || compareEventIds(mine, theirs) > 0)) {
        void this.resync();
        return;
      }
      // The catch-up still waiting for its frame is applied now, while the board is not yet live:
      // a replayed case must not count as a new one (an alert for it would be false).
      this.#flushPending();
      // A gap in it started a reload: the board goes live once that is done.
      if (this.#resyncing) return;
      this.refusal = null;
      this.state = 'live';
      this.#deps.onLive?.();
    });
    socket.on('presence:update', (entries) => {
      this.#deps.onPresence?.(Array.isArray(entries) ? entries : []);
    });
    socket.on('presence:delta', (delta) => {
      if (Array.isArray(delta?.set) && Array.isArray(delta?.removed)) this.#deps.onPresenceDelta?.(delta);
    });
    socket.on('sync:reset', () => {
      void this.resync();
    });
    socket.on('case:events', (events: CaseEvent[]) => {
      if (Array.isArray(events)) this.#receive(events);
    });
    // A server that does not know batches (during a rolling upgrade) still sends single events.
    socket.on('case:event', (event: CaseEvent) => {
      if (event && typeof event === 'object') this.#receive([event]);
    });
    socket.on('problem:changed', (problem) => {
      if (problem && typeof problem === 'object') this.#deps.onProblem?.(problem);
    });
    socket.on('answer:changed', (answer) => {
      if (answer && typeof answer === 'object') this.#deps.onAnswer?.(answer);
    });
    socket.on('notice:changed', (notices) => {
      this.#deps.onNotices?.(Array.isArray(notices) ? notices : []);
    });
    socket.on('settings:changed', (info) => {
      if (typeof info?.version === 'number') this.#deps.onSettings?.(info.version);
    });
    socket.on('roster:changed', (info) => {
      if (Array.isArray(info?.shifts)) this.#deps.onRoster?.(info.shifts);
    });
    socket.on('disconnect', (reason) => {
      this.#deps.onPresence?.([]);
      if (this.#stopped || this.#resyncing || reason === 'io client disconnect') return;
      this.state = this.#isOnline() ? 'reconnecting' : 'offline';
      // The server only hangs up on purpose when the session ended, or it wants us back later.
      if (reason === 'io server disconnect') void this.#afterServerDisconnect();
    });
    socket.on('connect_error', (err) => {
      if (this.#stopped) return;
      if (err.message === 'unauthorized') {
        this.stop();
        this.#deps.onUnauthorized();
        return;
      }
      if (err.message === 'invalid lastEventId') {
        void this.resync();
        return;
      }
      // One login may keep only so many boards open; this one keeps trying, and gets in once another closes.
      if (err.message === 'too_many_boards') this.refusal = 'too_many_boards';
      this.state = this.#isOnline() ? 'reconnecting' : 'offline';
      // A refusal from the server's middleware ends socket.io's own retrying; keep trying ourselves.
      if (!socket.active) this.#scheduleReconnect();
    });
    socket.io.on('reconnect_attempt', () => {
      if (!this.#stopped && this.state !== 'offline') this.state = 'reconnecting';
    });
  }

  /** Collects what arrives within one frame; the board takes it all at once before the frame is drawn. */
  #receive(events: readonly CaseEvent[]): void {
    if (this.#resyncing) return;
    if (!this.#nextFrame) {
      this.#applyEvents(events);
      return;
    }
    for (const e of events) this.#pending.push(e);
    if (this.#frameAsked) return;
    this.#frameAsked = true;
    this.#nextFrame(() => {
      this.#frameAsked = false;
      this.#flushPending();
    });
  }

  #flushPending(): void {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0 && !this.#stopped) this.#applyEvents(batch);
  }

  /** Each event still checked on its own: a repeat is dropped, a gap stops the batch and reloads the snapshot. */
  #applyEvents(events: readonly CaseEvent[]): void {
    if (this.#resyncing) return;
    const { fits, gap } = this.#board.applyBatch(events);
    fits.forEach((fit, i) => {
      if (fit === 'apply') this.#deps.onCaseEvent?.(events[i]);
      this.#deps.onStreamEvent?.(events[i]);
    });
    if (gap) void this.resync();
  }

  async #afterServerDisconnect(): Promise<void> {
    let valid = true;
    try {
      valid = await this.#deps.checkSession();
    } catch {
      valid = true;
    }
    if (this.#stopped) return;
    if (!valid) {
      this.stop();
      this.#deps.onUnauthorized();
      return;
    }
    this.#scheduleReconnect();
  }

  #reconnectAttempt = 0;
  #scheduleReconnect(): void {
    this.#clearRetry();
    const delay = this.#retryDelay(this.#reconnectAttempt++);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopped && this.#socket && !this.#socket.connected) this.#socket.connect();
    }, delay);
    this.#socket?.once('connect', () => {
      this.#reconnectAttempt = 0;
    });
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #retryDelay(attempt: number): number {
    return (this.#deps.retryDelayMs ?? defaultRetryDelay)(attempt);
  }

  #isOnline(): boolean {
    return this.#deps.isOnline?.() ?? (typeof navigator === 'undefined' ? true : navigator.onLine !== false);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        resolve();
      }, ms);
    });
  }
}
