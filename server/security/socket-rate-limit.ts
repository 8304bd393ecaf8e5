// A command budget for board connections: a token bucket (a burst, then a steady rate), shared
// by all the boards of one session on a node (see session-boards.ts), so opening more boards
// buys no more commands. A connection lives on one node, so the count stays in memory. A
// client that keeps sending past its budget for a while is disconnected rather than answered for ever.
import type { Socket } from 'socket.io';

export interface SocketLimitOptions {
  burst: number;
  perSecond: number;
  /** Refusals within `abuseWindowMs` after which the connection is closed. */
  abuseRefusals?: number;
  abuseWindowMs?: number;
  onAbuse?: (socket: Socket) => void;
  /** Each refused command. */
  onLimited?: () => void;
  now?: () => number;
  /** The bucket to take from, when several connections share one; a fresh one otherwise. */
  bucket?: TokenBucket;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until one token is back. */
  waitSeconds(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}

/** Installs the budget on one connection (socket.use: it sees every incoming event first). */
export function limitSocketCommands(socket: Socket, opts: SocketLimitOptions): void {
  const now = opts.now ?? Date.now;
  const bucket = opts.bucket ?? new TokenBucket(opts.burst, opts.perSecond, now());
  const abuseRefusals = opts.abuseRefusals ?? Math.max(50, opts.burst * 3);
  const abuseWindowMs = opts.abuseWindowMs ?? 10_000;
  let windowStart = now();
  let refusals = 0;
  socket.use((packet, next) => {
    const t = now();
    if (bucket.take(t)) return next();
    if (t - windowStart > abuseWindowMs) {
      windowStart = t;
      refusals = 0;
    }
    refusals++;
    opts.onLimited?.();
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') {
      ack({ ok: false, error: { code: 'rate_limited', message: `Too many commands from this login; try again in ${bucket.waitSeconds()} seconds`, params: { limit: 'moves', seconds: bucket.waitSeconds() } } });
    }
    if (refusals >= abuseRefusals) {
      opts.onAbuse?.(socket);
      socket.disconnect(true);
    }
    // The packet is dropped: next() is not called.
  });
}
