// The boards one session holds open on this node, and the command budget they share. One
// login opening hundreds of sockets would otherwise get hundreds of budgets; the cap bounds
// the sockets, the shared bucket the commands. Counted in memory: a connection lives on one node.
import { TokenBucket } from './socket-rate-limit.ts';

interface Entry {
  sockets: number;
  bucket: TokenBucket;
  forget: ReturnType<typeof setTimeout> | null;
}

export interface BoardSlot {
  /** The bucket every board of the session takes its commands from. */
  bucket: TokenBucket;
  /** Gives the place back; safe to call more than once. */
  release(): void;
}

export class SessionBoards {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly opts: { maxBoards: number; burst: number; perSecond: number; now?: () => number },
  ) {}

  /** A place for one more board of this session, or null when it has its maximum open. */
  open(session: string): BoardSlot | null {
    const now = this.opts.now ?? Date.now;
    let entry = this.#entries.get(session);
    if (!entry) this.#entries.set(session, (entry = { sockets: 0, bucket: new TokenBucket(this.opts.burst, this.opts.perSecond, now()), forget: null }));
    if (entry.sockets >= this.opts.maxBoards) return null;
    entry.sockets++;
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = null;
    const held = entry;
    let released = false;
    return {
      bucket: held.bucket,
      release: () => {
        if (released) return;
        released = true;
        held.sockets--;
        if (held.sockets > 0) return;
        // Kept until the bucket would be full again: closing every board must not refill it.
        held.forget = setTimeout(() => {
          if (held.sockets === 0 && this.#entries.get(session) === held) this.#entries.delete(session);
        }, Math.ceil((this.opts.burst / this.opts.perSecond) * 1000) + 1000);
        held.forget.unref();
      },
    };
  }

  /** Boards open for this session on this node. */
  count(session: string): number {
    return this.#entries.get(session)?.sockets ?? 0;
  }
}
