// The known problems as the intake and GET /api/cases/:id/similar match against them: the
// cases linked to each problem and the cases dismissed as "not the same", folded from the
// event log. At start-up (and after an erasure or a purge rewrote the log) the whole log is
// read once, so links, unlinks and dismissals of any age count and erased texts do not;
// before each match only the events since are read. The learned synonyms are written to
// Redis whenever they change.
import type { Case, ProblemSuggestion } from '../../shared/case.ts';
import type { CaseEvent } from '../../shared/events.ts';
import { ProblemIndex, type ProblemMatch } from '../../shared/problem-match.ts';
import { ERASED_TEXT } from '../../shared/privacy.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { SynonymStore } from '../store/synonym-store.ts';
import { SharedRead } from './shared-read.ts';

const PAGE = 1000;

export class ProblemMatchService {
  /** How many times the index was reset: a match across a reset may have met an empty index. */
  resets = 0;
  private index = new ProblemIndex();
  private titles = new Map<string, string>();
  private cursor: string | null = null;
  private readonly reads = new SharedRead(() => this.readNew());
  /** Redis holds what an older log taught (or nothing yet): write after the next full read whatever it finds. */
  private stale = true;

  constructor(
    private readonly store: CaseStore,
    private readonly synonyms: SynonymStore,
  ) {}

  /** Forgets everything, to read the log afresh: after an erasure or a purge rewrote it. */
  reset(): void {
    this.resets++;
    this.index = new ProblemIndex();
    this.titles = new Map();
    this.cursor = null;
    this.stale = true;
  }

  /**
   * Reads the events stored before this call. Concurrent matches share the reads: while one
   * read runs, every caller that arrives waits for the one read after it, which sees what they need.
   */
  catchUp(): Promise<void> {
    return this.reads.run();
  }

  private async readNew(): Promise<void> {
    const index = this.index;
    const before = index.synonyms();
    for (;;) {
      const page = await this.store.eventsAfter(this.cursor, PAGE);
      // A reset meanwhile: the page is of the old log, and the cursor is the new index's.
      if (index !== this.index) return;
      for (const e of page) this.apply(e);
      if (page.length > 0) this.cursor = page.at(-1)!.id;
      if (page.length < PAGE) break;
    }
    if (!this.stale && sameSynonyms(before, index.synonyms())) return;
    await this.synonyms.replace(index.synonyms());
    // A reset during the write keeps the new index stale: its next read writes again.
    if (index === this.index) this.stale = false;
  }

  private apply(e: CaseEvent): void {
    // An erased case teaches nothing: its texts are gone, and so must its words be.
    const erased = e.case.title === ERASED_TEXT;
    if (e.type === 'case.linked') {
      this.titles.set(e.data.problem.id, e.data.problem.title);
      if (erased) this.index.unlink(e.caseId);
      else this.index.link(e.case, e.data.problem.id);
    } else if (e.type === 'case.unlinked') this.index.unlink(e.caseId);
    else if (e.type === 'case.suggestion_dismissed' && !erased) this.index.dismiss(e.case, e.data.problemId);
  }

  /** The problems a case probably is, best first; never the one it is linked to. */
  async matchesFor(c: Case, limit?: number): Promise<ProblemMatch[]> {
    await this.catchUp();
    return this.matchesInIndex(c, limit);
  }

  /** As matchesFor, on what the index holds now; the caller catches up first. */
  private matchesInIndex(c: Case, limit?: number): ProblemMatch[] {
    return this.index
      .match({ id: c.id, title: c.title, description: c.description }, { limit: limit === undefined ? undefined : limit + 1 })
      .filter((m) => m.problemId !== c.problem?.id)
      .slice(0, limit)
      .map((m) => ({ problemId: m.problemId, score: Math.round(m.score * 1000) / 1000 }));
  }

  /**
   * What the case carries: its best suggestion, with the problem's title as last linked. On
   * what the index holds now: the caller catches up first (the intake once for a whole batch).
   */
  suggestionInIndex(c: Case): ProblemSuggestion | null {
    const [best] = this.matchesInIndex(c, 1);
    return best ? { ...best, title: this.titles.get(best.problemId) ?? best.problemId } : null;
  }
}

function sameSynonyms(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [term, concepts] of a) if (b.get(term)?.join(' ') !== concepts.join(' ')) return false;
  return true;
}
