import { describe, expect, it } from 'vitest';
import { asIntake, bestRecallAtPrecision, fmt, heldOutCases as heldOut, precisionRecall, scorePairs, T0, thresholdWithMostRoom, tuningCases as labelled } from '../test/helpers/labelled-set.ts';
import { conceptsOf, contentWords, normalise, stem, terms, words } from './danish-text.ts';
import { DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS, RESCORED, SimilarityIndex, type SimilarityCase } from './similarity.ts';
const HOUR = 60 * 60 * 1000;

describe('Danish text', () => {
  // What each step of the text pipeline makes of a text (normalise) or a word (stem).
  const steps = { normalise, stem };
  const expected: Record<keyof typeof steps, Record<string, string>> = {
    normalise: {
      'Forældre kan ikke logge ind!!': 'forældre kan ikke logge ind',
      'ÆBLE, Øl & Ål?': 'æble øl ål',
      'komme/gå (iPad\'en)': 'komme gå ipad en',
      'UNI-login': 'uni login',
      'MitID!!': 'mitid',
      'Hjælpecafé': 'hjælpecafe',
      '  komme/gå\n(app)  ': 'komme gå app',
      'Kl. 8:30': 'kl 8 30',
      'Å decomposed: A\u030a': 'å decomposed å',
    },
    stem: {
      beskeder: 'besked',
      beskederne: 'besked',
      beskeden: 'besked',
      billederne: 'billed',
      billedet: 'billed',
      samtykket: 'samtyk',
      samtykkerne: 'samtyk',
      forældrene: 'forældr',
      notifikationer: 'notifikation',
      kalenderen: 'kalend',
      vedhæftede: 'vedhæft',
      vedhæftet: 'vedhæft',
      appen: 'app',
      ipads: 'ipad',
      tur: 'tur',
      børn: 'børn',
    },
  };
  it.each(Object.entries(expected).flatMap(([step, cases]) => Object.entries(cases).map(([text, result]) => [step as keyof typeof steps, text, result] as const)))('%s(%j) is %j', (step, text, result) => {
    expect(steps[step](text)).toBe(result);
  });

  it('joins the Aula spellings of one thing before anything else', () => {
    expect(words('Kan ikke logge ind med Mit ID eller UNI-login')).toEqual(['kan', 'ikke', 'login', 'med', 'mitid', 'eller', 'unilogin']);
    expect(words('check ind på komme/gå, push besked')).toEqual(['tjekind', 'på', 'kommegå', 'notifikation']);
  });

  it('drops stop words, request filler and bare numbers', () => {
    expect(contentWords('Hej, vi har 3 forældre der ikke kan se billederne i Aula. Tak!')).toEqual(['forældre', 'se', 'billederne']);
  });

  it('gives different words for one thing the same term', () => {
    expect(terms('foto')).toEqual(terms('billede'));
    expect(terms('forælder')).toEqual(terms('forældrene'));
    expect(terms('mobil')).toEqual(terms('telefonen'));
  });

  it('knows the concepts, also as the first or last part of a compound', () => {
    expect(conceptsOf('hentetid')).toEqual(['afhentning']);
    expect(conceptsOf('afhentning')).toEqual(['afhentning']);
    expect(conceptsOf('billedtilladelse')).toEqual(['samtykke']);
    expect(conceptsOf('samtykkeerklæringen')).toEqual(['samtykke']);
    expect(conceptsOf('ferieønsker')).toEqual(['fravær']);
    expect(conceptsOf('juleferie')).toEqual(['fravær']); // "ferie-" is marked as a compound part
    expect(words('Hvor kan man melde fri')).toContain('fravær');
    expect(conceptsOf('forældre')).toEqual([]); // "ældre" is not "old" here
    expect(conceptsOf('billeder')).toEqual([]); // nor "leder" a search
  });
});

const at = (hours: number) => T0 + hours * HOUR;
const mk = (id: string, title: string, description = '', hours = 0, category: string | null = null): SimilarityCase => ({
  id,
  title,
  description,
  category,
  institution: 'bh-solsikken',
  createdAt: at(hours),
});

