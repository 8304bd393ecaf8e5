// Who is signed in. Any 401 from the API or the socket lands here and shows the login page.
import { api, setUnauthorizedHandler, type User } from './api.ts';
import { loadFailureText } from './messages.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'ready';

export class Session {
  user = $state<User | null>(null);
  status = $state<SessionStatus>('loading');
  /** The session ended underneath the user (not by pressing log out): the login page says so. */
  expired = $state(false);
  loadError = $state<string | null>(null);

  constructor() {
    setUnauthorizedHandler(() => this.expire());
  }

  async init(): Promise<void> {
    try {
      this.user = await api.currentUser();
      this.status = this.user ? 'ready' : 'anonymous';
      this.loadError = null;
    } catch (err) {
      // Server unreachable: show the login page with the reason rather than a blank screen.
      this.loadError = loadFailureText(err);
      this.status = 'anonymous';
    }
  }

  async login(username: string, password: string): Promise<User> {
    const user = await api.login(username, password);
    this.user = user;
    this.expired = false;
    this.loadError = null;
    this.status = 'ready';
    return user;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.user = null;
      this.expired = false;
      this.status = 'anonymous';
    }
  }

  expire(): void {
    if (this.status !== 'ready') return;
    this.user = null;
    this.expired = true;
    this.status = 'anonymous';
  }

  async stillValid(): Promise<boolean> {
    return (await api.currentUser()) !== null;
  }
}
