import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TAGS, enrich, normalise, type CategoryKeywords } from './enrich.ts';

// The shipped example config: these tests also check its keyword lists do their job.
const { categories } = JSON.parse(readFileSync(new URL('../config/rollout.example.json', import.meta.url), 'utf8')) as {
  categories: (CategoryKeywords & { da: string })[];
};
const suggest = (title: string, description = '') => enrich({ title, description, category: null }, categories);

// Realistic texts from superusers and staff, the category they should land in and their tags.
describe('enrich: suggests a category and tags from Danish case texts', () => {
  it.each([
    ['Forælder kan ikke logge ind med MitID i appen', '', 'login', ['login', 'MitID', 'app']],
    ['Far har glemt sin adgangskode', 'Han får besked om at koden er forkert', 'login', ['adgangskode', 'besked']],
    ['UNI-login virker ikke på Android tablet', '', 'login', ['UNI-login', 'Android', 'tablet']],
    [
      'Notifikationer virker ikke',
      'Forældre på Humlebien får ingen besked på telefonen når vi sender nyheder ud. De har Android og iPhone.',
      'app',
      ['notifikation', 'telefon', 'sende', 'Android', 'iPhone'],
    ],
    ['Gruppebeskeder til forældrene på Mariehønen', 'Vi kan ikke sende en besked til hele stuen.', 'messages', ['besked', 'sende']],
    ['Forældremøde i kalenderen kan ikke ses', '', 'calendar', ['forældremøde', 'kalender']],
    ['Kan ikke svare på samtykke', 'Mor trykker på knappen, men samtykket bliver ikke gemt.', 'consents', ['samtykke']],
    ['Hjælp!', 'Mor kan ikke se sit barns billeder i albummet', 'photos', ['billeder', 'album']],
    ['Profilbilledet mangler', '', 'photos', ['billeder']],
    ['Komme/gå viser forkert afhentning', '', 'checkin', ['komme/gå', 'afhentning']],
    ['Hvordan melder man sygdom og ferie i Aula?', '', 'checkin', ['fravær', 'ferie']],
    ['Telefonnummer skal skjules på kontaktlisten', '', 'contacts', ['telefonnummer', 'synlighed', 'kontaktliste']],
    ['Personaleappen på stuens iPad viser ikke børnene', '', 'staffapp', ['personaleapp', 'iPad', 'tablet']],
    [
      'Mor kan ikke se sin søn',
      'Forældremyndigheden er delt, og far er bopælsforælder. Mor kan ikke se barnet i Aula.',
      'roles',
      ['forældremyndighed'],
    ],
  ])('%j %j → %s', (title, description, category, tags) => {
    expect(suggest(title, description)).toEqual({ category, tags });
  });

  it.each([
    ['nothing about Aula', 'Hej, kan I ringe mig op?'],
    ['short keywords inside other words', 'Kontrollen af applaus og appelsiner'],
    ['an empty case', ''],
  ])('suggests nothing for %s', (_what, title) => {
    expect(suggest(title)).toEqual({ category: null, tags: [] });
  });
});

