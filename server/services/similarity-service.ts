// The intake's memory of recent cases, for "probably the same as …". Built from the event
// log and caught up from it before each match, so every intake worker (in any process)
// compares against every case, not only the ones it enriched itself.
import type { Case } from '../../shared/case.ts';
import { SimilarityIndex, type SimilarMatch } from '../../shared/similarity.ts';
import type { CaseStore } from '../store/case-store.ts';
import { SharedRead } from './shared-read.ts';

const PAGE = 1000;
/** How often cases past the window are dropped: a walk over every case, so not per match. */
const PRUNE_EVERY_MS = 60_000;

export class SimilarityService {
  /** How many times the index was reset: a match across a reset may have met an empty index. */
  resets = 0;
  private index = new SimilarityIndex();
  private cursor: string | null = null;
  private loading: Promise<void> | null = null;
  private readonly reads = new SharedRead(() => this.readNew());
  private prunedAt = 0;

  constructor(
    private readonly store: CaseStore,
    private readonly windowMs: number,
  ) {}

  private add(c: Case) {
    this.index.add({ id: c.id, title: c.title, description: c.description, category: c.category, institution: c.institution, createdAt: c.createdAt });
  }

  private async load(): Promise<void> {
    const index = this.index;
    // The cursor is read first: a case stored meanwhile is read again from the log, and add() replaces.
    const cursor = await this.store.lastEventId();
    const since = Date.now() - this.windowMs;
    const cases = await this.store.createdBetween(since, Infinity);
    // A reset meanwhile: what was read may be of the old log; the next catch-up loads again.
    if (index !== this.index) return;
    this.cursor = cursor;
    for (const c of cases) this.add(c);
    this.index.refresh();
  }

  /** Forgets everything, to load afresh from the log: after an erasure or a purge rewrote it. */
  reset(): void {
    this.resets++;
    this.index = new SimilarityIndex();
    this.cursor = null;
  }

  /**
   * Adds the cases stored before this call, and now and then forgets those older than the
   * window. Concurrent jobs share the reads: while one read of the log runs, every caller
   * that arrives waits for the one read after it, which sees what they need.
   */
  catchUp(): Promise<void> {
    if (this.cursor === null) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      return this.loading;
    }
    return this.reads.run();
  }

  private async readNew(): Promise<void> {
    if (this.cursor === null) return this.catchUp();
    const index = this.index;
    for (;;) {
      const page = await this.store.eventsAfter(this.cursor, PAGE);
      // A reset meanwhile: the page is of the old log; the next catch-up loads the new one.
      if (index !== this.index) return;
      for (const e of page) {
        // Only the texts matter, and they are set at creation.
        if (e.type === 'case.created' || e.type === 'case.enriched') this.add(e.case);
        this.cursor = e.id;
      }
      if (page.length < PAGE) break;
    }
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      this.index.prune(Date.now() - this.windowMs);
    }
  }

  /** The best matches for a stored case among the cases of the window around it; the caller catches up first. */
  matchesInIndex(c: Case): SimilarMatch[] {
    if (!this.index.has(c.id)) this.add(c);
    return this.index.matchId(c.id, { windowMs: this.windowMs, limit: 5 }).map((m) => ({ caseId: m.caseId, score: Math.round(m.score * 1000) / 1000 }));
  }
}
