// The result of one HTTP action on problems, answers or notices, in the form a form shows it.
import { ApiError, request } from './api.ts';

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: string;
      message: string;
      params?: Record<string, string | number>;
      /** Worth sending the same request again: no answer, or the server's own trouble. */
      retryable: boolean;
      /** A problem's resolution cut off halfway: how many cases it had closed by then. */
      resolved: number | null;
    };

export type Http = typeof request;

export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof ApiError)) return { ok: false, code: 'unknown', message: err instanceof Error ? err.message : String(err), retryable: true, resolved: null };
    const done = (err.body as { error?: { resolved?: unknown } } | null)?.error?.resolved;
    return { ok: false, code: err.isNetwork ? 'network' : err.code, message: err.message, params: err.params, retryable: err.isTransient, resolved: Array.isArray(done) ? done.length : null };
  }
}
