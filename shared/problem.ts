// Known problems and the answer library: the recurring issues that several centres report,
// and the how-to answers (videos, guides) that close many cases at once.
import type { ActorRef, AnswerRef, Case } from './case.ts';
import type { Answer } from './problem-schemas.ts';

export const PROBLEM_STATUSES = ['open', 'resolving', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface Notice {
  /** The workaround superusers see in the banner. */
  message: string;
  at: string;
  by: ActorRef;
}

export interface Problem {
  id: string;
  title: string;
  /** resolving: the resolution is stored and its cases are being closed, one atomic step each. */
  status: ProblemStatus;
  vendorRef: string | null;
  resolution: string | null;
  answer: AnswerRef | null;
  notice: Notice | null;
  /** Who resolved it: a resolution interrupted halfway is finished in their name. */
  resolvedBy: (ActorRef & { role: 'lead' | 'member' }) | null;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
  version: number;
}

export const ANSWER_LANGUAGES = ['da', 'en'] as const;
export type AnswerLanguage = (typeof ANSWER_LANGUAGES)[number];

export const PROBLEM_LIMITS = { title: 200, notice: 1000, url: 2000, tag: 40, tags: 20 } as const;

/**
 * Only web links: an answer's URL is shown to every superuser as a link, so a
 * `javascript:` or `data:` URL would run in their browser.
 */
export function answerUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be a full web address, such as https://www.aula.dk/vejledning';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'url must start with https:// or http://';
  return null;
}

export function answerRef(a: Answer): AnswerRef {
  return { id: a.id, title: a.title, url: a.url };
}

/** What a problem looks like with its cases: how many, which centres, when they came in. */
export interface ProblemView {
  problem: Problem;
  caseIds: string[];
  openCaseIds: string[];
  institutions: string[];
  firstAt: string | null;
  lastAt: string | null;
}

export function viewProblem(problem: Problem, cases: Iterable<Case>): ProblemView {
  const linked = [...cases].filter((c) => c.problem?.id === problem.id).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return {
    problem,
    caseIds: linked.map((c) => c.id),
    openCaseIds: linked.filter((c) => c.status !== 'resolved').map((c) => c.id),
    institutions: [...new Set(linked.map((c) => c.institution))].sort(),
    firstAt: linked[0]?.createdAt ?? null,
    lastAt: linked.at(-1)?.createdAt ?? null,
  };
}
