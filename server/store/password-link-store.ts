// One-time links to set a password: 256 random bits in the link, only their hash in Redis,
// a TTL, single use, and only the newest link of an account works (a reset replaces the last).
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';
import { runScript } from './scripts.ts';
import { hashToken } from './session-store.ts';
import { HASH_OPTIONS, checkPassword } from './user-store.ts';

export const LINK_TTL_SECONDS = 7 * 24 * 3600;

interface LinkData {
  username: string;
  userId: string;
  expiresAt: string;
}

export interface IssuedLink {
  token: string;
  expiresAt: string;
}

// Burns the link and sets the hash in one step: two tabs submitting the same link cannot
// both set a password. 0: the link is not (or no longer) valid.
const CONSUME = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[3], 'id') ~= ARGV[2] then return 0 end
if redis.call('HGET', KEYS[3], 'disabled') == '1' then return 0 end
redis.call('HSET', KEYS[3], 'passwordHash', ARGV[3])
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`;

export class PasswordLinkStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = LINK_TTL_SECONDS,
  ) {}

  /** A new link for the account; any earlier link of it stops working. */
  async issue(user: { id: string; username: string }): Promise<IssuedLink> {
    const token = randomBytes(32).toString('base64url');
    const hash = hashToken(token);
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000).toISOString();
    const data: LinkData = { username: user.username, userId: user.id, expiresAt };
    const previous = await this.redis.get(keys.userPasswordLink(user.username));
    const tx = this.redis
      .multi()
      .set(keys.passwordLink(hash), JSON.stringify(data), { expiration: { type: 'EX', value: this.ttlSeconds } })
      .set(keys.userPasswordLink(user.username), hash, { expiration: { type: 'EX', value: this.ttlSeconds } });
    if (previous) tx.del(keys.passwordLink(previous));
    await tx.exec();
    return { token, expiresAt };
  }

  /** Whom a link is for while it still works; null once used, replaced, revoked or expired. */
  async peek(token: string): Promise<LinkData | null> {
    const hash = hashToken(token);
    const raw = await this.redis.get(keys.passwordLink(hash));
    if (!raw) return null;
    const data = JSON.parse(raw) as LinkData;
    const [current, [userId, disabled]] = await Promise.all([
      this.redis.get(keys.userPasswordLink(data.username)),
      this.redis.hmGet(keys.user(data.username), ['id', 'disabled']),
    ]);
    if (current !== hash || userId !== data.userId || disabled === '1') return null;
    return data;
  }

  /** Sets the password and burns the link; the username, or null if the link no longer works. */
  async consume(token: string, password: string): Promise<string | null> {
    checkPassword(password);
    const data = await this.peek(token);
    if (!data) return null;
    const passwordHash = await argon2.hash(password, HASH_OPTIONS);
    const hash = hashToken(token);
    const done = await runScript(
      this.redis,
      CONSUME,
      [keys.passwordLink(hash), keys.userPasswordLink(data.username), keys.user(data.username)],
      [hash, data.userId, passwordHash],
    );
    return Number(done) === 1 ? data.username : null;
  }

  /** The account's link stops working (it was disabled). */
  async revoke(username: string): Promise<void> {
    const current = await this.redis.get(keys.userPasswordLink(username));
    const del = [keys.userPasswordLink(username), ...(current ? [keys.passwordLink(current)] : [])];
    await this.redis.del(del);
  }
}
