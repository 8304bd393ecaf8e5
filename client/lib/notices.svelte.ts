// The known-issue banner: the notices in force, loaded on every connect and replaced by each
// 'notice:changed'. A notice hidden by the user stays hidden for the browser session, but comes
// back as soon as it changes (a new workaround is news).
import { SvelteSet } from 'svelte/reactivity';
import type { NoticeView } from '../../shared/socket-contract.ts';
import { request } from './api.ts';
import type { Http } from './outcome.ts';

export interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'warroom.dismissedNotices';

/** Announcing again, editing the workaround or renaming the problem gives a new key. */
export function noticeKey(n: NoticeView): string {
  return JSON.stringify([n.problemId, n.at, n.title, n.message]);
}

function browserSession(): SessionStore | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export class NoticesState {
  notices = $state.raw<NoticeView[]>([]);
  readonly #dismissed: SvelteSet<string>;
  readonly #http: Http;
  readonly #store: SessionStore | null;

  constructor(http: Http = request, store: SessionStore | null = browserSession()) {
    this.#http = http;
    this.#store = store;
    this.#dismissed = new SvelteSet(this.#read());
  }

  visible = $derived(this.notices.filter((n) => !this.#dismissed.has(noticeKey(n))));

  async load(): Promise<void> {
    try {
      this.set((await this.#http<{ notices: NoticeView[] }>('/api/notices')).notices);
    } catch {
      // The banner keeps what it had; the next connect or 'notice:changed' brings it up to date.
    }
  }

  set(notices: NoticeView[]): void {
    this.notices = [...notices].sort((a, b) => b.at.localeCompare(a.at));
    // Forget dismissals of notices that are gone, so the list stays small.
    const live = new Set(this.notices.map(noticeKey));
    for (const key of [...this.#dismissed]) if (!live.has(key)) this.#dismissed.delete(key);
    this.#write();
  }

  dismiss(notice: NoticeView): void {
    this.#dismissed.add(noticeKey(notice));
    this.#write();
  }

  #read(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.#store?.getItem(KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  #write(): void {
    try {
      this.#store?.setItem(KEY, JSON.stringify([...this.#dismissed]));
    } catch {
      // Not remembered across a reload then; the banner still hides for now.
    }
  }
}
