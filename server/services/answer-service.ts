// The answer library: how-to videos and guides, how often each closed a case, and the
// recurring problems that still have none (what to record a video for next).
import { actorRef, type Actor, type AnswerRef, type Case } from '../../shared/case.ts';
import { answerRef, answerUrlProblem, type Problem } from '../../shared/problem.ts';
import type { Answer, AnswerInput, LibraryAnswer, Unanswered } from '../../shared/problem-schemas.ts';
import { recurringGroups } from '../../shared/recurring.ts';
import type { Broadcast } from '../live/broadcast.ts';
import { StaleDocError, type DocStore } from '../store/library-store.ts';
import type { ServiceError } from './case-service.ts';

export type AnswerResult = { ok: true; answer: Answer } | { ok: false; error: ServiceError };

export class AnswerService {
  constructor(private readonly deps: { answers: DocStore<Answer>; broadcast: Broadcast; now?: () => Date }) {}

  private now() {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  list(): Promise<Answer[]> {
    return this.deps.answers.list();
  }

  async ref(id: string): Promise<AnswerRef | null> {
    const found = await this.deps.answers.get(id);
    return found ? answerRef(found.doc) : null;
  }

  private clean(input: AnswerInput): Omit<Answer, 'id' | 'createdAt' | 'updatedAt' | 'createdBy'> | ServiceError {
    const problem = answerUrlProblem(input.url.trim());
    if (problem) return { code: 'invalid', message: problem };
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
    return { title: input.title.trim(), url: input.url.trim(), languages: [...new Set(input.languages)], tags };
  }

  async create(input: AnswerInput, actor: Actor): Promise<AnswerResult> {
    const fields = this.clean(input);
    if ('code' in fields) return { ok: false, error: fields };
    const at = this.now();
    const answer: Answer = { id: await this.deps.answers.nextId(), ...fields, createdAt: at, updatedAt: at, createdBy: actorRef(actor) };
    await this.deps.answers.put(answer, 0, at);
    this.deps.broadcast.answerChanged(answer);
    return { ok: true, answer };
  }

  async update(id: string, input: AnswerInput): Promise<AnswerResult> {
    const fields = this.clean(input);
    if ('code' in fields) return { ok: false, error: fields };
    for (let attempt = 0; attempt < 20; attempt++) {
      const found = await this.deps.answers.get(id);
      if (!found) return { ok: false, error: { code: 'not_found', message: `Answer ${id} not found` } };
      const answer: Answer = { ...found.doc, ...fields, updatedAt: this.now() };
      try {
        await this.deps.answers.put(answer, found.version, answer.createdAt);
        this.deps.broadcast.answerChanged(answer);
        return { ok: true, answer };
      } catch (err) {
        if (!(err instanceof StaleDocError)) throw err;
      }
    }
    return { ok: false, error: { code: 'busy', message: 'The answer is changing too fast to update; try again' } };
  }

  /**
   * The library with each answer's use count, and what still needs an answer: `uses` from the
   * answers' indexes, `linked` the cases of each problem without an answer, `recent` the cases
   * whose recurring groups count (see recurring-cases.ts).
   */
  async library(input: {
    uses: (answerIds: string[]) => Promise<Map<string, number>>;
    problems: { problem: Problem; cases: Case[] }[];
    recent: Case[];
  }): Promise<{ answers: LibraryAnswer[]; unanswered: Unanswered[] }> {
    const all = await this.deps.answers.list();
    const uses = await input.uses(all.map((a) => a.id));
    const answers = all.map((a) => ({ ...a, uses: uses.get(a.id) ?? 0 }));
    return { answers, unanswered: unanswered(input.recent, input.problems) };
  }
}

/** Recurring problems without an answer, the most widespread first. */
export function unanswered(cases: Case[], problems: { problem: Problem; cases: Case[] }[]): Unanswered[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const out: Unanswered[] = [];
  for (const { problem: p, cases: linked } of problems) {
    if (p.answer) continue;
    if (linked.length < 2) continue;
    out.push({ kind: 'problem', problemId: p.id, title: p.title, caseIds: linked.map((c) => c.id), institutions: [...new Set(linked.map((c) => c.institution))].sort() });
  }
  for (const g of recurringGroups(cases)) {
    const members = g.caseIds.map((id) => byId.get(id)!);
    // A group already handled through a problem, or closed with an answer, needs nothing more.
    if (members.some((c) => c.problem || c.answer) || g.institutions.length < 2) continue;
    out.push({ kind: 'similar', problemId: null, title: members[0].title, caseIds: g.caseIds, institutions: g.institutions });
  }
  return out.sort((a, b) => b.institutions.length - a.institutions.length || b.caseIds.length - a.caseIds.length);
}
