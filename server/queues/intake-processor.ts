// Intake enrichment for a new case: a suggested category and topic tags. BullMQ may run
// a job more than once; the domain refuses a second enrichment, so a retry adds nothing.
import type { Job } from 'bullmq';
import type { Actor, Case } from '../../shared/case.ts';
import { enrich, type CategoryKeywords } from '../../shared/enrich.ts';
import { activeCategories, type RolloutSettings } from '../../shared/settings.ts';
import type { CurrentSettings } from '../settings/settings-holder.ts';
import type { CaseService } from '../services/case-service.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { IntakeJobData } from './names.ts';
import type { SimilarityService } from '../services/similarity-service.ts';
import type { ProblemMatchService } from '../services/problem-match-service.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', name: 'War room', role: 'system' };

export interface IntakeDeps {
  store: CaseStore;
  service: CaseService;
  settings: CurrentSettings;
  similarity: SimilarityService;
  problemMatch: ProblemMatchService;
}

export interface IntakeResult {
  enriched: boolean;
}

interface Waiting {
  caseId: string;
  resolve(result: IntakeResult): void;
  reject(err: unknown): void;
}

/**
 * The intake jobs this worker runs at the same time, enriched together. Each job on its own
 * waited for a read of the log by each index (one already running, then one after it) and for
 * its commit, one round trip after another, so the worker spent most of its time waiting and
 * more concurrency did not help. A batch is every job that arrived while the one before ran:
 * one read of the log for both indexes, in one round trip; the matching; then every commit,
 * sent together. Each job still has its own result: a refused or failed commit fails only
 * its job, which BullMQ retries; a job stays queued until its commit is stored.
 */
export class IntakeBatches {
  private waiting: Waiting[] = [];
  private running = false;
  /** The categories of the settings last used: one list per settings version, so enrich() builds its keyword topics once per version. */
  private keywords: { of: RolloutSettings; categories: readonly CategoryKeywords[] } | null = null;

  constructor(private readonly deps: IntakeDeps) {}

  enrich(caseId: string): Promise<IntakeResult> {
    return new Promise<IntakeResult>((resolve, reject) => {
      this.waiting.push({ caseId, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    // The jobs BullMQ hands over in the same turn (its fetches answered in one read) join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) await this.run(this.waiting.splice(0));
    this.running = false;
  }

  /** Never throws: what fails is each waiting job's outcome, so the next batch still runs. */
  private async run(batch: Waiting[]): Promise<void> {
    const { similarity, problemMatch, settings } = this.deps;
    try {
      // The log up to now: every case of the batch was stored before its job was queued.
      const resets = this.resets();
      await Promise.all([similarity.catchUp(), problemMatch.catchUp()]);
      const categories = this.categories(settings.current.settings);
      await Promise.all(batch.map((w) => this.enrichOne(w.caseId, categories, resets).then(w.resolve, w.reject)));
    } catch (err) {
      // A job already settled keeps its outcome.
      for (const w of batch) w.reject(err);
    }
  }

  private categories(of: RolloutSettings): readonly CategoryKeywords[] {
    if (this.keywords?.of !== of) this.keywords = { of, categories: activeCategories(of) };
    return this.keywords.categories;
  }

  /** Changes when an erasure or a purge resets either index. */
  private resets(): string {
    return `${this.deps.similarity.resets}/${this.deps.problemMatch.resets}`;
  }

  private async enrichOne(caseId: string, categories: readonly CategoryKeywords[], resets: string): Promise<IntakeResult> {
    const { store } = this.deps;
    // The catch-up has just given this process the case as stored, so it needs no read of its
    // own. It is tried once: memory may be behind an erasure (which keeps the version), and the
    // enrichment, computed from the texts, must then be computed again from what is stored, not
    // sent again with the old texts' words.
    const remembered = store.states.latest(caseId);
    if (remembered) {
      const first = await this.enrichFrom(remembered, categories, resets, true);
      if (first) return first;
    }
    const state = await store.load(caseId);
    if (!state) throw new Error(`Case ${caseId} not found for intake`);
    return (await this.enrichFrom(state, categories, resets, false))!;
  }

  /** Null when the state from memory was not current (changed or erased since): read it and try again. */
  private async enrichFrom(state: Case, categories: readonly CategoryKeywords[], resets: string, fromMemory: boolean): Promise<IntakeResult | null> {
    const { similarity, problemMatch, service } = this.deps;
    if (state.enrichedAt) return { enriched: false };
    // Reset since the batch's catch-up: the indexes may be empty or half read, and "nothing
    // similar" would be stored for good. The job fails and BullMQ runs it again on a fresh read.
    if (this.resets() !== resets) throw new Error(`Intake of case ${state.id} met indexes reset by an erasure or purge; retried`);
    const suggestion = enrich(state, categories);
    const similar = similarity.matchesInIndex(state);
    const problem = problemMatch.suggestionInIndex(state);
    const request = { type: 'enrich', ...suggestion, similar, suggestion: problem } as const;
    const result = await service.handle(state.id, request, SYSTEM_ACTOR, fromMemory ? { loaded: state, loadedFromMemory: true, attempts: 1 } : { loaded: state });
    if (result.ok) return { enriched: result.events.length > 0 };
    if (fromMemory) return null;
    throw new Error(`Intake of case ${state.id} refused: ${result.error.message}`);
  }
}

export function createIntakeProcessor(deps: IntakeDeps) {
  const batches = new IntakeBatches(deps);
  return (job: Job<IntakeJobData>): Promise<IntakeResult> => batches.enrich(job.data.caseId);
}
