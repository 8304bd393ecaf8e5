import { describe, expect, it } from 'vitest';
import { asIntake, fmt, heldOutCases, precisionRecall, scorePairs, tuningCases, unseenCases, type Labelled } from '../test/helpers/labelled-set.ts';
import { PROBLEM_THRESHOLD, ProblemIndex, SECOND_WEIGHT } from './problem-match.ts';
import { DEFAULT_THRESHOLD, SimilarityIndex } from './similarity.ts';
import { learnedConcept, learnSynonyms, termsOf } from './synonyms.ts';

// Two centres' words for one fault, then a third centre's: no word of the title in common.
const photosA = { id: 'a', title: 'Kan ikke se billederne fra turen', description: 'Forældre på Mælkebøtten siger at billederne fra skovturen ikke kommer frem i albummet' };
const photosB = { id: 'b', title: 'Fotos fra udflugten vises ikke', description: 'Albummet fra turen er tomt for forældrene, vi har lagt billeder op i går' };
const paraphrase = { id: 'c', title: 'Tomt album efter turen', description: 'Forældre kan ikke se noget' };
const login = { id: 'l', title: 'Forælder kommer ikke ind med MitID', description: 'Mor godkender i MitID appen men sendes tilbage til forsiden' };

describe('problem suggestions', () => {
  it('suggests the problem whose linked cases a new case is like, best first, and nothing unlike', () => {
    const index = new ProblemIndex();
    expect(index.match(paraphrase)).toEqual([]);
    index.link(photosA, 'photos');
    index.link(photosB, 'photos');
    index.link(login, 'mitid');
    const [best, ...rest] = index.match({ title: 'Billederne fra turen vises ikke for forældre', description: '' });
    expect(best.problemId).toBe('photos');
    expect(best.score).toBeGreaterThanOrEqual(PROBLEM_THRESHOLD);
    expect(best.score).toBeLessThanOrEqual(1);
    expect(rest.map((m) => m.problemId)).not.toContain('photos');
    expect(index.match({ title: 'Hvordan melder man ferie i kalenderen', description: '' })).toEqual([]);
  });

  it('forgets an unlinked case and never suggests a problem dismissed for the case', () => {
    const index = new ProblemIndex();
    index.link(photosA, 'photos');
    index.link(photosB, 'photos');
    const query = { ...photosA, id: 'q' };
    expect(index.match(query).map((m) => m.problemId)).toEqual(['photos']);
    index.dismiss(query, 'photos');
    expect(index.match(query)).toEqual([]);
    expect(index.match({ ...query, id: 'other' }).map((m) => m.problemId)).toEqual(['photos']);
    expect(index.unlink('a')).toBe(true);
    expect(index.unlink('b')).toBe(true);
    expect(index.unlink('b')).toBe(false);
    expect(index.match({ ...query, id: 'other' })).toEqual([]);
  });

  it('learns from links: a paraphrase missed before the team links two cases is found after', () => {
    // Before: as a pair with either case it is far below the threshold, and one link teaches nothing.
    const cases = new SimilarityIndex();
    for (const c of [photosA, photosB, paraphrase]) cases.add({ ...c, createdAt: 0 });
    cases.refresh();
    expect(cases.matchId('c')).toEqual([]);
    const index = new ProblemIndex();
    index.link(photosA, 'photos');
    expect(index.synonyms().size).toBe(0);
    expect(index.match(paraphrase)).toEqual([]);

    index.link(photosB, 'photos');
    // The words the two share ("tur", "album", …) are now that problem's synonyms.
    expect(index.synonyms().get('tur')).toEqual([learnedConcept('photos')]);
    expect(index.synonyms().get('album')).toEqual([learnedConcept('photos')]);
    expect(index.match(paraphrase).map((m) => m.problemId)).toEqual(['photos']);

    // "Not the same" for a case that used those words takes them back.
    index.dismiss({ id: 'x', title: 'Nyt album til turen', description: 'Hvordan opretter man et album' }, 'photos');
    expect(index.synonyms().has('album')).toBe(false);
    expect(index.synonyms().has('tur')).toBe(false);
  });

  it('a later link of a dismissed case to that problem drops its "not the same": its words count for the problem again', () => {
    const index = new ProblemIndex();
    index.link(photosA, 'photos');
    index.link(photosB, 'photos');
    const x = { id: 'x', title: 'Nyt album til turen', description: 'Hvordan opretter man et album' };
    index.dismiss(x, 'photos');
    expect(index.isDismissed('x', 'photos')).toBe(true);
    expect(index.synonyms().has('album')).toBe(false);
    index.link(x, 'photos');
    expect(index.isDismissed('x', 'photos')).toBe(false);
    expect(index.synonyms().get('album')).toEqual([learnedConcept('photos')]);
    // Unlinked again, it is offered the problem again like any case: the dismissal is not kept aside.
    index.unlink('x');
    expect(index.match({ ...x, title: 'Kan ikke se billederne fra turen i albummet' }).map((m) => m.problemId)).toEqual(['photos']);
  });

  it('drops a word that two problems learned: it tells neither apart', () => {
    const synonyms = learnSynonyms(
      new Map([
        ['photos', { linked: [termsOf(photosA), termsOf(photosB)], dismissed: [] }],
        ['other', { linked: [termsOf({ title: 'Forældrene kan ikke logge ind' }), termsOf({ title: 'Forældrene får fejl ved login' })], dismissed: [] }],
      ]),
    );
    expect(synonyms.has('forældr')).toBe(false);
    expect(synonyms.get('billed')).toEqual([learnedConcept('photos')]);
  });
});

