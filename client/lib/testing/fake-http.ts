// A stand-in for `request`: the test answers each path, or fails it, by hand.
import { ApiError } from '../api.ts';
import type { Http } from '../outcome.ts';

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Answer = unknown | ((call: Call) => unknown);

export class FakeHttp {
  calls: Call[] = [];
  #answers = new Map<string, Answer>();

  /** `key` is "METHOD /path"; an ApiError (or a function throwing one) is thrown to the caller. */
  on(key: string, answer: Answer): this {
    this.#answers.set(key, answer);
    return this;
  }

  readonly request: Http = async <T>(path: string, opts: { method?: string; body?: unknown } = {}): Promise<T> => {
    const call = { method: opts.method ?? 'GET', path, body: opts.body };
    this.calls.push(call);
    const key = `${call.method} ${path}`;
    if (!this.#answers.has(key)) throw new ApiError(404, 'not_found', `no answer for ${key}`);
    const answer = this.#answers.get(key);
    const value = typeof answer === 'function' ? (answer as (c: Call) => unknown)(call) : answer;
    if (value instanceof Error) throw value;
    return structuredClone(value) as T;
  };
}
