// socket.io for the board: the session cookie is checked at the handshake, the session and
// role again at every command; events are replayed from auth.lastEventId, then live:
// one `case:event` per event, or, for a client that asked with auth.batch, one `case:events`
// per batch (a page of the replay, one read of the event stream).
import type { Server as HttpServer } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import type { Redis } from '../redis/connect.ts';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Actor } from '../../shared/case.ts';
import type { CaseEvent } from '../../shared/events.ts';
import { CaseIdSchema, EventIdSchema } from '../../shared/schemas.ts';
import type { Presence, PresenceBatch, PresenceLinks } from './presence.ts';
import type { Case } from '../../shared/case.ts';
import { caseForReporter, eventForReporter } from '../../shared/visibility.ts';
import { MOVES } from '../services/moves.ts';
import {
  SOCKET_PATH,
  type Ack,
  type BoardCommandEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-contract.ts';
import { SESSION_COOKIE, actorFromToken } from '../auth/session-auth.ts';
import type { CaseService } from '../services/case-service.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { UserStore } from '../store/user-store.ts';
import type { EventTail } from './event-tail.ts';
import type { LiveConnections } from './connections.ts';
import { originAllowed } from '../auth/origin.ts';
import { subscribe } from './subscription.ts';
import { sinceVerdict } from '../store/event-since.ts';
import { eventFrame, writeFrame } from './room-frames.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { limitSocketCommands } from '../security/socket-rate-limit.ts';
import { SessionBoards, type BoardSlot } from '../security/session-boards.ts';
import type { MoveBudget } from '../security/move-budget.ts';

interface SocketData {
  actor: Actor;
  token: string;
  /** Case events as `case:events` batches instead of one `case:event` each. */
  batch: boolean;
}

/**
 * How long a command's session check stands for the socket's next commands. A session ended
 * by a logout or a disabled account closes its sockets (connections.ts), and one touched this
 * recently cannot have idled out, so a board's burst of moves asks Redis once, not per move.
 */
const SESSION_RECHECK_MS = 5_000;
/** Between server nodes, through the adapter. */
interface InterServerEvents {
  'presence:batch': (batch: PresenceBatch) => void;
}
type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type BoardServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

// Each move's payload (its HTTP body plus the case id), compiled once.
const payloads = new Map(MOVES.map((move) => [move.command, { move, check: Compile(move.payload) }]));
const COMMAND_EVENTS: ReadonlySet<string> = new Set(payloads.keys());
const COMMAND_NAMES = [...payloads.keys()].join(', ');
const viewingSchema = Compile(Type.Object({ caseId: Type.Union([CaseIdSchema, Type.Null()]) }, { additionalProperties: false }));
const authSchema = Compile(Type.Object({ lastEventId: Type.Optional(Type.Union([EventIdSchema, Type.Null()])), batch: Type.Optional(Type.Boolean()) }));

export interface SocketDeps {
  presence: Presence;
  sessions: SessionStore;
  users: UserStore;
  store: CaseStore;
  service: CaseService;
  tail: EventTail;
  connections: LiveConnections;
  log: { warn: (obj: object, msg: string) => void };
  /** Refused handshakes and commands are recorded here. */
  audit?: AuditLog;
  /** The command budget of one session's boards, and how many it may open; none when absent. */
  limits?: { socketBurst: number; socketPerSecond: number; boardsPerSession: number };
  /** The account's budget for changes, shared with its HTTP writes (in Redis, across nodes); none when absent. */
  changes?: MoveBudget;
  /** Called for each command refused for a spent budget (the metrics count them). */
  onRateLimited?: () => void;
}

/**
 * The boards' socket.io server, without its handlers yet: presence and broadcast are built
 * around it (createServices), and serveBoards then gives it the boards' protocol.
 */
export function createBoardServer(opts: { httpServer: HttpServer; adapterClient: Redis; publicOrigin: string | null }): BoardServer {
  return new Server(opts.httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // The plain WebSocket feed shares the port; its upgrades must not be destroyed here.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
    // Case batches are written as frames built once per room (room-frames.ts): uncompressed.
    perMessageDeflate: false,
    // Checked for both transports, before any upgrade: a foreign page gets nothing.
    allowRequest: (req, callback) => callback(null, originAllowed(req, opts.publicOrigin)),
    // Several server nodes share one Redis: the Redis Streams adapter carries socket.io's
    // own messages (room broadcasts, fetchSockets) between them and resumes after a Redis
    // reconnect. Case events do not need it: every node reads them from the event stream.
    adapter: createAdapter(opts.adapterClient, { streamName: 'wr:socket.io', maxLen: 10_000, blockTimeInMs: 1_000 }),
  });
}