describe('enrich: how it weighs and limits', () => {
  it('keeps the category the reporter chose, and still tags', () => {
    expect(enrich({ title: 'Kan ikke logge ind med MitID', category: 'messages' }, categories)).toEqual({
      category: 'messages',
      tags: ['login', 'MitID'],
    });
  });

  it('treats a blank chosen category as none', () => {
    expect(enrich({ title: 'Kan ikke logge ind med MitID', category: '  ' }, categories).category).toBe('login');
  });

  it('weighs the title over the description', () => {
    expect(suggest('Samtykker', 'Billeder').category).toBe('consents');
    expect(suggest('Billeder', 'Samtykker').category).toBe('photos');
    // A title topic counts 2, so two topics in the description only tie it (and the title, first, wins).
    expect(suggest('Samtykker', 'Billeder i albummet').category).toBe('consents');
    expect(suggest('Samtykker', 'Billeder i albummet, som skal uploades').category).toBe('photos');
  });

  it('counts a topic once however often it is repeated', () => {
    expect(suggest('Besked besked besked og MitID login').category).toBe('login');
  });

  it('breaks a tie by what was mentioned first', () => {
    expect(suggest('Beskeder kommer ikke frem på iPhone').category).toBe('messages');
    expect(suggest('iPhone viser ikke beskeder').category).toBe('app');
  });

  it('lets the longest phrase win, so one word is not two topics', () => {
    expect(suggest('Glemt adgangskode').tags).toEqual(['adgangskode']);
    expect(suggest('Vil gerne hente billeder ned').tags).toEqual(['download billeder']);
  });

  it('does not join phrases across a sentence end', () => {
    expect(suggest('Prøvede at logge. Ind kom jeg ikke').tags).not.toContain('login');
  });

  it(`de-duplicates tags and keeps at most ${MAX_TAGS}`, () => {
    const { tags } = suggest('MitID mitid Mit-ID UNI-login unilogin NemLog-in iPhone iPad Android app SMS e-mail browser computer tablet');
    expect(tags).toEqual(['MitID', 'UNI-login', 'NemLog-in', 'iPhone', 'iPad', 'tablet', 'Android', 'app']);
  });

  it('works with any categories, without the shipped config', () => {
    const own = [
      { id: 'cafe', keywords: ['hjælpecafé|hjælpecafe'] },
      { id: 'poster', keywords: ['plakat'] },
    ];
    expect(enrich({ title: 'Hvornår er næste hjælpecafé?', category: null }, own)).toEqual({ category: 'cafe', tags: ['hjælpecafé'] });
    expect(enrich({ title: 'Plakaten til forældre', category: null }, [])).toEqual({ category: null, tags: [] });
  });

  it('gives the same answer after more distinct words than it remembers per keyword list', () => {
    const text = 'Forælder kan ikke logge ind med MitID. Appen viser gruppebeskeder forkert';
    const first = suggest(text);
    for (let i = 0; i < 25_000; i++) suggest(`ord${i} login${i} besked${i}`);
    expect(suggest(text)).toEqual(first);
    expect(first).toEqual({ category: 'login', tags: ['login', 'MitID', 'app', 'besked'] });
  });
});

// Everyday words of a day-care centre (the room, the staff, a trip, to fetch) name no category:
// a case about photos from "stuen" is about photos. Texts as superusers write them.
describe('enrich: everyday words do not decide the category', () => {
  it.each([
    ['Forældre kan ikke se stuens billeder', '', 'photos'],
    ['Billeder fra stuen vises ikke', 'Forældrene på Rødstuen siger at billederne fra i dag ikke er kommet op.', 'photos'],
    ['Vi kan ikke se billederne fra turen til skoven', 'Pædagogerne har lagt dem op fra stuens telefon.', 'photos'],
    ['Pædagogerne på Solstuen kan ikke sende beskeder til forældrene', '', 'messages'],
    ['Kollega kan ikke finde forældremødet i kalenderen', '', 'calendar'],
    ['Forældre kan ikke hente appen', 'Den findes ikke i App Store på deres iPhone.', 'app'],
    ['Stuen kan ikke tjekke ind i dag', 'Skærmen ved døren viser en fejl, når børnene afleveres om morgenen.', 'checkin'],
    ['Personaleappen logger pædagogerne ud', 'Medarbejderne på stuen bliver logget ud af personaleappen hver time.', 'staffapp'],
  ])('%j %j → %s', (title, description, category) => {
    expect(suggest(title, description).category).toBe(category);
  });

  it.each(['stue', 'pædagog', 'kollega', 'tur', 'hent'])('"%s" alone suggests no category', (word) => {
    expect(suggest(word).category).toBeNull();
  });
});

describe('the example config keyword lists', () => {
  const topics = categories.flatMap((c) => c.keywords.flatMap((k) => k.split('|').map((s) => [c.id, normalise(s)] as const)));

  it('gives every category but "other" keywords', () => {
    for (const c of categories) expect(c.keywords.length > 0, c.id).toBe(c.id !== 'other');
  });

  it('has no spelling that normalises to nothing', () => {
    expect(topics.filter(([, s]) => s === '')).toEqual([]);
  });

  it('lists each spelling in one category only, since the first would always win', () => {
    const owners = new Map<string, string[]>();
    for (const [id, s] of topics) owners.set(s, [...(owners.get(s) ?? []), id]);
    expect([...owners].filter(([, ids]) => new Set(ids).size > 1)).toEqual([]);
  });

  it.each(categories.filter((c) => c.id !== 'other').map((c) => [c.id, c.da] as const))('finds %s from its own Danish name (%s)', (id, name) => {
    expect(suggest(name).category).toBe(id);
  });
});
