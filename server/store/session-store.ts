// Server-side sessions: the cookie holds 256 random bits; Redis holds only their hash,
// so a copy of the database does not hand out live sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';

export interface SessionData {
  username: string;
  userId: string;
  createdAt: number;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
  ) {}

  async create(user: { id: string; username: string }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const data: SessionData = { username: user.username, userId: user.id, createdAt: Date.now() };
    const key = keys.session(hashToken(token));
    await this.redis
      .multi()
      .set(key, JSON.stringify(data), { expiration: { type: 'EX', value: this.idleSeconds } })
      .sAdd(keys.userSessions(user.id), hashToken(token))
      .exec();
    return token;
  }

  /** The session behind a cookie, with its idle timer restarted; null once idle or too old. */
  async touch(token: string | undefined): Promise<SessionData | null> {
    if (!token || token.length > 100) return null;
    const key = keys.session(hashToken(token));
    // Read and restart the idle timer in one round trip.
    const raw = await this.redis.getEx(key, { type: 'EX', value: this.idleSeconds });
    if (!raw) return null;
    const data = JSON.parse(raw) as SessionData;
    if (Date.now() - data.createdAt > this.maxSeconds * 1000) {
      await this.redis.del(key);
      return null;
    }
    return data;
  }

  /**
   * How long after a touch() the session is certainly still stored, unless it is ended (and the
   * end announced): its idle timer was just restarted, and it is not past its maximum age.
   */
  aliveUntil(data: SessionData, touchedAt: number): number {
    return Math.min(touchedAt + this.idleSeconds * 1000, data.createdAt + this.maxSeconds * 1000);
  }

  /** Whether a session is still alive, without restarting its idle timer (for open live connections). */
  async alive(token: string): Promise<boolean> {
    const raw = await this.redis.get(keys.session(hashToken(token)));
    if (!raw) return false;
    return Date.now() - (JSON.parse(raw) as SessionData).createdAt <= this.maxSeconds * 1000;
  }

  async destroy(token: string | undefined): Promise<void> {
    if (!token || token.length > 100) return;
    const key = keys.session(hashToken(token));
    const raw = await this.redis.get(key);
    await this.redis.del(key);
    if (raw) await this.redis.sRem(keys.userSessions((JSON.parse(raw) as SessionData).userId), hashToken(token));
  }

  /** Ends every session of a user (logout everywhere, or a disabled account). */
  async destroyAllOf(userId: string): Promise<void> {
    const hashes = await this.redis.sMembers(keys.userSessions(userId));
    if (hashes.length > 0) await this.redis.del(hashes.map((h) => keys.session(h)));
    await this.redis.del(keys.userSessions(userId));
  }
}
