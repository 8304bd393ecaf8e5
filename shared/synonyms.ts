// Synonyms learned from the team's links. Every link of a case to a problem says "these
// words mean this problem"; centres word one fault differently ("kan ikke se billederne",
// "fotos fra turen vises ikke"), and what recurs across a problem's linked cases is the
// rollout's own vocabulary for it, which no fixed lexicon can know beforehand.
//
// A problem with at least MIN_LINKED linked cases learns the terms (stemmed content words;
// Aula phrases such as "mit id" are joined into one word first, shared/danish-text.ts) that
// occur in at least MIN_CASES of them. They become one learned concept, `learned:<problemId>`,
// which the similarity index counts like a lexicon concept: a new case that uses some of
// them shares the concept with the linked cases that use others. A term learned by two
// problems says nothing about either and is dropped; so is a term of a case the team
// dismissed as "not the same" for that problem, since it is what led to the wrong suggestion.
//
// Pure: the evidence (linked and dismissed texts per problem) comes from the event log
// (server/services/problem-match-service.ts), so the synonyms are rebuilt from it at start-up
// and an erased case's words, gone from the log, are gone from them too.
import { contentWords, termOf } from './danish-text.ts';

export interface CaseText {
  title: string;
  description?: string | null;
}

/** Each case as its set of terms (termsOf). */
export interface ProblemEvidence {
  linked: readonly ReadonlySet<string>[];
  dismissed: readonly ReadonlySet<string>[];
}

/** term → the learned concepts it belongs to (at most one: a term two problems learn is dropped). */
export type Synonyms = ReadonlyMap<string, readonly string[]>;

/** A problem learns nothing from one case: a word is only recurring once it is in two. */
export const MIN_LINKED = 2;
export const MIN_CASES = 2;

export const learnedConcept = (problemId: string) => `learned:${problemId}`;

export function termsOf(c: CaseText): Set<string> {
  return new Set(contentWords(`${c.title}\n${c.description ?? ''}`).map(termOf));
}

export function learnSynonyms(problems: ReadonlyMap<string, ProblemEvidence>): Map<string, string[]> {
  const learnedBy = new Map<string, string[]>();
  for (const [problemId, { linked, dismissed }] of problems) {
    if (linked.length < MIN_LINKED) continue;
    const counts = new Map<string, number>();
    for (const terms of linked) for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    const misleading = new Set(dismissed.flatMap((terms) => [...terms]));
    for (const [term, n] of counts) {
      if (n < MIN_CASES || misleading.has(term)) continue;
      const by = learnedBy.get(term);
      if (by) by.push(problemId);
      else learnedBy.set(term, [problemId]);
    }
  }
  const synonyms = new Map<string, string[]>();
  for (const [term, by] of learnedBy) if (by.length === 1) synonyms.set(term, [learnedConcept(by[0])]);
  return synonyms;
}
