// A load-generator process holding many live clients: socket.io boards, raw feed clients
// or plain ws clients of the baseline. It measures intake → receipt latency for every
// case.created at every client, from the send time stamped into the case.
//
// Boards speak the socket.io protocol themselves (Engine.IO v4 over ws: the same
// handshake, cookie, auth, ping/pong and frames as socket.io-client) and read only the
// event type and stamp from each frame. With hundreds of boards in one process, the full
// client's parsing would cost more CPU than the server under test on this 2-core machine;
// in production each board parses in its own browser. `realClient` uses socket.io-client.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { nowMs, within } from '../lib/clock.ts';
import { Histogram, type HistogramData } from '../lib/histogram.ts';
import { serveIpc } from '../lib/ipc.ts';
import { STAMP } from './case-text.ts';

type Kind = 'board' | 'feed' | 'ws';
interface Conn {
  kind: Kind;
  created: number;
  closing: boolean;
  close(): void;
}
interface IncomingEvent {
  type?: string;
  case?: { description?: string };
}

const conns: Conn[] = [];
let phaseStart = 0;
let hist = new Histogram();
let perSecond = new Map<number, Histogram>();
let counts = { created: 0, other: 0, stale: 0, unstamped: 0, dropped: 0 };
let cpuAtReset = process.cpuUsage();
let wallAtReset = Date.now();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const CREATED = Buffer.from('"type":"case.created"');
const ANY_EVENT = Buffer.from('"type":"case.');
const STAMP_AT = Buffer.from('bench:t=');

/**
 * The stamps of the case.created events in a frame (one event, or a batch of them) without
 * parsing the JSON. An event's `case`, which holds the stamp, comes after its `type`, so a
 * stamp belongs to the created event before it when no other event starts between them.
 */
function frameStamps(frame: Buffer, found: (stamp: number | 'other' | 'unstamped') => void): void {
  let at = frame.indexOf(CREATED);
  if (at < 0) return found('other');
  while (at >= 0) {
    const next = frame.indexOf(ANY_EVENT, at + CREATED.length);
    const end = next < 0 ? frame.length : next;
    const stampAt = frame.indexOf(STAMP_AT, at);
    if (stampAt < 0 || stampAt >= end) found('unstamped');
    else {
      let stop = stampAt + STAMP_AT.length;
      while (stop < end && ((frame[stop] >= 0x30 && frame[stop] <= 0x39) || frame[stop] === 0x2e)) stop++;
      found(Number(frame.toString('latin1', stampAt + STAMP_AT.length, stop)));
    }
    at = frame.indexOf(CREATED, end);
  }
}

function onEvent(conn: Conn, e: IncomingEvent) {
  if (e.type !== 'case.created') return record(conn, 'other');
  const m = STAMP.exec(e.case?.description ?? '');
  record(conn, m ? Number(m[1]) : 'unstamped');
}

function record(conn: Conn, stamp: number | 'other' | 'unstamped') {
  if (stamp === 'other') {
    counts.other++;
    return;
  }
  if (stamp === 'unstamped') {
    counts.unstamped++;
    return;
  }
  const sentAt = stamp;
  // Events stamped before this phase began are stragglers of the previous one.
  if (sentAt < phaseStart) {
    counts.stale++;
    return;
  }
  const latency = nowMs() - sentAt;
  hist.add(latency);
  const sec = Math.floor((sentAt - phaseStart) / 1000);
  let h = perSecond.get(sec);
  if (!h) perSecond.set(sec, (h = new Histogram()));
  h.add(latency);
  conn.created++;
  counts.created++;
}

/** A board at the protocol level: Engine.IO v4 packets over one WebSocket. */
function openProtocolBoard(baseUrl: string, cookie: string, timeoutMs: number): Promise<Conn> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie }, perMessageDeflate: false });
  const conn: Conn = { kind: 'board', created: 0, closing: false, close: () => ws.close() };
  return within(
    new Promise<Conn>((resolve, reject) => {
      let live = false;
      ws.on('message', (frame: Buffer) => {
        const type = frame[0];
        if (type === 0x32 /* ping */) ws.send('3');
        // Boards ask for batches (`case:events`), as the board in the browser does.
        else if (type === 0x30 /* open */) ws.send('40{"batch":true}');
        else if (type === 0x34 /* message */) {
          const packet = frame[1];
          if (packet === 0x32 /* event */) {
            if (live) frameStamps(frame, (stamp) => record(conn, stamp));
            else if (frame.includes('"sync:ready"')) {
              live = true;
              resolve(conn);
            }
          } else if (packet === 0x34 /* connect error */) reject(new Error(`refused: ${frame.toString('utf8', 2)}`));
          else if (packet === 0x31 /* disconnect */ && !conn.closing) counts.dropped++;
        }
      });
      ws.on('close', () => {
        if (live && !conn.closing) counts.dropped++;
      });
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    }),
    timeoutMs,
    'board sync',
  ).catch((err) => {
    ws.terminate();
    throw err;
  });
}

