// The hash part of the address: "#/roster", "#/accounts", "#/set-password/<token>". A hash
// keeps every view on the one index.html, and a set-password token out of server logs.
export type LeadView = 'board' | 'roster' | 'accounts' | 'problems' | 'answers' | 'posters' | 'dashboard' | 'report' | 'settings';
const VIEW_OF: Record<string, LeadView> = {
  '/roster': 'roster',
  '/accounts': 'accounts',
  '/problems': 'problems',
  '/answers': 'answers',
  '/posters': 'posters',
  '/dashboard': 'dashboard',
  '/report': 'report',
  '/settings': 'settings',
};

export class HashRoute {
  path = $state(readHash());

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.path = readHash()));
  }

  /** The token of a set-password link, or null on any other page. */
  get setPasswordToken(): string | null {
    return /^\/set-password\/([A-Za-z0-9_-]+)$/.exec(this.path)?.[1] ?? null;
  }

  /** The institution whose parents' poster to show, or null. */
  get posterInstitution(): string | null {
    return /^\/poster\/([a-z0-9-]+)(?:\?|$)/.exec(this.path)?.[1] ?? null;
  }

  /** The poster's language ("#/poster/bh-solsikken?lang=ar"); Danish when the address names none. */
  get posterLang(): string {
    return new URLSearchParams(this.path.split('?')[1] ?? '').get('lang') ?? 'da';
  }

  /** "Print all": every centre's poster in each of its chosen languages, one document. */
  get printAllPosters(): boolean {
    return this.path === '/posters/print';
  }

  /** The view named in the address (its query, as in "#/problems?case=12", aside); views.ts says who may see it. */
  get leadView(): LeadView {
    return VIEW_OF[this.path.split('?')[0]] ?? 'board';
  }

  /** `keepHash` writes "#/" for the board rather than the bare address. */
  go(path: string, keepHash = false): void {
    // Replaced, not pushed, for the set-password page: Back must not lead to a used link.
    history.replaceState(null, '', path === '/' && !keepHash ? location.pathname : `#${path}`);
    this.path = readHash();
  }
}

function readHash(): string {
  if (typeof location === 'undefined') return '/';
  return location.hash.replace(/^#/, '') || '/';
}

export const route = new HashRoute();