// ---- Honest measurement: tuned on one part of the labelled set, measured on the other ----------

/** The first `linkedPerProblem` cases of each problem in `from` linked, as the team would have done. */
function linkFirst(from: Labelled[], linkedPerProblem = 2, secondWeight = SECOND_WEIGHT) {
  const index = new ProblemIndex({ secondWeight });
  const linked = new Set<string>();
  const perGroup = new Map<string, number>();
  for (const c of from) {
    if (!c.group || (perGroup.get(c.group) ?? 0) >= linkedPerProblem) continue;
    perGroup.set(c.group, (perGroup.get(c.group) ?? 0) + 1);
    index.link(c, c.group);
    linked.add(c.id);
  }
  return { index, linked };
}

/** Per later case its best problem (any score); then what a threshold makes of them. */
function bestProblems(index: ProblemIndex, cases: Labelled[], linked: Set<string>) {
  return cases
    .filter((c) => !linked.has(c.id))
    .map((c) => ({ group: c.group, best: index.match({ title: c.title, description: c.description }, { threshold: 0, limit: 1 })[0] ?? null }));
}

function atThreshold(results: ReturnType<typeof bestProblems>, threshold: number) {
  const suggested = (r: (typeof results)[number]) => r.best !== null && r.best.score >= threshold;
  const later = results.filter((r) => r.group !== null);
  const oneOffs = results.filter((r) => r.group === null);
  const right = later.filter((r) => suggested(r) && r.best!.problemId === r.group).length;
  const wrong = later.filter((r) => suggested(r) && r.best!.problemId !== r.group).length;
  const flagged = oneOffs.filter(suggested).length;
  return { threshold, top1: right / later.length, right, wrong, later: later.length, oneOffShare: flagged / oneOffs.length, flagged, oneOffs: oneOffs.length };
}

/** How far a result is from failing either target: top-1 ≥ 0.9 and at most 10 % of one-offs suggested. */
const room = (x: ReturnType<typeof atThreshold>) => Math.min(x.top1 - 0.9, 0.1 - x.oneOffShare);

/**
 * The rule that chooses SECOND_WEIGHT and PROBLEM_THRESHOLD on the tuning part: of the weights
 * 0, 0.1, …, 1 and the thresholds 0.30, 0.31, …, 0.80, the pair with the most room on both
 * targets (the lower weight, then the lower threshold, among equals). Spending all of one
 * target's room on the other overfits: new wording scores lower than the wording tuned on.
 * A weight above 1 is left out: a near repeat of a problem's only linked case (score
 * 1 / (1 + weight)) must still clear the threshold.
 */
function chooseSettings(from: Labelled[]) {
  let best: (ReturnType<typeof atThreshold> & { secondWeight: number }) | null = null;
  for (let w = 0; w <= 10; w++) {
    const secondWeight = w / 10;
    const { index, linked } = linkFirst(from, 2, secondWeight);
    const results = bestProblems(index, from, linked);
    for (let t = 30; t <= 80; t++) {
      const x = { ...atThreshold(results, t / 100), secondWeight };
      if (!best || room(x) > room(best) + 1e-12) best = x;
    }
  }
  return best!;
}

