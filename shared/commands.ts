// Commands are requests, named in the imperative. They may be refused.
import type { Priority } from './case.ts';

export interface CommandMap {
  create: {
    caseId: string;
    title: string;
    description?: string;
    institution: string;
    category?: string | null;
    priority?: Priority;
  };
  claim: {};
  release: {};
  resolve: { resolution: string };
  reopen: { reason?: string | null };
  enrich: { category: string | null; tags: string[] };
}

export type CommandType = keyof CommandMap;
export type Command = { [K in CommandType]: { type: K } & CommandMap[K] }[CommandType];

export type RefusalCode = 'conflict' | 'forbidden' | 'invalid' | 'not_found';
export interface Refusal {
  code: RefusalCode;
  message: string;
}

export type Decision =
  | { ok: true; events: import('./events.ts').EventDraft[] }
  | { ok: false; error: Refusal };
