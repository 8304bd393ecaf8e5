// Known problems: created from cases, linked to more as they come in, announced to every
// superuser, and resolved once for all their cases.
import { actorRef, type Actor, type Case } from '../../shared/case.ts';
import type { Problem } from '../../shared/problem.ts';
import type { NoticeView } from '../../shared/socket-contract.ts';
import type { Broadcast } from '../live/broadcast.ts';
import type { CaseStore } from '../store/case-store.ts';
import { StaleDocError, type DocStore } from '../store/library-store.ts';
import type { CaseService, ServiceError } from './case-service.ts';
import type { AnswerService } from './answer-service.ts';

export type ProblemResult = { ok: true; problem: Problem } | { ok: false; error: ServiceError & { resolved?: string[] } };

const fail = (code: ServiceError['code'], message: string): ProblemResult => ({ ok: false, error: { code, message } });

export class ProblemService {
  constructor(
    private readonly deps: {
      problems: DocStore<Problem>;
      store: CaseStore;
      cases: CaseService;
      answers: AnswerService;
      broadcast: Broadcast;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  async get(id: string): Promise<Problem | null> {
    return (await this.deps.problems.get(id))?.doc ?? null;
  }

  list(): Promise<Problem[]> {
    return this.deps.problems.list();
  }

  /** The cases linked to a problem, read through the problem's index. */
  async casesOf(problemId: string): Promise<Case[]> {
    const cases = await this.deps.store.loadMany(await this.deps.store.problemCaseIds(problemId));
    // The index follows every commit; the case itself has the last word.
    return cases.filter((c) => c.problem?.id === problemId);
  }

  async notices(): Promise<NoticeView[]> {
    return (await this.list())
      .filter((p) => p.notice && p.status !== 'resolved')
      .map((p) => ({ problemId: p.id, title: p.title, message: p.notice!.message, at: p.notice!.at }));
  }

  /** Reads, changes and writes a problem, again from a fresh read if someone else wrote first. */
  private async change(id: string, fn: (p: Problem) => Problem | ProblemResult): Promise<ProblemResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const found = await this.deps.problems.get(id);
      if (!found) return fail('not_found', `Problem ${id} not found`);
      const next = fn(found.doc);
      if ('ok' in next) return next;
      try {
        const version = await this.deps.problems.put({ ...next, version: found.version + 1, updatedAt: this.now() }, found.version, next.createdAt);
        const stored = { ...next, version, updatedAt: this.now() };
        this.deps.broadcast.problemChanged(stored);
        return { ok: true, problem: stored };
      } catch (err) {
        if (!(err instanceof StaleDocError)) throw err;
      }
    }
    return fail('busy', 'The problem is changing too fast to update; try again');
  }

  private async noticesChanged() {
    this.deps.broadcast.noticesChanged(await this.notices());
  }

  async create(input: { title: string; vendorRef?: string | null; caseIds?: string[] }, actor: Actor): Promise<ProblemResult> {
    const caseIds = [...new Set(input.caseIds ?? [])];
    for (const id of caseIds) {
      if (!(await this.deps.store.load(id))) return fail('invalid', `Case ${id} not found; a problem is made from existing cases`);
    }
    const at = this.now();
    const problem: Problem = {
      id: await this.deps.problems.nextId(),
      title: input.title.trim(),
      status: 'open',
      vendorRef: input.vendorRef?.trim() || null,
      resolution: null,
      answer: null,
      notice: null,
      resolvedBy: null,
      createdAt: at,
      createdBy: actorRef(actor),
      updatedAt: at,
      version: 1,
    };
    await this.deps.problems.put(problem, 0, at);
    this.deps.broadcast.problemChanged(problem);
    for (const caseId of caseIds) {
      const linked = await this.deps.cases.handle(caseId, { type: 'link', problemId: problem.id }, actor);
      if (!linked.ok) return { ok: false, error: { ...linked.error, message: `Problem ${problem.id} was created, but case ${caseId} could not be linked: ${linked.error.message}` } };
    }
    return { ok: true, problem };
  }

  update(id: string, input: { title?: string; vendorRef?: string | null }): Promise<ProblemResult> {
    return this.change(id, (p) => ({
      ...p,
      title: input.title?.trim() || p.title,
      vendorRef: input.vendorRef === undefined ? p.vendorRef : input.vendorRef?.trim() || null,
    }));
  }

  async announce(id: string, message: string, actor: Actor): Promise<ProblemResult> {
    const result = await this.change(id, (p) =>
      p.status === 'resolved' ? fail('conflict', 'The problem is resolved; there is nothing to announce') : { ...p, notice: { message: message.trim(), at: this.now(), by: actorRef(actor) } },
    );
    if (result.ok) await this.noticesChanged();
    return result;
  }

  async withdraw(id: string): Promise<ProblemResult> {
    const result = await this.change(id, (p) => ({ ...p, notice: null }));
    if (result.ok) await this.noticesChanged();
    return result;
  }

  /**
   * Resolves the problem and every linked open case with the same resolution and answer.
   * The resolution is stored on the problem first ("resolving"); each case is then closed
   * in its own atomic step. If that stops halfway, calling this again (or the start-up
   * sweep) closes the rest: closed cases are skipped, so none gets a second resolution.
   */
  async resolve(id: string, input: { resolution: string; answerId?: string | null }, actor: Actor): Promise<ProblemResult> {
    const answer = input.answerId ? await this.deps.answers.ref(input.answerId) : null;
    if (input.answerId && !answer) return fail('invalid', `No answer has id "${input.answerId}"; GET /api/answers lists the library`);
    const started = await this.change(id, (p) =>
      p.status === 'resolved'
        ? p
        : { ...p, status: 'resolving', resolution: input.resolution.trim(), answer: answer ?? p.answer, resolvedBy: { ...actorRef(actor), role: actor.role === 'lead' ? 'lead' : 'member' } },
    );
    if (!started.ok) return started;
    return this.finish(started.problem);
  }

  private async openCases(problemId: string) {
    return (await this.casesOf(problemId)).filter((c) => c.status !== 'resolved');
  }

  private async finish(problem: Problem): Promise<ProblemResult> {
    if (problem.status === 'resolved') return { ok: true, problem };
    const actor: Actor = problem.resolvedBy!;
    const resolved: string[] = [];
    for (const c of await this.openCases(problem.id)) {
      const result = await this.deps.cases.handle(
        c.id,
        { type: 'resolve', resolution: problem.resolution!, answerId: problem.answer?.id ?? null, problemId: problem.id },
        actor,
      );
      // Closed meanwhile by someone else: that case is done either way.
      if (!result.ok && !(result.error.code === 'conflict' && result.case?.status === 'resolved')) {
        return {
          ok: false,
          error: { code: 'busy', message: `Resolved ${resolved.length} cases, then case ${c.id} failed (${result.error.message}); send the same request again to resolve the rest`, resolved },
        };
      }
      if (result.ok) resolved.push(c.id);
    }
    const done = await this.change(problem.id, (p) => ({ ...p, status: 'resolved', notice: null }));
    if (done.ok && problem.notice) await this.noticesChanged();
    return done;
  }

  /** Finishes problems left "resolving" (a crash or an outage halfway). */
  async finishInterrupted(): Promise<number> {
    let finished = 0;
    for (const p of await this.list()) {
      if (p.status !== 'resolving') continue;
      if ((await this.finish(p)).ok) finished++;
    }
    return finished;
  }
}
