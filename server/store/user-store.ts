// Accounts live in Redis; passwords are stored only as argon2id hashes. An account made by
// the lead in the UI has no password (an empty hash) until its owner sets one through a
// one-time link (password-link-store.ts).
import argon2 from 'argon2';
import type { Role } from '../../shared/case.ts';
import { ROLES } from '../../shared/case.ts';
import { MAX_NAME_LENGTH, USERNAME_PATTERN, USERNAME_RULE, normalizeUsername } from '../../shared/accounts.ts';
import type { PublicUser } from '../../shared/schemas.ts';
import type { RefusalCode, RefusalParams } from '../../shared/refusal-codes.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from './keys.ts';
import { runScript } from './scripts.ts';

export { USERNAME_PATTERN };

// The accounts and their place in the user list (and the indexes by id and of the team) are
// written together, or all names stay free. KEYS: the user list, ids, team, then each account.
// ARGV[1] is the count, then per account its username, field count and fields.
const ADD_USERS = `
local n = tonumber(ARGV[1])
for i = 1, n do
  if redis.call('EXISTS', KEYS[i + 3]) == 1 then return i end
end
local at = 2
for i = 1, n do
  local username = ARGV[at]
  local count = tonumber(ARGV[at + 1])
  redis.call('HSET', KEYS[i + 3], unpack(ARGV, at + 2, at + 1 + count))
  redis.call('SADD', KEYS[1], username)
  redis.call('HSET', KEYS[2], redis.call('HGET', KEYS[i + 3], 'id'), username)
  local role = redis.call('HGET', KEYS[i + 3], 'role')
  if role == 'lead' or role == 'member' then redis.call('SADD', KEYS[3], username) end
  at = at + 2 + count
end
return 0
`;

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  name?: string;
  institution?: string | null;
}

/** An account made without a password; its owner sets one through a one-time link. */
export type NewAccount = Omit<NewUser, 'password'>;

export interface Account extends PublicUser {
  /** Stored accounts always say: an id, or null. */
  institution: string | null;
  disabled: boolean;
  /** False until the owner has set a password (a new or reset account). */
  passwordSet: boolean;
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

// OWASP's password storage baseline for argon2id: 19 MiB of memory, 2 passes, 1 lane.
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** A refused account change; `code` and `params` let the client word it. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: RefusalCode = 'invalid',
    readonly params?: RefusalParams,
  ) {
    super(message);
  }
}

