import { describe, expect, it } from 'vitest';
import { rankAnswers } from './answer-rank.ts';

const LIBRARY = [
  { id: 'a1', title: 'Guide: Samtykker i forældreappen', tags: ['samtykke'] },
  { id: 'a2', title: 'Video: Log ind i Aula med MitID', tags: ['login', 'mitid'] },
  { id: 'a3', title: 'Sådan uploader du billeder til et album', tags: ['billeder', 'photos'] },
];

describe('rankAnswers: the answers that fit the case come first', () => {
  it('a photo problem is offered the photo guide before the consent guide', () => {
    const ranked = rankAnswers(LIBRARY, { title: 'Billeder vises ikke i albummet', description: 'Forældrene kan ikke se de nye billeder fra stuen.', category: 'photos' });
    expect(ranked.map((a) => a.id)).toEqual(['a3', 'a1', 'a2']);
  });

  it('the case text alone ranks too (no category yet)', () => {
    const ranked = rankAnswers(LIBRARY, { title: 'Kan ikke logge ind med MitID' });
    expect(ranked[0].id).toBe('a2');
  });

  it('the category alone ranks an answer tagged with it', () => {
    const ranked = rankAnswers(LIBRARY, { title: 'Hjælp', category: 'photos' });
    expect(ranked[0].id).toBe('a3');
  });

  it('answers that fit equally keep their order', () => {
    expect(rankAnswers(LIBRARY, { title: 'Noget helt andet' }).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
  });
});
