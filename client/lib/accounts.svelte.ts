// The lead's accounts panel: the list, and the one-time links it hands out.
import type { Static } from 'typebox';
import type { AccountSchema, ImportedAccountSchema } from '../../shared/account-schemas.ts';
import type { Role } from '../../shared/case.ts';
import { ApiError, request } from './api.ts';
import { Loadable } from './loadable.svelte.ts';

export type Account = Static<typeof AccountSchema>;
export type ImportedAccount = Static<typeof ImportedAccountSchema>;

export interface IssuedLink {
  username: string;
  name: string;
  url: string;
  expiresAt: string;
}

export interface NewAccountInput {
  username: string;
  name: string;
  role: Role;
  institution?: string | null;
}

export type AccountsImport = { ok: true; accounts: ImportedAccount[] } | { ok: false; line: number; message: string; code: string; params?: Record<string, string | number> };

export class AccountsState extends Loadable {
  users = $state.raw<Account[]>([]);
  /** The link just made by create or reset, shown until the next one. */
  lastLink = $state<IssuedLink | null>(null);

  async load(): Promise<void> {
    await this.read(async () => {
      this.users = (await request<{ users: Account[] }>('/api/users')).users;
    });
  }

  async create(input: NewAccountInput): Promise<void> {
    const body = await request<{ user: Account; link: { url: string; expiresAt: string } }>('/api/users', { method: 'POST', body: input });
    this.#put(body.user);
    this.lastLink = { username: body.user.username, name: body.user.name, ...body.link };
  }

  async setDisabled(username: string, disabled: boolean): Promise<void> {
    const path = `/api/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`;
    this.#put((await request<{ user: Account }>(path, { method: 'POST' })).user);
  }

  async reset(username: string): Promise<void> {
    const body = await request<{ user: Account; link: { url: string; expiresAt: string } }>(`/api/users/${encodeURIComponent(username)}/reset`, { method: 'POST' });
    this.#put(body.user);
    this.lastLink = { username: body.user.username, name: body.user.name, ...body.link };
  }

  async importCsv(text: string): Promise<AccountsImport> {
    try {
      const body = await request<{ users: ImportedAccount[] }>('/api/users/import', { method: 'POST', text: { body: text, contentType: 'text/csv' } });
      await this.load();
      return { ok: true, accounts: body.users };
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) return { ok: false, line: Number((err.body as { line?: number } | null)?.line ?? 0), message: err.message, code: err.code, params: err.params };
      throw err;
    }
  }

  #put(user: Account): void {
    const others = this.users.filter((u) => u.username !== user.username);
    this.users = [...others, user].sort((a, b) => a.username.localeCompare(b.username));
  }
}
