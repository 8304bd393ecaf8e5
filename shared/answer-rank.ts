// Which library answers fit a case best: the picker offers those first, so a photo problem is
// not offered the consent guide ahead of the photo guide.
import { terms } from './danish-text.ts';

export interface RankableAnswer {
  id: string;
  title: string;
  tags: readonly string[];
}

export interface CaseText {
  title: string;
  description?: string;
  /** The case's category id (e.g. "photos"); answers tagged with it rank higher. */
  category?: string | null;
  /** The category's name as the team reads it, whose words count like the case's own. */
  categoryName?: string | null;
}

/** Shared words (title, description, category name vs. answer title and tags) plus a bonus for the category's tag. */
export function answerScore(answer: RankableAnswer, c: CaseText): number {
  const caseTerms = new Set(terms([c.title, c.description ?? '', c.categoryName ?? ''].join(' ')));
  const answerTerms = new Set(terms([answer.title, ...answer.tags].join(' ')));
  let score = 0;
  for (const t of answerTerms) if (caseTerms.has(t)) score++;
  if (c.category && answer.tags.some((tag) => tag.toLowerCase() === c.category!.toLowerCase())) score += 2;
  return score;
}

/** Best fit first; answers that fit equally keep their given order (e.g. by title). */
export function rankAnswers<A extends RankableAnswer>(answers: readonly A[], c: CaseText): A[] {
  return answers
    .map((answer, index) => ({ answer, index, score: answerScore(answer, c) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((r) => r.answer);
}
