// Real socket.io and ws clients, logged in with a session cookie like a browser.
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { CaseEvent } from '../../shared/events.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket-contract.ts';

export type BoardClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Recorder {
  events: CaseEvent[];
  /** The events of each frame as it came: one for a single event, several for a batch. */
  frames: { kind: 'single' | 'batch'; events: CaseEvent[] }[];
  waitFor(pred: (events: CaseEvent[]) => boolean, timeoutMs?: number): Promise<void>;
}

function recorder(): Recorder & { push(e: CaseEvent): void; pushBatch(es: CaseEvent[]): void } {
  const events: CaseEvent[] = [];
  const frames: Recorder['frames'] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    frames,
    push(e) {
      events.push(e);
      frames.push({ kind: 'single', events: [e] });
      for (const w of waiters) w();
    },
    pushBatch(es) {
      events.push(...es);
      frames.push({ kind: 'batch', events: es });
      for (const w of waiters) w();
    },
    waitFor(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            clearInterval(poll);
            resolve();
          }
        };
        // Also polled: a predicate may read state that other listeners update after this one.
        const poll = setInterval(check, 20);
        const timer = setTimeout(() => {
          waiters.delete(check);
          clearInterval(poll);
          reject(new Error(`timed out waiting; saw ${events.length} events`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

type Auth = { lastEventId?: string | null; batch?: boolean };

export function connectBoard(baseUrl: string, cookie: string, auth: Auth | (() => Auth) = {}) {
  const rec = recorder();
  let ready!: (id: string | null) => void;
  const synced = new Promise<string | null>((r) => (ready = r));
  const socket: BoardClient = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    auth: typeof auth === 'function' ? (cb) => cb(auth()) : auth,
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
  socket.on('case:event', (e) => rec.push(e));
  socket.on('case:events', (es) => rec.pushBatch(es));
  socket.on('sync:ready', (info) => ready(info.lastEventId));
  return { socket, ...rec, synced };
}

export function connectFeed(baseUrl: string, cookie: string, since?: string | null, opts: { batch?: string } = {}) {
  const rec = recorder();
  const query = new URLSearchParams();
  if (since) query.set('since', since);
  if (opts.batch !== undefined) query.set('batch', opts.batch);
  const url = baseUrl.replace(/^http/, 'ws') + '/api/feed' + (query.size ? `?${query}` : '');
  const ws = new WebSocket(url, { headers: { cookie } });
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (Array.isArray(message)) rec.pushBatch(message);
    else rec.push(message);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`feed refused: ${res.statusCode}`)));
  });
  return { ws, ...rec, opened };
}

type Listener = (...args: any[]) => void;

/**
 * The first argument of the next `event` on a socket.io client or a ws, or a failure naming
 * the event once the deadline has passed. Call it before the action that causes the event.
 */
export function nextEvent<T = unknown>(on: BoardClient | WebSocket, event: string, timeoutMs = 10_000): Promise<T> {
  const emitter = on as unknown as { once(event: string, listener: Listener): unknown; off(event: string, listener: Listener): unknown };
  return new Promise<T>((resolve, reject) => {
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

type AckedCommand = Exclude<keyof ClientToServerEvents, 'presence:viewing'>;

export function emitAck<E extends AckedCommand>(socket: BoardClient, event: E, payload: Parameters<ClientToServerEvents[E]>[0]) {
  return new Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]>((resolve) => {
    (socket.emit as (...args: unknown[]) => void)(event, payload, resolve);
  });
}
