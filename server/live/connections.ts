// Open live connections by session and by user, so a logout or a disabled account closes
// them at once. Ends are announced over Redis pub/sub, so every server node (and the CLI)
// can end a session wherever its connections are.
import type { Redis } from '../redis/connect.ts';
import { hashToken } from '../store/session-store.ts';

export const LIVE_CONTROL_CHANNEL = 'wr:live-control';

export type EndNotice = { kind: 'session'; id: string } | { kind: 'user'; id: string };

type Close = () => void;

export class LiveConnections {
  private readonly bySession = new Map<string, Set<Close>>();
  private readonly byUser = new Map<string, Set<Close>>();
  private readonly tokens = new Map<Close, string>();

  /** Registers a connection; call the returned function when it closes. */
  add(token: string, userId: string, close: Close): () => void {
    const sessionHash = hashToken(token);
    this.tokens.set(close, token);
    const put = (map: Map<string, Set<Close>>, key: string) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(close);
    };
    const drop = (map: Map<string, Set<Close>>, key: string) => {
      const set = map.get(key);
      set?.delete(close);
      if (set?.size === 0) map.delete(key);
    };
    put(this.bySession, sessionHash);
    put(this.byUser, userId);
    return () => {
      this.tokens.delete(close);
      drop(this.bySession, sessionHash);
      drop(this.byUser, userId);
    };
  }

  /**
   * Closes connections whose session has ended without a notice reaching this node
   * (expiry, or a notice lost while Redis was away).
   */
  async sweep(alive: (token: string) => Promise<boolean>): Promise<number> {
    let closed = 0;
    for (const [close, token] of [...this.tokens]) {
      if (!(await alive(token))) {
        close();
        closed++;
      }
    }
    return closed;
  }

  end(notice: EndNotice): number {
    const set = (notice.kind === 'session' ? this.bySession : this.byUser).get(notice.id);
    if (!set) return 0;
    const closers = [...set];
    for (const close of closers) close();
    return closers.length;
  }

  get size(): number {
    return this.tokens.size;
  }
}

export async function announceEnd(redis: Redis, notice: EndNotice): Promise<void> {
  await redis.publish(LIVE_CONTROL_CHANNEL, JSON.stringify(notice));
}

/** Listens for ends announced by any node or the CLI; returns the subscriber to close at shutdown. */
export async function listenForEnds(redis: Redis, connections: LiveConnections, onError: (err: Error) => void): Promise<Redis> {
  const subscriber = redis.duplicate();
  subscriber.on('error', onError);
  await subscriber.connect();
  await subscriber.subscribe(LIVE_CONTROL_CHANNEL, (message) => {
    try {
      const notice = JSON.parse(message) as EndNotice;
      if ((notice.kind === 'session' || notice.kind === 'user') && typeof notice.id === 'string') connections.end(notice);
    } catch (err) {
      onError(err as Error);
    }
  });
  return subscriber;
}