function openBoard(baseUrl: string, cookie: string, timeoutMs: number): Promise<Conn> {
  const socket: Socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie },
    auth: { batch: true },
    timeout: timeoutMs,
  });
  const conn: Conn = { kind: 'board', created: 0, closing: false, close: () => socket.disconnect() };
  socket.on('case:events', (events: IncomingEvent[]) => {
    for (const e of events) onEvent(conn, e);
  });
  return within(
    new Promise<Conn>((resolve, reject) => {
      socket.once('sync:ready', () => {
        socket.on('disconnect', () => {
          if (!conn.closing) counts.dropped++;
        });
        resolve(conn);
      });
      socket.once('connect_error', (err) => reject(err));
    }),
    timeoutMs,
    'board sync',
  ).catch((err) => {
    socket.disconnect();
    throw err;
  });
}

function openWs(url: string, kind: Kind, cookie: string | undefined, timeoutMs: number): Promise<Conn> {
  const ws = new WebSocket(url, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
  const conn: Conn = { kind, created: 0, closing: false, close: () => ws.close() };
  ws.on('message', (frame: Buffer) => frameStamps(frame, (stamp) => record(conn, stamp)));
  return within(
    new Promise<Conn>((resolve, reject) => {
      ws.once('open', () => {
        ws.on('close', () => {
          if (!conn.closing) counts.dropped++;
        });
        resolve(conn);
      });
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    }),
    timeoutMs,
    `${kind} open`,
  ).catch((err) => {
    ws.terminate();
    throw err;
  });
}

function open(kind: Kind, baseUrl: string, cookie: string, timeoutMs: number, realClient: boolean): Promise<Conn> {
  const wsBase = baseUrl.replace(/^http/, 'ws');
  if (kind === 'board') return realClient ? openBoard(baseUrl, cookie, timeoutMs) : openProtocolBoard(baseUrl, cookie, timeoutMs);
  if (kind === 'feed') return openWs(`${wsBase}/api/feed`, 'feed', cookie, timeoutMs);
  return openWs(`${wsBase}/feed`, 'ws', undefined, timeoutMs);
}

serveIpc(
  {
    async connect(msg) {
      const { kind, baseUrl, cookies, count, concurrency = 50, timeoutMs = 20_000, realClient = false } = msg as {
        realClient?: boolean;
        kind: Kind;
        baseUrl: string;
        cookies: string[];
        count: number;
        concurrency?: number;
        timeoutMs?: number;
      };
      const started = Date.now();
      let failed = 0;
      const errors = new Set<string>();
      let next = 0;
      const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const i = next++;
          try {
            conns.push(await open(kind, baseUrl, cookies[i % cookies.length], timeoutMs, realClient));
          } catch (err) {
            failed++;
            if (errors.size < 5) errors.add((err as Error).message);
          }
        }
      });
      await Promise.all(lanes);
      return { connected: count - failed, failed, errors: [...errors], ms: Date.now() - started };
    },
    disconnect(msg) {
      const kind = msg.kind as Kind | undefined;
      let left = (msg.count as number | undefined) ?? Infinity;
      for (let i = conns.length - 1; i >= 0 && left > 0; i--) {
        if (kind && conns[i].kind !== kind) continue;
        conns[i].closing = true;
        conns[i].close();
        conns.splice(i, 1);
        left--;
      }
      return conns.length;
    },
    reset(msg) {
      phaseStart = msg.phaseStart as number;
      hist = new Histogram();
      perSecond = new Map();
      counts = { created: 0, other: 0, stale: 0, unstamped: 0, dropped: 0 };
      for (const c of conns) c.created = 0;
      cpuAtReset = process.cpuUsage();
      wallAtReset = Date.now();
      loop.reset();
      return true;
    },
    stats() {
      const cpu = process.cpuUsage(cpuAtReset);
      const wallMs = Math.max(1, Date.now() - wallAtReset);
      const per = conns.map((c) => c.created);
      return {
        clients: conns.length,
        ...counts,
        perClientMin: per.length ? Math.min(...per) : 0,
        perClientMax: per.length ? Math.max(...per) : 0,
        hist: hist.toJSON(),
        perSecond: [...perSecond.entries()].map(([s, h]) => [s, h.toJSON()] as [number, HistogramData]),
        cpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
        loopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
        loopDelayMaxMs: Math.round(loop.max / 1e5) / 10,
      };
    },
  },
  Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000),
);
