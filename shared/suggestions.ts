// Answers before sending: while a superuser types a new case, the published notices and the
// library's answers that fit what they write, so a known problem with a known fix is solved
// without a case at all ("Det løste det": a deflection).
//
// Only notices and answers are ever matched, never cases: a superuser must not learn what
// other centres reported. The matching is the intake's (shared/similarity.ts: the same
// normalisation, Aula phrases, concepts, stems and n-grams); an answer is its title and tags,
// a notice its problem's title and message. These texts are short next to a case, so the
// threshold is lower than DEFAULT_THRESHOLD for pairs of cases.
import { SimilarityIndex } from './similarity.ts';
import { SUGGESTION_LIMITS } from './suggestion-limits.ts';

export { SUGGESTION_LIMITS };

/**
 * Lowest score shown. Answer titles are a few words, so their cosine with a case stays lower
 * than two cases'. Set by hand on the examples in shared/suggestions.test.ts, not measured on a
 * labelled set: a guide shown that does not fit costs a glance, one missed costs a case.
 */
export const SUGGESTION_THRESHOLD = 0.2;

export type SuggestionKind = 'answer' | 'notice';

export interface SuggestibleAnswer {
  id: string;
  title: string;
  url: string;
  tags: readonly string[];
}

export interface SuggestibleNotice {
  /** The problem's id. */
  problemId: string;
  title: string;
  message: string;
}

export interface SuggestibleLibrary {
  answers: readonly SuggestibleAnswer[];
  notices: readonly SuggestibleNotice[];
}

export interface Suggestion {
  kind: SuggestionKind;
  /** The answer's id, or the notice's problem id. */
  id: string;
  title: string;
  /** The answer's video or guide; null for a notice. */
  url: string | null;
  /** The notice's workaround; null for an answer. */
  message: string | null;
  score: number;
}

const docId = (kind: SuggestionKind, id: string) => `${kind}:${id}`;

/**
 * The published notices and answers, matched against a text being typed. sync() brings it to
 * the library as it now stands: an unchanged text costs nothing (the index keeps its terms),
 * so a change to one answer does not re-read the other hundred.
 */
export class SuggestionIndex {
  private readonly index = new SimilarityIndex();
  private readonly items = new Map<string, Omit<Suggestion, 'score'>>();

  constructor(library?: SuggestibleLibrary) {
    if (library) this.sync(library);
  }

  get size(): number {
    return this.items.size;
  }

  has(kind: SuggestionKind, id: string): boolean {
    return this.items.has(docId(kind, id));
  }

  sync(library: SuggestibleLibrary): void {
    const seen = new Set<string>();
    const put = (item: Omit<Suggestion, 'score'>, description: string) => {
      const id = docId(item.kind, item.id);
      seen.add(id);
      this.items.set(id, item);
      this.index.add({ id, title: item.title, description, createdAt: 0 });
    };
    for (const a of library.answers) put({ kind: 'answer', id: a.id, title: a.title, url: a.url, message: null }, a.tags.join(' '));
    for (const n of library.notices) put({ kind: 'notice', id: n.problemId, title: n.title, message: n.message, url: null }, n.message);
    for (const id of [...this.items.keys()]) {
      if (seen.has(id)) continue;
      this.items.delete(id);
      this.index.remove(id);
    }
    // Every length under the IDF of the library as it is now, so scores do not depend on the order of changes.
    this.index.refresh();
  }

  /** Best first (ties by kind and id). */
  suggest(text: string, opts: { limit?: number; threshold?: number } = {}): Suggestion[] {
    if (letters(text) < SUGGESTION_LIMITS.minLetters) return [];
    const matches = this.index.match(
      { title: text.slice(0, SUGGESTION_LIMITS.text) },
      { threshold: opts.threshold ?? SUGGESTION_THRESHOLD, limit: opts.limit ?? SUGGESTION_LIMITS.results, windowMs: Infinity, now: 0 },
    );
    return matches.map((m) => ({ ...this.items.get(m.caseId)!, score: Math.round(m.score * 1000) / 1000 }));
  }
}

function letters(text: string): number {
  let n = 0;
  for (const ch of text) if (/\p{L}/u.test(ch) && ++n >= SUGGESTION_LIMITS.minLetters) break;
  return n;
}

/** One "Det løste det": the superuser's centre, what solved it, and when. No person, no case text. */
export interface Deflection {
  kind: SuggestionKind;
  id: string;
  /** The answer's or notice's title when it solved it, so the figures read well after an edit or a withdrawal. */
  title: string;
  institution: string;
  /** Epoch ms. */
  at: number;
}

export interface DeflectionCounts {
  total: number;
  /** Per answer or notice, the most first, with its latest title. */
  byTarget: { kind: SuggestionKind; id: string; title: string; count: number }[];
  /** Per centre, the most first. */
  byInstitution: { institution: string; count: number }[];
}

/** Counts deflections per answer or notice and per centre. */
export function countDeflections(deflections: Iterable<Deflection>): DeflectionCounts {
  const targets = new Map<string, { kind: SuggestionKind; id: string; title: string; count: number; at: number }>();
  const institutions = new Map<string, number>();
  let total = 0;
  for (const d of deflections) {
    total++;
    const key = docId(d.kind, d.id);
    const t = targets.get(key) ?? { kind: d.kind, id: d.id, title: d.title, count: 0, at: d.at };
    t.count++;
    if (d.at >= t.at) Object.assign(t, { title: d.title, at: d.at });
    targets.set(key, t);
    institutions.set(d.institution, (institutions.get(d.institution) ?? 0) + 1);
  }
  const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return {
    total,
    byTarget: [...targets.values()]
      .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : byId(a.id, b.id)))
      .map(({ kind, id, title, count }) => ({ kind, id, title, count })),
    byInstitution: [...institutions].map(([institution, count]) => ({ institution, count })).sort((a, b) => b.count - a.count || (a.institution < b.institution ? -1 : 1)),
  };
}
