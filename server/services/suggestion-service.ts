// Answers before sending (shared/suggestions.ts): the published notices and the answer
// library, kept in memory per process and matched against what a superuser types. A request
// reads one counter (wr:library-changes, raised by every write of a problem or an answer, on
// any node); only when it moved are the documents read again, once for all the requests
// waiting. So the index follows every change, and a request never reads the library.
import type { Actor } from '../../shared/case.ts';
import { countDeflections, SuggestionIndex, type Deflection, type DeflectionCounts, type Suggestion, type SuggestionKind } from '../../shared/suggestions.ts';
import type { Redis } from '../redis/connect.ts';
import type { DeflectionStore } from '../store/deflection-store.ts';
import { keys } from '../store/keys.ts';
import type { AnswerService } from './answer-service.ts';
import type { ServiceError } from './case-service.ts';
import type { ProblemService } from './problem-service.ts';

export type DeflectionResult = { ok: true; deflection: Deflection } | { ok: false; error: ServiceError };

export class SuggestionService {
  private readonly index = new SuggestionIndex();
  /** The counter's value the index follows; undefined before the first read (an absent counter reads as null). */
  private syncedAt: string | null | undefined = undefined;
  private syncing: { at: string | null; done: Promise<void> } | null = null;

  constructor(
    private readonly deps: {
      redis: Redis;
      answers: AnswerService;
      problems: ProblemService;
      deflections: DeflectionStore;
    },
  ) {}

  /** The index as the library stands now: one GET, and a read of the library only when it changed. */
  private async current(): Promise<SuggestionIndex> {
    const at = await this.deps.redis.get(keys.libraryChanges);
    if (this.syncedAt === at) return this.index;
    let syncing = this.syncing;
    if (syncing?.at !== at) {
      const mine: { at: string | null; done: Promise<void> } = { at, done: Promise.resolve() };
      mine.done = (async () => {
        const [answers, notices] = await Promise.all([this.deps.answers.list(), this.deps.problems.notices()]);
        // A later change that started its own read meanwhile has the last word.
        if (this.syncing !== mine) return;
        this.index.sync({ answers, notices });
        this.syncedAt = at;
      })().finally(() => {
        if (this.syncing === mine) this.syncing = null;
      });
      this.syncing = syncing = mine;
    }
    await syncing.done;
    // A later change that started its own read meanwhile had the last word, and this read did
    // not sync: wait for that one too, or this request would see the index before either.
    while (this.syncing !== null && this.syncing !== syncing) {
      syncing = this.syncing;
      await syncing.done;
    }
    return this.index;
  }

  async suggest(text: string): Promise<Suggestion[]> {
    return (await this.current()).suggest(text);
  }

  /** "Det løste det" from a superuser: stored only for an answer in the library or a notice still shown. */
  async deflect(target: { kind: SuggestionKind; id: string }, actor: Actor): Promise<DeflectionResult> {
    if (actor.role !== 'reporter' || !actor.institution) return { ok: false, error: { code: 'forbidden', message: 'Only a superuser of a centre records that an answer solved their problem' } };
    const title = await this.titleOf(target);
    if (title === null) {
      const what = target.kind === 'answer' ? `No answer has id "${target.id}"` : `No notice is shown for problem "${target.id}"`;
      return { ok: false, error: { code: 'not_found', message: `${what}; GET /api/suggestions?text= lists what can be chosen` } };
    }
    return { ok: true, deflection: await this.deps.deflections.record({ ...target, title, institution: actor.institution }) };
  }

  /** Read afresh: a notice withdrawn a moment ago on another node no longer counts. */
  private async titleOf(target: { kind: SuggestionKind; id: string }): Promise<string | null> {
    if (target.kind === 'answer') return (await this.deps.answers.ref(target.id))?.title ?? null;
    const problem = await this.deps.problems.get(target.id);
    return problem?.notice && problem.status !== 'resolved' ? problem.title : null;
  }

  /** Deflections with from ≤ at < to (epoch ms), per answer or notice and per centre. */
  async counts(range: { from: number; to: number }): Promise<DeflectionCounts> {
    return countDeflections(await this.deps.deflections.inRange(range.from, range.to));
  }
}
