// "Reload your snapshot" for every open board on every node, after the log was rewritten
// (an erasure) or cases were purged (retention): a board cannot apply a change that is not
// an event, so it loads GET /api/cases again (sync:reset; see client/lib/sync.svelte.ts).
// Over pub/sub rather than the socket.io adapter: the retention job may run in the separate
// worker process, which has no socket server.
import type { Redis } from '../redis/connect.ts';

export const BOARD_RESET_CHANNEL = 'wr:board-reset';

export async function announceBoardReset(redis: Redis, reason: string): Promise<void> {
  await redis.publish(BOARD_RESET_CHANNEL, reason);
}

/** Calls `reset` on this node for every announcement; returns the subscriber to close at shutdown. */
export async function listenForBoardResets(redis: Redis, reset: (reason: string) => void, onError: (err: Error) => void): Promise<Redis> {
  const subscriber = redis.duplicate();
  subscriber.on('error', onError);
  await subscriber.connect();
  await subscriber.subscribe(BOARD_RESET_CHANNEL, (message) => reset(message.slice(0, 300)));
  return subscriber;
}
