// The hash part of the address: "#/roster", "#/accounts", "#/set-password/<token>". A hash
// keeps every view on the one index.html, and a set-password token out of server logs.
export type LeadView = 'board' | 'roster' | 'accounts';

export class HashRoute {
  path = $state(readHash());

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.path = readHash()));
  }

  /** The token of a set-password link, or null on any other page. */
  get setPasswordToken(): string | null {
    return /^\/set-password\/([A-Za-z0-9_-]+)$/.exec(this.path)?.[1] ?? null;
  }

  /** The lead's view; everyone else always sees their board. */
  get leadView(): LeadView {
    return this.path === '/roster' ? 'roster' : this.path === '/accounts' ? 'accounts' : 'board';
  }

  go(path: string): void {
    // Replaced, not pushed, for the set-password page: Back must not lead to a used link.
    history.replaceState(null, '', path === '/' ? location.pathname : `#${path}`);
    this.path = readHash();
  }
}

function readHash(): string {
  if (typeof location === 'undefined') return '/';
  return location.hash.replace(/^#/, '') || '/';
}

export const route = new HashRoute();