const describeProblems = (x: ReturnType<typeof atThreshold>) =>
  `top-1 ${fmt(x.top1)} (${x.right}/${x.later} right, ${x.wrong} wrong, ${x.later - x.right - x.wrong} none), ` +
  `one-offs with a suggestion ${fmt(x.oneOffShare)} (${x.flagged}/${x.oneOffs})`;

/** Pairs with a case of `part` (among the tuning part and it) and problem suggestions for its later cases. */
function measurePart(part: Labelled[]) {
  const pairs = precisionRecall(scorePairs(asIntake([...tuningCases, ...part]), new Set(part.map((c) => c.id))), DEFAULT_THRESHOLD);
  // The first two cases of each problem are linked, the tuning part's first (what the team did
  // early in the week); a problem the tuning part lacks has its first two in `part`.
  const { index, linked } = linkFirst([...tuningCases, ...part]);
  const problems = atThreshold(bestProblems(index, part, linked), PROBLEM_THRESHOLD);
  return { pairs, problems };
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const describePart = (name: string, part: Labelled[], { pairs, problems }: ReturnType<typeof measurePart>) =>
  [
    `  ${name} (${part.length} cases):`,
    `    pairs at ${DEFAULT_THRESHOLD}: precision ${fmt(pairs.precision)}, recall ${fmt(pairs.recall)} (tp ${pairs.tp}, fp ${pairs.fp}, fn ${pairs.fn}) — ` +
      `target ≥ 0.9 / ≥ 0.7 ${met(pairs.precision >= 0.9 && pairs.recall >= 0.7)}`,
    `    problems at ${PROBLEM_THRESHOLD}: ${describeProblems(problems)} — target ≥ 0.9 / ≤ 0.1 ${met(problems.top1 >= 0.9 && problems.oneOffShare <= 0.1)}`,
  ].join('\n');

describe('held-out measurement (tuning: similar-cases.json; held out: similar-cases-holdout.json and similar-cases-unseen.json)', () => {
  it('splits the labelled set once into parts that share no case; the first held-out part covers only tuned problems', () => {
    const tuningIds = new Set(tuningCases.map((c) => c.id));
    expect(heldOutCases.filter((c) => tuningIds.has(c.id))).toEqual([]);
    expect(unseenCases.filter((c) => tuningIds.has(c.id) || heldOutCases.some((h) => h.id === c.id))).toEqual([]);
    const groups = (cases: Labelled[]) => new Set(cases.map((c) => c.group).filter((g) => g !== null));
    expect([...groups(heldOutCases)].every((g) => groups(tuningCases).has(g))).toBe(true);
    expect(heldOutCases.filter((c) => c.group === null).length).toBeGreaterThanOrEqual(10);
    expect(groups(unseenCases).size).toBe(16);
    expect(unseenCases.filter((c) => c.group === null).length).toBe(15);
  });

  it('prints held-out figures for pairs and for problem suggestions, with thresholds chosen on the tuning part only', () => {
    const chosen = chooseSettings(tuningCases);
    const held = measurePart(heldOutCases);
    const unseen = measurePart(unseenCases);
    console.log(
      [
        `held-out measurement (tuning part ${tuningCases.length} cases; chosen there: second weight ${chosen.secondWeight}, ` +
          `problem threshold ${chosen.threshold}: ${describeProblems(chosen)}):`,
        describePart('held out', heldOutCases, held),
        describePart('unseen', unseenCases, unseen),
      ].join('\n'),
    );
    // The constants are what the tuning part chooses, and nothing else.
    expect([SECOND_WEIGHT, PROBLEM_THRESHOLD]).toEqual([chosen.secondWeight, chosen.threshold]);
    expect(chosen.top1).toBeGreaterThanOrEqual(0.9);
    // Regression guards at what the held-out parts show today (see the README), not the targets.
    expect(held.problems.top1).toBeGreaterThanOrEqual(0.9);
    expect(held.pairs.precision).toBeGreaterThanOrEqual(0.8);
    expect(held.pairs.recall).toBeGreaterThanOrEqual(0.7);
  });
});
