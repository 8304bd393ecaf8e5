// The HTTP side of the server contract. Every error becomes an ApiError carrying the
// server's {error:{code,message}} so the UI can show a message a person can act on.
import type { Case, Priority } from '../../shared/case.ts';
import type { SessionUser } from '../../shared/schemas.ts';

export type User = SessionUser;

export interface Institution {
  id: string;
  name: string;
  /** Its go-live day, "2026-12-01" (Danish), when one is set. */
  goLive?: string;
  retired?: boolean;
}

export interface Category {
  id: string;
  da: string;
  en: string;
  retired?: boolean;
}

export interface Snapshot {
  cases: Case[];
  lastEventId: string | null;
}

export interface NewCaseInput {
  title: string;
  description?: string;
  institution: string;
  category?: string | null;
  priority?: Priority;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** What the client needs to word the refusal itself (a name, a time, seconds to wait). */
  get params(): Record<string, string | number> | undefined {
    const params = (this.body as { error?: { params?: unknown } } | null)?.error?.params;
    return params && typeof params === 'object' ? (params as Record<string, string | number>) : undefined;
  }

  /** 0 means the request never got an HTTP answer (offline, DNS, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** Worth retrying later with the same request: no answer, or the server's own trouble. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** The session store registers here, so any 401 anywhere sends the user back to the login page. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A body sent as it is (e.g. a CSV file) instead of as JSON. */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  /** Login and the session probe answer 401 as a normal outcome, not as "session gone". */
  expect401?: boolean;
  /** Cancels the request (a suggestion asked for text the user has since changed). */
  signal?: AbortSignal;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.text) headers['content-type'] = opts.text.contentType;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.text ? opts.text.body : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.expect401) onUnauthorized();
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http_${res.status}`;
    const message = typeof error?.message === 'string' ? error.message : res.statusText || `HTTP ${res.status}`;
    throw new ApiError(res.status, code, message, body);
  }
  return body as T;
}

export const api = {
  async currentUser(): Promise<User | null> {
    try {
      return (await request<{ user: User }>('/api/session', { expect401: true })).user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  async login(username: string, password: string): Promise<User> {
    return (await request<{ user: User }>('/api/session', { method: 'POST', body: { username, password }, expect401: true })).user;
  },
  async logout(): Promise<void> {
    await request<void>('/api/session', { method: 'DELETE', expect401: true });
  },
  async institutions(): Promise<Institution[]> {
    return (await request<{ institutions: Institution[] }>('/api/institutions')).institutions;
  },
  async categories(): Promise<Category[]> {
    const raw = (await request<{ categories: Array<Partial<Category> & { id: string; name?: string }> }>('/api/categories')).categories;
    // Tolerate a server that sends one `name` instead of both languages.
    return raw.map((c) => ({ id: c.id, da: c.da ?? c.name ?? c.id, en: c.en ?? c.name ?? c.da ?? c.id, ...(c.retired ? { retired: true } : {}) }));
  },
  async cases(): Promise<Snapshot> {
    const body = await request<{ cases: Case[]; lastEventId: string | null }>('/api/cases');
    return { cases: body.cases, lastEventId: body.lastEventId ?? null };
  },
  /** Resolved cases, newest resolution first, resolved before `before` (a time or the previous page's cursor). */
  async resolvedBefore(before: string, limit: number): Promise<{ cases: Case[]; next: string | null }> {
    const query = new URLSearchParams({ resolvedBefore: before, limit: String(limit) });
    const body = await request<{ cases: Case[]; nextResolvedBefore: string | null }>(`/api/cases?${query}`);
    return { cases: body.cases, next: body.nextResolvedBefore ?? null };
  },
  async createCase(input: NewCaseInput, idempotencyKey: string): Promise<Case> {
    return (
      await request<{ case: Case }>('/api/cases', {
        method: 'POST',
        body: input,
        headers: { 'idempotency-key': idempotencyKey },
      })
    ).case;
  },
};
