import { describe, expect, it } from 'vitest';
import { countDeflections, SuggestionIndex } from './suggestions.ts';

const index = new SuggestionIndex({
  answers: [
    { id: '1', title: 'Sådan slår forældre notifikationer til i Aula-appen', url: 'https://www.aula.dk/1', tags: ['notifikationer', 'app'] },
    { id: '2', title: 'Samtykker: sådan besvarer forældre dem', url: 'https://www.aula.dk/2', tags: ['samtykker'] },
    { id: '4', title: 'Billeder og albums: del fotos fra turen', url: 'https://www.aula.dk/4', tags: ['billeder'] },
  ],
  notices: [{ problemId: '7', title: 'MitID-login sender forældre tilbage til forsiden', message: 'Netcompany retter fejlen. Luk appen helt og log ind igen.' }],
});

describe('SuggestionIndex', () => {
  it('finds the answer or notice a paraphrase is about, best first', () => {
    expect(index.suggest('Forældrene får ingen notifikationer på telefonen')[0]).toMatchObject({ kind: 'answer', id: '1', url: 'https://www.aula.dk/1', message: null });
    expect(index.suggest('kan ikke se billederne fra turen')[0]).toMatchObject({ kind: 'answer', id: '4' });
    expect(index.suggest('Forælder kommer ikke ind med MitID og sendes tilbage til forsiden')[0]).toMatchObject({ kind: 'notice', id: '7', url: null });
  });

  it('shows nothing for an unrelated text or one of under three letters', () => {
    expect(index.suggest('Printeren på kontoret mangler toner')).toEqual([]);
    expect(index.suggest('12 !')).toEqual([]);
    expect(index.suggest('fo')).toEqual([]);
  });
});

describe('countDeflections', () => {
  it('counts per answer or notice (with its latest title) and per centre, the most first', () => {
    const counts = countDeflections([
      { kind: 'answer', id: '4', title: 'Billeder', institution: 'b', at: 1 },
      { kind: 'notice', id: '7', title: 'MitID', institution: 'a', at: 2 },
      { kind: 'answer', id: '4', title: 'Billeder og albums', institution: 'a', at: 3 },
    ]);
    expect(counts).toEqual({
      total: 3,
      byTarget: [
        { kind: 'answer', id: '4', title: 'Billeder og albums', count: 2 },
        { kind: 'notice', id: '7', title: 'MitID', count: 1 },
      ],
      byInstitution: [
        { institution: 'a', count: 2 },
        { institution: 'b', count: 1 },
      ],
    });
    expect(countDeflections([])).toEqual({ total: 0, byTarget: [], byInstitution: [] });
  });
});