/** Which of a batch of accounts already exists; `index` is its position in the batch. */
export class UserExistsError extends UserError {
  constructor(
    readonly username: string,
    readonly index: number,
  ) {
    super(`User "${username}" already exists`, 'user_exists', { username });
  }
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'password_rule', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH) throw new UserError(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`, 'password_rule', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
}

// Verifying against a fixed hash when the user is unknown keeps the answer time the same,
// so login timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

export class UserStore {
  constructor(private readonly redis: Redis) {}

  async add(input: NewUser, validInstitutions: ReadonlySet<string>): Promise<PublicUser> {
    checkPassword(input.password);
    const [user] = await this.addMany([input], validInstitutions, await argon2.hash(input.password, HASH_OPTIONS));
    return user;
  }

  /** Creates accounts without a usable password, all or none (UserExistsError names the first taken name). */
  async addMany(inputs: NewAccount[], validInstitutions: ReadonlySet<string>, passwordHash = ''): Promise<PublicUser[]> {
    const prepared = inputs.map((input) => this.#prepare(input, validInstitutions));
    const firstId = await this.redis.incrBy(keys.userSeq, prepared.length);
    const users = prepared.map((p, i) => ({ ...p, id: `u${firstId - prepared.length + 1 + i}` }));
    const argv = [String(users.length)];
    for (const u of users) {
      const fields = Object.entries({ id: u.id, username: u.username, name: u.name, role: u.role, institution: u.institution ?? '', passwordHash, disabled: '0' }).flat();
      argv.push(u.username, String(fields.length), ...fields);
    }
    const taken = Number(await runScript(this.redis, ADD_USERS, [keys.users, keys.userIds, keys.teamUsers, ...users.map((u) => keys.user(u.username))], argv));
    if (taken > 0) throw new UserExistsError(users[taken - 1].username, taken - 1);
    return users;
  }

  #prepare(input: NewAccount, validInstitutions: ReadonlySet<string>): PublicUser {
    const username = normalizeUsername(input.username);
    if (!USERNAME_PATTERN.test(username)) throw new UserError(`Username must be ${USERNAME_RULE}`, 'username_format', { username });
    if (!ROLES.includes(input.role)) throw new UserError(`Role must be one of ${ROLES.join(', ')}`);
    const institution = input.institution || null;
    if (input.role === 'reporter' && !institution) throw new UserError('A reporter needs an institution: the one they submit cases for (CLI: --institution <id>)');
    if (institution && !validInstitutions.has(institution)) throw new UserError(`Unknown institution "${institution}"; GET /api/institutions lists the centres (retired ones take no new accounts)`);
    const name = (input.name ?? username).trim().slice(0, MAX_NAME_LENGTH) || username;
    return { id: '', username, name, role: input.role, institution };
  }

  async get(username: string): Promise<Account | null> {
    const h = await this.redis.hGetAll(keys.user(normalizeUsername(username)));
    if (!h || !h.id || !h.role) return null;
    return {
      id: h.id,
      username: h.username,
      name: h.name,
      role: h.role as Role,
      institution: h.institution || null,
      disabled: h.disabled === '1',
      passwordSet: Boolean(h.passwordHash),
    };
  }

  async verify(username: string, password: string): Promise<PublicUser | null> {
    const key = keys.user(normalizeUsername(username));
    const [hash, disabled] = await this.redis.hmGet(key, ['passwordHash', 'disabled']);
    // Unknown, or an account whose owner has not set a password yet: the same time, the same no.
    if (!hash) {
      dummyHash ??= argon2.hash('not a real password', HASH_OPTIONS);
      await argon2.verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!ok || disabled === '1') return null;
    const user = await this.get(username);
    return user && { id: user.id, username: user.username, name: user.name, role: user.role, institution: user.institution };
  }

  async setPassword(username: string, password: string): Promise<void> {
    checkPassword(password);
    const passwordHash = await argon2.hash(password, HASH_OPTIONS);
    await this.redis.hSet(keys.user(normalizeUsername(username)), 'passwordHash', passwordHash);
  }

  /** After a reset the old password no longer logs in; the owner sets a new one through the link. */
  async clearPassword(username: string): Promise<void> {
    await this.redis.hSet(keys.user(normalizeUsername(username)), 'passwordHash', '');
  }

  async setDisabled(username: string, disabled: boolean): Promise<boolean> {
    const key = keys.user(normalizeUsername(username));
    if (!(await this.redis.exists(key))) return false;
    await this.redis.hSet(key, 'disabled', disabled ? '1' : '0');
    return true;
  }

  /** Every account: the lead's account list and the CLI. */
  async list(): Promise<Account[]> {
    return this.#getAll(await this.redis.sMembers(keys.users));
  }

  async getById(id: string): Promise<Account | null> {
    const username = await this.redis.hGet(keys.userIds, id);
    return username ? this.get(username) : null;
  }

  /** The leads and members (disabled ones too), without reading the superusers' accounts. */
  async team(): Promise<Account[]> {
    return this.#getAll(await this.redis.sMembers(keys.teamUsers));
  }

  async #getAll(names: string[]): Promise<Account[]> {
    const users = await Promise.all(names.sort().map((n) => this.get(n)));
    return users.filter((u): u is NonNullable<typeof u> => u !== null);
  }

  /** Builds the id and team indexes for accounts stored before they existed (once). */
  async buildIndexesOnce(): Promise<number> {
    if (await this.redis.exists(keys.userIndexesBuilt)) return 0;
    const all = await this.list();
    const multi = this.redis.multi();
    for (const u of all) {
      multi.hSet(keys.userIds, u.id, u.username);
      if (u.role === 'lead' || u.role === 'member') multi.sAdd(keys.teamUsers, u.username);
    }
    multi.set(keys.userIndexesBuilt, '1');
    await multi.exec();
    return all.length;
  }
}
