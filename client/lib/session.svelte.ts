// Who is signed in. Any 401 from the API or the socket lands here and shows the login page.
import { api, setUnauthorizedHandler, type User } from './api.ts';
import { dropEarlySnapshot } from './early-snapshot.ts';
import { loadFailureText } from './messages.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'ready';

export type SessionApi = Pick<typeof api, 'currentUser' | 'login' | 'logout'>;

/**
 * The board's early snapshot (early-snapshot.ts) was asked for with the cookie the page opened
 * with: it is left for the board only when the session check confirmed that cookie's user, and
 * dropped on every other way to the login page or out of it, so no other user's board takes it.
 */
export class Session {
  user = $state<User | null>(null);
  status = $state<SessionStatus>('loading');
  /** The session ended underneath the user (not by pressing log out): the login page says so. */
  expired = $state(false);
  loadError = $state<string | null>(null);

  #api: SessionApi;

  constructor(deps: SessionApi = api) {
    this.#api = deps;
    setUnauthorizedHandler(() => this.expire());
  }

  async init(): Promise<void> {
    try {
      this.user = await this.#api.currentUser();
      if (!this.user) dropEarlySnapshot();
      this.status = this.user ? 'ready' : 'anonymous';
      this.loadError = null;
    } catch (err) {
      dropEarlySnapshot();
      // Server unreachable: show the login page with the reason rather than a blank screen.
      this.loadError = loadFailureText(err);
      this.status = 'anonymous';
    }
  }

  async login(username: string, password: string): Promise<User> {
    dropEarlySnapshot();
    const user = await this.#api.login(username, password);
    this.user = user;
    this.expired = false;
    this.loadError = null;
    this.status = 'ready';
    return user;
  }

  async logout(): Promise<void> {
    dropEarlySnapshot();
    try {
      await this.#api.logout();
    } finally {
      this.user = null;
      this.expired = false;
      this.status = 'anonymous';
    }
  }

  expire(): void {
    dropEarlySnapshot();
    if (this.status !== 'ready') return;
    this.user = null;
    this.expired = true;
    this.status = 'anonymous';
  }

  /**
   * Reads the signed-in user again (the lead may have changed their WIP limit). Changed in
   * place, so every component holding the user sees it and the open workspace stays; a failed
   * read leaves it as it was.
   */
  async refresh(): Promise<void> {
    try {
      const fresh = await this.#api.currentUser();
      const user = this.user;
      if (!fresh || !user || fresh.id !== user.id) return;
      for (const key of Object.keys(user) as (keyof User)[]) if (!(key in fresh)) delete user[key];
      Object.assign(user, fresh);
    } catch {
      // The next settings change or reload tries again.
    }
  }

  async stillValid(): Promise<boolean> {
    return (await this.#api.currentUser()) !== null;
  }
}
