// What the lead does to accounts, shared by the HTTP routes and the CLI so both end access
// the same way: sessions gone, open boards and feeds closed on every node, links revoked.
import type { SuperuserRow } from '../../shared/accounts.ts';
import { announceEnd } from '../live/connections.ts';
import type { Redis } from '../redis/connect.ts';
import type { IssuedLink, PasswordLinkStore } from '../store/password-link-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import { UserExistsError, type Account, type NewAccount, type UserStore } from '../store/user-store.ts';

export interface AccountDeps {
  redis: Redis;
  users: UserStore;
  sessions: SessionStore;
  links: PasswordLinkStore;
  /** The centres new accounts may belong to, as the settings have them now. */
  institutions: () => ReadonlySet<string>;
}

export interface AccountWithLink {
  user: Account;
  link: IssuedLink;
}

/** A superuser import stopped at a line (an account of that name already exists). */
export class ImportLineError extends Error {
  constructor(
    readonly line: number,
    message: string,
    readonly username?: string,
  ) {
    super(message);
  }
}

export class AccountService {
  constructor(private readonly deps: AccountDeps) {}

  async create(input: NewAccount): Promise<AccountWithLink> {
    const [created] = await this.deps.users.addMany([input], this.deps.institutions());
    return this.#withLink(created.username);
  }

  async importSuperusers(rows: SuperuserRow[]): Promise<AccountWithLink[]> {
    try {
      await this.deps.users.addMany(
        rows.map((r) => ({ username: r.username, name: r.name, institution: r.institution, role: 'reporter' as const })),
        this.deps.institutions(),
      );
    } catch (err) {
      if (err instanceof UserExistsError) {
        const line = rows[err.index].line;
        throw new ImportLineError(line, `Line ${line}: username "${err.username}" already exists; pick another name or leave the line out. Nothing was imported.`, err.username);
      }
      throw err;
    }
    const out: AccountWithLink[] = [];
    for (const r of rows) out.push(await this.#withLink(r.username));
    return out;
  }

  /** Null if there is no such account. */
  async disable(username: string): Promise<Account | null> {
    if (!(await this.deps.users.setDisabled(username, true))) return null;
    const user = (await this.deps.users.get(username))!;
    await this.deps.links.revoke(user.username);
    await this.#endAccess(user.id);
    return user;
  }

  async enable(username: string): Promise<Account | null> {
    if (!(await this.deps.users.setDisabled(username, false))) return null;
    return this.deps.users.get(username);
  }

  /**
   * The old password stops working at once and every session ends: a lead resets an account
   * because a password is forgotten or may have leaked, and a leaked one must not keep working
   * for the days until the owner uses the link.
   */
  async reset(username: string): Promise<AccountWithLink | null> {
    const user = await this.deps.users.get(username);
    if (!user) return null;
    await this.deps.users.clearPassword(user.username);
    await this.#endAccess(user.id);
    return this.#withLink(user.username);
  }

  async #endAccess(userId: string): Promise<void> {
    await this.deps.sessions.destroyAllOf(userId);
    // Running servers close the user's open boards and feeds at once.
    await announceEnd(this.deps.redis, { kind: 'user', id: userId });
  }

  async #withLink(username: string): Promise<AccountWithLink> {
    const user = (await this.deps.users.get(username))!;
    return { user, link: await this.deps.links.issue(user) };
  }
}
