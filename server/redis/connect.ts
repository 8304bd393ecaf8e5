import { createClient, type RedisClientType } from 'redis';

export type Redis = RedisClientType;

export interface RedisOptions {
  url: string;
  /**
   * Queue commands while disconnected instead of failing them at once. Off for request
   * handling (a write must fail fast with a 503); on for loops that retry by re-issuing a
   * command, which would otherwise spin without pause while Redis is away.
   */
  queueWhileOffline?: boolean;
  /** Called on connection errors; the client keeps reconnecting by itself. */
  onError?: (err: Error) => void;
}

export function createRedis({ url, onError, queueWhileOffline = false }: RedisOptions): Redis {
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Keep trying while Redis is away; requests meanwhile fail fast (see disableOfflineQueue).
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
    disableOfflineQueue: !queueWhileOffline,
  });
  client.on('error', (err: Error) => onError?.(err));
  return client as Redis;
}

export async function connectRedis(opts: RedisOptions): Promise<Redis> {
  const client = createRedis(opts);
  await client.connect();
  return client;
}

/** Calls onLost once when the connection drops and onBack once it is ready again. */
export function watchRedis(client: Redis, handlers: { onLost: () => void; onBack: () => void | Promise<void> }) {
  let lost = false;
  client.on('reconnecting', () => {
    if (lost) return;
    lost = true;
    handlers.onLost();
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    void handlers.onBack();
  });
}
