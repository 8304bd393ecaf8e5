// Accounts live in Redis; passwords are stored only as argon2id hashes.
import argon2 from 'argon2';
import type { Role } from '../../shared/case.ts';
import { ROLES } from '../../shared/case.ts';
import type { PublicUser } from '../../shared/schemas.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';
import { runScript } from './scripts.ts';

// The account and its place in the user list are written together, or the name stays free.
const ADD_USER = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  name?: string;
  institution?: string | null;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 8;

// OWASP's password storage baseline for argon2id: 19 MiB of memory, 2 passes, 1 lane.
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export class UserError extends Error {}

// Verifying against a fixed hash when the user is unknown keeps the answer time the same,
// so login timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

export class UserStore {
  constructor(private readonly redis: Redis) {}

  async add(input: NewUser, validInstitutions: Set<string>): Promise<PublicUser> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw new UserError('Username must be 1-64 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter or digit');
    }
    if (!ROLES.includes(input.role)) throw new UserError(`Role must be one of ${ROLES.join(', ')}`);
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (input.password.length > 256) throw new UserError('Password must be at most 256 characters');
    const institution = input.institution ?? null;
    if (input.role === 'reporter' && !institution) throw new UserError('A reporter needs --institution <id>: the institution they submit cases for');
    if (institution && !validInstitutions.has(institution)) throw new UserError(`Unknown institution "${institution}"; see the rollout config for valid ids`);
    const name = (input.name ?? username).trim().slice(0, 120) || username;
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    const id = `u${await this.redis.incr(keys.userSeq)}`;
    const fields = { id, username, name, role: input.role, institution: institution ?? '', passwordHash, disabled: '0' };
    const created = await runScript(this.redis, ADD_USER, [keys.user(username), keys.users], [username, ...Object.entries(fields).flat()]);
    if (created !== 1) throw new UserError(`User "${username}" already exists`);
    return { id, username, name, role: input.role, institution };
  }

  async get(username: string): Promise<(PublicUser & { disabled: boolean }) | null> {
    const h = await this.redis.hGetAll(keys.user(username.toLowerCase()));
    if (!h || !h.id || !h.role) return null;
    return { id: h.id, username: h.username, name: h.name, role: h.role as Role, institution: h.institution || null, disabled: h.disabled === '1' };
  }

  async verify(username: string, password: string): Promise<PublicUser | null> {
    const key = keys.user(username.trim().toLowerCase());
    const [hash, disabled] = await this.redis.hmGet(key, ['passwordHash', 'disabled']);
    if (!hash) {
      dummyHash ??= argon2.hash('not a real password', HASH_OPTIONS);
      await argon2.verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!ok || disabled === '1') return null;
    const user = await this.get(username.trim());
    return user && { id: user.id, username: user.username, name: user.name, role: user.role, institution: user.institution };
  }

  async setPassword(username: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await argon2.hash(password, HASH_OPTIONS);
    await this.redis.hSet(keys.user(username.toLowerCase()), 'passwordHash', passwordHash);
  }

  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    const key = keys.user(username.toLowerCase());
    if (!(await this.redis.exists(key))) return false;
    await this.redis.hSet(key, 'disabled', disabled ? '1' : '0');
    return true;
  }

  async list(): Promise<PublicUser[]> {
    const names = await this.redis.sMembers(keys.users);
    const users = await Promise.all(names.sort().map((n) => this.get(n)));
    return users.filter((u): u is NonNullable<typeof u> => u !== null);
  }
}