/** The presence list's way out of this node: batches to the other nodes, differences to its own team boards. */
export function presenceLinks(io: BoardServer, warn: (err: Error) => void): PresenceLinks {
  return {
    publish: (batch) => io.serverSideEmit('presence:batch', batch),
    send: (delta) => io.local.to('team').emit('presence:delta', delta),
    warn,
  };
}

/** The boards' protocol on the server createBoardServer made: handshake, catch-up, live events, presence, commands. */
export function serveBoards(io: BoardServer, deps: SocketDeps): void {

  // Each board's place among its session's boards, and their shared budget (kept out of
  // socket.data, which the adapter may send to other nodes).
  const slots = new WeakMap<BoardSocket, BoardSlot>();
  /** Until when each socket's session needs no check in Redis (also kept out of socket.data). */
  const sessionChecked = new WeakMap<BoardSocket, number>();
  const boards = deps.limits ? new SessionBoards({ maxBoards: deps.limits.boardsPerSession, burst: deps.limits.socketBurst, perSecond: deps.limits.socketPerSecond }) : null;

  io.use(async (socket, next) => {
    try {
      const token = fastifyCookie.parse(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const actor = await actorFromToken(token, deps.sessions, deps.users);
      if (!actor) {
        void deps.audit?.record({ actor: null, action: 'socket.connect', target: 'socket.io handshake', outcome: 'unauthorized', ip: socket.handshake.address });
        return next(new Error('unauthorized'));
      }
      const auth = socket.handshake.auth ?? {};
      if (!authSchema.Check(auth)) return next(new Error(auth.batch !== undefined && typeof auth.batch !== 'boolean' ? 'invalid batch' : 'invalid lastEventId'));
      // Taken in the same tick as the check, so a burst of handshakes cannot all slip under the cap.
      const slot = boards?.open(token!) ?? null;
      if (boards && !slot) {
        void deps.audit?.record({ actor: { id: actor.id, username: actor.username }, action: 'socket.connect', target: 'socket.io handshake: too many boards', outcome: 'forbidden', ip: socket.handshake.address });
        return next(new Error('too_many_boards'));
      }
      // A socket can pass this check and still never connect (its client left meanwhile): the
      // transport's close gives the place back then too.
      if (slot) {
        socket.conn.once('close', slot.release);
        slots.set(socket, slot);
      }
      socket.data = { actor, token: token!, batch: auth.batch === true };
      next();
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'socket handshake failed');
      next(new Error('unavailable'));
    }
  });

  // Live events go to rooms, one per cut of the cases (the team sees them whole, a reporter
  // only their institution's, cut for reporters): each read's batch is encoded once per room
  // as one WebSocket frame and written to each of its boards as it is (room-frames.ts).
  // Only this node's sockets: every node reads the event stream itself. A batch socket is in its
  // room and in the room's batch room, so the other broadcasts to `team` still reach it; the
  // single events go to the room except its batch sockets, and only when someone wants them.
  const roomOf = (actor: Actor) => (actor.role === 'reporter' ? `inst:${actor.institution}` : 'team');
  const batchRoom = (room: string) => `${room}:batch`;
  const rooms = io.of('/').adapter.rooms;
  const sockets = io.of('/').sockets;
  const size = (room: string) => rooms.get(room)?.size ?? 0;
  const sendToRoom = (room: string, events: readonly CaseEvent[]) => {
    const batchers = rooms.get(batchRoom(room));
    const batched = batchers?.size ?? 0;
    if (batchers && batched > 0) {
      const frame = eventFrame('case:events', events);
      for (const id of batchers) {
        const socket = sockets.get(id);
        if (socket && !writeFrame(socket, frame)) socket.emit('case:events', events as CaseEvent[]);
      }
    }
    if (size(room) > batched) for (const event of events) io.local.to(room).except(batchRoom(room)).emit('case:event', event);
  };
  deps.tail.subscribeBatches((events) => {
    sendToRoom('team', events);
    const byInstitution = new Map<string, CaseEvent[]>();
    for (const event of events) {
      const room = `inst:${event.case.institution}`;
      if (!rooms.has(room)) continue;
      let list = byInstitution.get(room);
      if (!list) byInstitution.set(room, (list = []));
      list.push(eventForReporter(event));
    }
    for (const [room, list] of byInstitution) sendToRoom(room, list);
  });

  // Presence: each node's batched changes go to the other nodes through the adapter; every node
  // then sends its own boards the differences (io.local), so a change costs one message per board.
  const presence = deps.presence;
  io.on('presence:batch', (batch) => presence.receive(batch));
  void presence.start().catch((err: Error) => deps.log.warn({ err: err.message }, 'presence update failed'));
  const onTeam = (actor: Actor) => actor.role === 'lead' || actor.role === 'member';

  const auditCommand = (socket: BoardSocket, target: string, outcome: 'unauthorized' | 'forbidden' | 'disconnected', caseId?: unknown) =>
    void deps.audit?.record({
      actor: { id: socket.data.actor.id, username: socket.data.actor.username },
      action: 'socket.command',
      target: target.slice(0, 100),
      outcome,
      ip: socket.handshake.address,
      caseId: typeof caseId === 'string' ? caseId : null,
    });

  io.on('connection', (socket: BoardSocket) => {
    // First, so a flood is refused before any command does work.
    const slot = slots.get(socket);
    if (slot) socket.once('disconnect', slot.release);
    if (deps.limits) {
      limitSocketCommands(socket, {
        burst: deps.limits.socketBurst,
        perSecond: deps.limits.socketPerSecond,
        bucket: slot?.bucket,
        onAbuse: () => auditCommand(socket, 'command flood', 'disconnected'),
        onLimited: deps.onRateLimited,
      });
    }
    // A logout or a disabled account ends the connection; the client then finds its session gone.
    const unregister = deps.connections.add(socket.data.token, socket.data.actor.id, () => socket.disconnect(true));
    socket.once('disconnect', unregister);
    if (onTeam(socket.data.actor)) {
      socket.once('disconnect', () => presence.leave(socket.id));
      socket.on('presence:viewing', (payload: unknown) => {
        if (!viewingSchema.Check(payload)) return;
        presence.viewing(socket.id, payload.caseId);
      });
    }
    const since = (socket.handshake.auth?.lastEventId as string | null | undefined) ?? null;
    void startStream(socket, since);
    for (const name of payloads.keys()) {
      // socket.io puts the acknowledgement last, whatever came before it: a client sending
      // extra arguments still gets its answer instead of waiting for ever.
      socket.on(name, (...args: unknown[]) => {
        const last = args[args.length - 1];
        void runCommand(socket, name, args.length > 1 ? args[0] : typeof last === 'function' ? undefined : last, typeof last === 'function' ? last : undefined);
      });
    }
    socket.onAny((event: string, ...args: unknown[]) => {
      if (COMMAND_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        (ack as (a: Ack) => void)({ ok: false, error: { code: 'invalid', message: `Unknown command "${String(event).slice(0, 50)}"; the board knows ${COMMAND_NAMES}` } });
      }
    });
  });

  async function startStream(socket: BoardSocket, since: string | null) {
    let sub: ReturnType<typeof subscribe> | null = null;
    // Registered before any await, so a client that leaves during the catch-up leaks nothing.
    socket.once('disconnect', () => sub?.close());
    try {
      const verdict = await sinceVerdict(deps.store, since, 'lastEventId');
      if (!socket.connected) return;
      if (!verdict.ok && verdict.code === 'invalid') {
        // The client holds events this log never had (e.g. a wiped database): it must reload.
        socket.emit('sync:ready', { lastEventId: verdict.params.lastEventId ?? (await deps.store.lastEventId()) });
        socket.disconnect(true);
        return;
      }
      if (!verdict.ok) {
        socket.emit('sync:reset', { reason: verdict.message });
        return;
      }
      sub = subscribe({
        store: deps.store,
        tail: deps.tail,
        actor: socket.data.actor,
        since,
        send: (events) => {
          if (socket.data.batch) socket.emit('case:events', events as CaseEvent[]);
          else for (const event of events) socket.emit('case:event', event);
        },
        handOff: () => {
          if (!socket.connected) return;
          const actor = socket.data.actor;
          const room = roomOf(actor);
          socket.join(socket.data.batch ? [room, batchRoom(room)] : room);
          // The list as last sent, and the room in the same tick: every later delta applies to it.
          if (actor.role !== 'reporter') socket.emit('presence:update', presence.current());
          if (onTeam(actor)) presence.join(socket.id, actor);
        },
      });
      const lastEventId = await sub.ready;
      if (socket.connected) socket.emit('sync:ready', { lastEventId });
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'catch-up failed; closing the transport so the client reconnects');
      sub?.close();
      socket.conn.close();
    }
  }

  async function sessionAlive(socket: BoardSocket): Promise<boolean> {
    const now = Date.now();
    if (now < (sessionChecked.get(socket) ?? 0)) return true;
    const data = await deps.sessions.touch(socket.data.token);
    if (!data) return false;
    // Half the idle time at most, so a touch still comes well before the session could idle out.
    sessionChecked.set(socket, Math.min(now + SESSION_RECHECK_MS, (now + deps.sessions.aliveUntil(data, now)) / 2));
    return true;
  }

  async function runCommand(socket: BoardSocket, name: BoardCommandEvent, payload: unknown, ack: unknown) {
    if (typeof ack !== 'function') return;
    // emit('case:claim', ack) without a payload: answer rather than leave the client waiting.
    if (payload === undefined) {
      (ack as (a: Ack) => void)({ ok: false, error: { code: 'invalid', message: `${name} needs a payload such as {"caseId":"42"}` } });
      return;
    }
    const reply = ack as (a: Ack) => void;
    try {
      // The role was read at the handshake; a disabled account or a logout closes this socket
      // (see connections.ts), so each command needs only the session's own check.
      const actor = (await sessionAlive(socket)) ? socket.data.actor : null;
      if (!actor) {
        auditCommand(socket, name, 'unauthorized');
        reply({ ok: false, error: { code: 'unauthorized', message: 'Your session has ended; log in again' } });
        socket.disconnect(true);
        return;
      }
      const { move, check } = payloads.get(name)!;
      if (!check.Check(payload)) {
        const first = [...check.Errors(payload)][0];
        reply({ ok: false, error: { code: 'invalid', message: `${name}: ${first?.instancePath || 'payload'} ${first?.message ?? 'is not valid'}` } });
        return;
      }
      // One budget per account for every change, whether it comes over HTTP or a board; here its
      // token is taken in the commit's own round trip (rate_limited when none is left).
      const p = payload as Record<string, unknown>;
      const result = await deps.service.handle(p.caseId as string, move.request(p), actor, { budget: deps.changes });
      const shown = (c: Case) => (actor.role === 'reporter' ? caseForReporter(c) : c);
      if (!result.ok && result.error.code === 'rate_limited') deps.onRateLimited?.();
      if (!result.ok && result.error.code === 'forbidden') auditCommand(socket, `${name} ${String(p.caseId)}`, 'forbidden', p.caseId);
      reply(result.ok ? { ok: true, case: shown(result.case) } : { ok: false, error: result.error });
    } catch (err) {
      deps.log.warn({ err }, `${name} failed`);
      reply({ ok: false, error: { code: 'unavailable', message: 'The server could not store this right now; try again' } });
    }
  }
}