function smallIndex() {
  const index = new SimilarityIndex();
  index.add(mk('mitid-1', 'Forælder kan ikke logge ind med MitID', 'Mor godkender i MitID-appen men kommer tilbage til login', 0, 'login'));
  index.add(mk('mitid-2', 'MitID login virker ikke', 'Far sendes tilbage til log ind efter MitID godkendelse', 1, 'login'));
  index.add(mk('push-1', 'Ingen notifikationer på iPhone', 'Forældre får ingen push beskeder efter opdateringen', 2, 'app'));
  index.add(mk('photo-1', 'Kan ikke uploade billeder', 'Upload af fotos fra iPad hænger', 3, 'photos'));
  return index;
}

describe('SimilarityIndex', () => {
  it('finds the case that describes the same problem, best first', () => {
    const index = smallIndex();
    const query = mk('q', 'Kan ikke komme ind med MitID', 'Forældre ryger tilbage til login når de har godkendt i MitID', 2, 'login');
    const all = index.match(query, { threshold: 0 });
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.slice(0, 2).map((m) => m.caseId).sort()).toEqual(['mitid-1', 'mitid-2']);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].score).toBeGreaterThanOrEqual(all[i].score);
    for (const m of all) {
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
    expect(index.match(query).map((m) => m.caseId)).not.toContain('photo-1');
  });

  it('never matches a case with itself, also when its text is in the index twice', () => {
    const index = smallIndex();
    index.add(mk('mitid-copy', 'Forælder kan ikke logge ind med MitID', 'Mor godkender i MitID-appen men kommer tilbage til login', 0, 'login'));
    const self = index.matchId('mitid-1', { threshold: 0 });
    expect(self.map((m) => m.caseId)).not.toContain('mitid-1');
    expect(self[0]).toEqual({ caseId: 'mitid-copy', score: 1 });
    const byText = index.match({ ...mk('mitid-1', 'Forælder kan ikke logge ind med MitID', 'Mor godkender i MitID-appen men kommer tilbage til login', 0, 'login') }, { threshold: 0 });
    expect(byText.map((m) => m.caseId)).not.toContain('mitid-1');
    expect(index.matchId('unknown')).toEqual([]);
  });

  it('scores symmetrically', () => {
    const index = smallIndex();
    const ab = index.matchId('mitid-1', { threshold: 0 }).find((m) => m.caseId === 'mitid-2')!.score;
    const ba = index.matchId('mitid-2', { threshold: 0 }).find((m) => m.caseId === 'mitid-1')!.score;
    expect(ab).toBeCloseTo(ba, 12);
  });

  it('compares only with cases inside the window, 48 hours by default, on both sides', () => {
    const index = new SimilarityIndex();
    const text = ['Ingen notifikationer på iPhone', 'Forældre får ingen push efter opdateringen'] as const;
    index.add(mk('old', ...text, -49));
    index.add(mk('edge', ...text, -48));
    index.add(mk('recent', ...text, -1));
    index.add(mk('later', ...text, 47));
    index.add(mk('much-later', ...text, 49));
    const query = mk('q', ...text, 0);
    expect(DEFAULT_WINDOW_MS).toBe(48 * HOUR);
    expect(index.match(query).map((m) => m.caseId).sort()).toEqual(['edge', 'later', 'recent']);
    expect(index.match(query, { windowMs: 2 * HOUR }).map((m) => m.caseId)).toEqual(['recent']);
    expect(index.match(query, { windowMs: Infinity })).toHaveLength(5);
    // The reference time: options.now beats the query's createdAt.
    expect(index.match(query, { now: at(-49), windowMs: HOUR }).map((m) => m.caseId).sort()).toEqual(['edge', 'old']);
    expect(index.match({ title: text[0], description: text[1] }, { now: new Date(at(49)).toISOString(), windowMs: HOUR }).map((m) => m.caseId)).toEqual(['much-later']);
  });

  it('forgets removed cases, and add() with a known id replaces the case', () => {
    const index = smallIndex();
    expect(index.size).toBe(4);
    expect(index.remove('mitid-2')).toBe(true);
    expect(index.remove('mitid-2')).toBe(false);
    expect(index.has('mitid-2')).toBe(false);
    expect(index.size).toBe(3);
    expect(index.matchId('mitid-1', { threshold: 0 }).map((m) => m.caseId)).not.toContain('mitid-2');

    index.add(mk('push-1', 'Kan ikke logge ind med MitID', 'Kommer tilbage til login', 2, 'login'));
    expect(index.size).toBe(3);
    expect(index.get('push-1')).toMatchObject({ id: 'push-1', category: 'login', createdAt: at(2) });
    expect(index.matchId('mitid-1').map((m) => m.caseId)).toEqual(['push-1']);

    // A freed slot is reused without leaking the old case's terms.
    index.add(mk('new', 'Upload af billeder hænger', '', 4, 'photos'));
    expect(index.matchId('new', { threshold: 0.2 }).map((m) => m.caseId)).toEqual(['photo-1']);
  });

  it('prunes cases created before a time', () => {
    const index = smallIndex();
    expect(index.prune(at(2))).toBe(2);
    expect(['mitid-1', 'mitid-2', 'push-1', 'photo-1'].filter((id) => index.has(id))).toEqual(['push-1', 'photo-1']);
  });

  it('applies threshold, limit and filter', () => {
    const index = new SimilarityIndex();
    for (let i = 0; i < 8; i++) index.add(mk(`c${i}`, 'Ingen notifikationer på iPhone', `Forældre på stue ${i} får ingen push`, i / 10, 'app'));
    const query = mk('q', 'Ingen notifikationer på iPhone', 'Forældre får ingen push', 1, 'app');
    expect(index.match(query)).toHaveLength(8);
    expect(index.match(query, { limit: 3 })).toHaveLength(3);
    expect(index.match(query, { limit: 0 })).toEqual([]);
    expect(index.match(query, { threshold: 1.01 })).toEqual([]);
    expect(index.match(query, { filter: (id) => id !== 'c3' }).map((m) => m.caseId)).not.toContain('c3');
    expect(new SimilarityIndex().match(query)).toEqual([]);
  });

  it('breaks ties by id so the order is stable', () => {
    const index = new SimilarityIndex();
    for (const id of ['b', 'c', 'a']) index.add(mk(id, 'Samtykke står som ikke besvaret', '', 0));
    expect(index.match(mk('q', 'Samtykke står som ikke besvaret'), { threshold: 0 }).map((m) => m.caseId)).toEqual(['a', 'b', 'c']);
  });

  it('ignores the category by default', () => {
    const index = new SimilarityIndex();
    index.add(mk('same', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'calendar'));
    index.add(mk('other-cat', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'app'));
    const scores = index.match(mk('q', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'calendar'), { threshold: 0 }).map((m) => m.score);
    expect(scores).toHaveLength(2);
    expect(scores[0]).toBeCloseTo(scores[1], 12);
  });

  it('counts the category when asked to and both cases have a real one', () => {
    const index = new SimilarityIndex({ categoryBonus: 0.05, categoryPenalty: 0.5 });
    index.add(mk('same', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'calendar'));
    index.add(mk('other-cat', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'app'));
    index.add(mk('none', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, null));
    index.add(mk('ignored', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'other'));
    const scores = Object.fromEntries(index.match(mk('q', 'Kan ikke se kalenderen', 'Forældre ser ikke lukkedage', 0, 'calendar'), { threshold: 0 }).map((m) => [m.caseId, m.score]));
    expect(scores.same).toBe(1);
    expect(scores.none).toBeCloseTo(1, 12);
    expect(scores.ignored).toBeCloseTo(scores.none, 12);
    expect(scores['other-cat']).toBeLessThan(scores.none);
  });

  it('rejects a case without a valid time before changing anything', () => {
    const index = smallIndex();
    expect(() => index.add({ ...mk('mitid-1', 'x'), createdAt: 'not a date' })).toThrow(RangeError);
    expect(index.has('mitid-1')).toBe(true);
  });

  it('stays close to a freshly built index while cases come and go, and equals it after refresh()', () => {
    // The incremental index keeps cached vector lengths a little behind the IDF; scores may
    // drift slightly (most in a small index like this, where one case moves the IDF most).
    const cases = labelled.map((c, i) => ({ ...c, createdAt: T0 + i * 60_000 }));
    const incremental = new SimilarityIndex();
    for (const c of cases) incremental.add(c);
    for (const c of cases.slice(0, 60)) incremental.remove(c.id);
    for (const c of cases.slice(0, 30)) incremental.add(c);
    const fresh = new SimilarityIndex();
    for (const c of [...cases.slice(60), ...cases.slice(0, 30)]) fresh.add(c);
    const worstDifference = () => {
      let worst = 0;
      for (const c of cases.slice(30, 90)) {
        const a = new Map(incremental.matchId(c.id, { threshold: 0, limit: 1000, windowMs: Infinity }).map((m) => [m.caseId, m.score]));
        const b = fresh.matchId(c.id, { threshold: 0, limit: 1000, windowMs: Infinity });
        expect(a.size).toBe(b.length);
        for (const m of b) worst = Math.max(worst, Math.abs((a.get(m.caseId) ?? NaN) - m.score));
      }
      return worst;
    };
    expect(worstDifference()).toBeLessThan(0.05);
    incremental.refresh();
    fresh.refresh();
    expect(worstDifference()).toBeLessThan(1e-9);
  });

  it('a filter that throws leaves nothing of its query behind: later queries score as before, truncated or not', () => {
    for (const options of [{ exhaustiveUpTo: 0, scanBudget: 64 }, {}]) {
      const cases = labelled.map((c, i) => ({ ...c, createdAt: T0 + i * 60_000 }));
      const index = new SimilarityIndex(options);
      for (const c of cases) index.add(c);
      const query = { threshold: 0, limit: 10, windowMs: Infinity };
      const before = cases.slice(0, 20).map((c) => index.matchId(c.id, query));
      expect(before.some((m) => m.length > 0)).toBe(true);
      expect(() =>
        index.matchId(cases[20].id, {
          ...query,
          filter: () => {
            throw new Error('the caller failed');
          },
        }),
      ).toThrow('the caller failed');
      expect(cases.slice(0, 20).map((c) => index.matchId(c.id, query))).toEqual(before);
    }
  });

  it('reads the same newest postings of a truncated scan after the oldest cases were pruned as a fresh index does', () => {
    // Pruning empties the front of the postings and later adds refill them: their order, which
    // decides what a truncated scan reads, must stay that of adding the cases anew.
    const options = { exhaustiveUpTo: 0, scanBudget: 64 };
    const cases = labelled.map((c, i) => ({ ...c, createdAt: T0 + i * 60_000 }));
    const later = labelled.map((c, i) => ({ ...c, id: `${c.id}-again`, createdAt: T0 + (cases.length + i) * 60_000 }));
    const incremental = new SimilarityIndex(options);
    for (const c of cases) incremental.add(c);
    expect(incremental.prune(cases[100].createdAt)).toBe(100);
    for (const c of later) incremental.add(c);
    const removed = new Set([...cases.slice(100), ...later].filter((_, i) => i % 9 === 4).map((c) => c.id)); // from anywhere too
    for (const id of removed) incremental.remove(id);
    const kept = [...cases.slice(100), ...later].filter((c) => !removed.has(c.id));
    const fresh = new SimilarityIndex(options);
    for (const c of kept) fresh.add(c);
    incremental.refresh();
    fresh.refresh();
    for (const c of kept) {
      const query = { threshold: 0, limit: 20, windowMs: Infinity };
      expect(incremental.matchId(c.id, query)).toEqual(fresh.matchId(c.id, query));
    }
  });
});

describe('bounded scan', () => {
  // The labelled cases among many that share their words: each labelled case also arrives as
  // eight variants (a word dropped, one added), the way one problem comes in from many centres.
  function crowded() {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cases: SimilarityCase[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [i, c] of labelled.entries()) {
        const vary = (text: string) => text.split(' ').filter(() => random() > 0.15).join(' ');
        cases.push({ ...c, id: `v${round}-${c.id}`, title: vary(c.title), description: vary(c.description), createdAt: T0 + (round * labelled.length + i) * 1000 });
      }
    }
    const queries = labelled.map((c, i) => ({ ...c, id: `q-${c.id}`, createdAt: T0 + (8 * labelled.length + i) * 1000 }));
    return { cases, queries };
  }

  it('above its size it reads a bounded part of the postings yet finds what the exhaustive scan finds, with the same scores', () => {
    const { cases, queries } = crowded();
    const bounded = new SimilarityIndex({ scanBudget: 512, exhaustiveUpTo: 100 });
    const exhaustive = new SimilarityIndex({ scanBudget: Infinity });
    for (const c of [...cases, ...queries]) {
      bounded.add(c);
      exhaustive.add(c);
    }
    let sameBest = 0;
    let withMatch = 0;
    let found = 0;
    let wanted = 0;
    for (const q of queries) {
      const all = exhaustive.matchId(q.id, { limit: 5, windowMs: Infinity });
      const got = bounded.matchId(q.id, { limit: 5, windowMs: Infinity });
      const exact = new Map(exhaustive.matchId(q.id, { threshold: 0, limit: Infinity, windowMs: Infinity }).map((m) => [m.caseId, m.score]));
      // Every score it returns is the exhaustive one: the candidates are scored again exactly.
      for (const m of got) expect(m.score).toBeCloseTo(exact.get(m.caseId)!, 9);
      const ids = new Set(got.map((m) => m.caseId));
      wanted += all.length;
      found += all.filter((m) => ids.has(m.caseId)).length;
      if (all.length === 0) continue;
      withMatch++;
      if (got.length > 0 && got[0].score >= all[0].score - 1e-9) sameBest++;
    }
    expect(withMatch).toBeGreaterThan(100);
    expect(sameBest / withMatch).toBeGreaterThanOrEqual(0.9);
    expect(found / wanted).toBeGreaterThanOrEqual(0.85);
  });

  it('after a truncated scan, passing over candidates that cannot make the result changes nothing', () => {
    const { cases, queries } = crowded();
    const bounded = new SimilarityIndex({ scanBudget: 512, exhaustiveUpTo: 100 });
    for (const c of [...cases, ...queries]) bounded.add(c);
    let compared = 0;
    for (const q of queries) {
      // A limit of RESCORED picks the same candidates; with threshold 0 and no short limit none is passed over.
      const all = bounded.matchId(q.id, { threshold: 0, limit: RESCORED, windowMs: Infinity });
      for (const limit of [1, 5]) {
        const expected = all.filter((m) => m.score >= DEFAULT_THRESHOLD).slice(0, limit);
        expect(bounded.matchId(q.id, { limit, windowMs: Infinity })).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('is exhaustive while the index is small, whatever the budget', () => {
    const { cases } = crowded();
    const small = cases.slice(0, 150);
    const bounded = new SimilarityIndex({ scanBudget: 1, exhaustiveUpTo: 150 });
    const exhaustive = new SimilarityIndex({ scanBudget: Infinity });
    for (const c of small) {
      bounded.add(c);
      exhaustive.add(c);
    }
    for (const c of small.slice(0, 40)) {
      expect(bounded.matchId(c.id, { threshold: 0, limit: Infinity, windowMs: Infinity })).toEqual(exhaustive.matchId(c.id, { threshold: 0, limit: Infinity, windowMs: Infinity }));
    }
  });
});

// ---- Measurement on the labelled set (test/helpers/labelled-set.ts) -------------------------------

describe('on the labelled set', () => {
  const cases = asIntake(labelled);
  const groups = new Set(cases.map((c) => c.group).filter(Boolean));

  it('has at least 150 cases in about 20 groups plus noise', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(groups.size).toBeGreaterThanOrEqual(18);
    expect(cases.filter((c) => c.group === null).length).toBeGreaterThanOrEqual(30);
  });

  it('meets issue 4: pairwise precision ≥ 0.9 at recall ≥ 0.7 at the default threshold', () => {
    const pairs = scorePairs(cases);
    const at = precisionRecall(pairs, DEFAULT_THRESHOLD);
    console.log(
      `similarity, ${cases.length} labelled cases, ${pairs.length} pairs (${pairs.filter((p) => p.same).length} same-problem): ` +
        `threshold ${DEFAULT_THRESHOLD} → precision ${fmt(at.precision)}, recall ${fmt(at.recall)} (tp ${at.tp}, fp ${at.fp}, fn ${at.fn})`,
    );
    const curve = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6].map((t) => precisionRecall(pairs, t));
    console.log(`  curve: ${curve.map((x) => `${x.threshold}: p ${fmt(x.precision)} r ${fmt(x.recall)}`).join(' | ')}`);
    const best = bestRecallAtPrecision(pairs, 0.9);
    console.log(
      `  issue 4 aims at precision ≥ 0.9 at recall ≥ 0.7: best recall at precision ≥ 0.9 is ${fmt(best.recall)} (threshold ${best.threshold.toFixed(2)}) — ` +
        (best.recall >= 0.7 ? 'met' : 'NOT met'),
    );
    expect(at.precision).toBeGreaterThanOrEqual(0.9);
    expect(at.recall).toBeGreaterThanOrEqual(0.7);
    // The constant is what the written rule chooses on this (the tuning) part, and nothing else.
    expect(DEFAULT_THRESHOLD).toBe(thresholdWithMostRoom(pairs).threshold);
  });

  it('the best match of a case above the threshold is nearly always the same problem', () => {
    // What the card's "probably the same as …" shows: per case, its best match.
    const index = new SimilarityIndex();
    for (const c of cases) index.add(c);
    index.refresh();
    let right = 0;
    let wrong = 0;
    let none = 0;
    let noiseFlagged = 0;
    for (const c of cases) {
      const [best] = index.matchId(c.id, { windowMs: Infinity });
      const group = best && cases.find((o) => o.id === best.caseId)!.group;
      if (c.group === null) noiseFlagged += best ? 1 : 0;
      else if (!best) none++;
      else if (group === c.group) right++;
      else wrong++;
    }
    const grouped = right + wrong + none;
    console.log(
      `  best match per case (threshold ${DEFAULT_THRESHOLD}): ${right}/${grouped} grouped cases get a right one, ${wrong} a wrong one, ${none} none; ` +
        `${noiseFlagged}/${cases.length - grouped} noise cases get any`,
    );
    expect(right / (right + wrong)).toBeGreaterThanOrEqual(0.9);
  });

  it('holds up on held-out cases written after tuning', () => {
    // Never used to choose anything: how the tuned method does on new wording. Expect it lower.
    const all = asIntake([...labelled, ...heldOut]);
    const pairs = scorePairs(all, new Set(heldOut.map((c) => c.id)));
    const at = precisionRecall(pairs, DEFAULT_THRESHOLD);
    const best = bestRecallAtPrecision(pairs, 0.9);
    console.log(
      `  held out: ${heldOut.length} cases, ${pairs.length} pairs with one of them (${pairs.filter((p) => p.same).length} same-problem): ` +
        `threshold ${DEFAULT_THRESHOLD} → precision ${fmt(at.precision)}, recall ${fmt(at.recall)} (tp ${at.tp}, fp ${at.fp}, fn ${at.fn}); ` +
        `best recall at precision ≥ 0.9 is ${fmt(best.recall)} (threshold ${best.threshold.toFixed(2)})`,
    );
    // A regression guard at what the method reaches on held-out wording, below the aim.
    expect(at.precision).toBeGreaterThanOrEqual(0.8);
    expect(at.recall).toBeGreaterThanOrEqual(0.7);
  });
});
