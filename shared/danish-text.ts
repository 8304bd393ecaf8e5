// Danish text for similarity: normalisation, stop words, a light stemmer and the few
// Aula spellings that mean the same thing. Pure and dependency-free; shared/similarity.ts
// turns the result into features.
//
//   terms('Forældrene får ingen notifikationer på deres iPhones')
//     → ['forældr', 'notifikation', 'iphon']
//
// The stemmer is the Snowball Danish algorithm (Porter's, described at
// snowballstem.org/algorithms/danish) plus the past-tense "-ede" Snowball leaves alone
// ("vedhæftede" → "vedhæft" like "vedhæftet"; only from words of 8 letters or more, so
// "billede" stays "billed" like "billeder"): it strips common inflection (-erne, -ene,
// -en, -et, -er, -e, -ede, -ende, -s …) inside the word's "R1" region, so short words keep
// their shape. It does not split compounds; the character n-grams in similarity.ts cover those.
import { normalise } from './enrich.ts';

export { normalise };

const VOWELS = new Set('aeiouyæøå');
const isVowel = (ch: string) => VOWELS.has(ch);

// Step 1 suffixes, longest first so the first hit is the longest.
const STEP1 = [
  'erendes', 'erende', 'hedens', 'ethed', 'erede', 'heden', 'heder', 'endes', 'ernes', 'erens', 'erets',
  'ered', 'ende', 'erne', 'eren', 'erer', 'heds', 'enes', 'eres', 'eret',
  'hed', 'ene', 'ere', 'ens', 'ers', 'ets', 'ede', // "ede": not Snowball's, see below
  'en', 'er', 'es', 'et',
  'e',
];
const MIN_EDE_STEM = 5;
const S_ENDING = new Set('abcdfghjklmnoprtvyzå');
const STEP2 = ['gd', 'dt', 'gt', 'kt'];
const STEP3 = ['elig', 'løst', 'lig', 'els', 'ig'];

/** Start of R1: after the first non-vowel that follows a vowel, but at least 3 letters in. */
function r1(word: string): number {
  for (let i = 1; i < word.length; i++) {
    if (!isVowel(word[i]) && isVowel(word[i - 1])) return Math.max(i + 1, 3);
  }
  return word.length;
}

function step2(word: string, p1: number): string {
  for (const s of STEP2) {
    if (word.endsWith(s) && word.length - s.length >= p1) return word.slice(0, -1);
  }
  return word;
}

/** Snowball Danish stemmer. Expects a lower-case word (see normalise). */
export function stem(word: string): string {
  if (word.length < 3) return word;
  const p1 = r1(word);
  let w = word;

  // Step 1: inflectional endings.
  let stripped = false;
  for (const s of STEP1) {
    if (s === 'ede' && w.length - 3 < MIN_EDE_STEM) continue; // "billede" is no past tense
    if (w.endsWith(s) && w.length - s.length >= p1) {
      w = w.slice(0, -s.length);
      stripped = true;
      break;
    }
  }
  if (!stripped && w.endsWith('s') && w.length - 1 >= p1 && S_ENDING.has(w[w.length - 2])) w = w.slice(0, -1);

  // Step 2: "gd", "dt", "gt", "kt" lose their last letter.
  w = step2(w, p1);

  // Step 3: derivational endings.
  if (w.endsWith('igst')) w = w.slice(0, -2);
  for (const s of STEP3) {
    if (w.endsWith(s) && w.length - s.length >= p1) {
      if (s === 'løst') w = w.slice(0, -1);
      else w = step2(w.slice(0, -s.length), p1);
      break;
    }
  }

  // Step 4: undouble a final consonant pair.
  const n = w.length;
  if (n - 2 >= p1 && w[n - 1] === w[n - 2] && !isVowel(w[n - 1])) w = w.slice(0, -1);
  return w;
}

// Snowball's Danish stop words, plus the filler of support requests ("hej", "virker ikke",
// "kan I hjælpe") and the product's own name, which every case mentions.
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // snowball
  'ad', 'af', 'alle', 'alt', 'anden', 'at', 'blev', 'blive', 'bliver', 'da', 'de', 'dem', 'den', 'denne', 'der',
  'deres', 'det', 'dette', 'dig', 'din', 'disse', 'dog', 'du', 'efter', 'eller', 'en', 'end', 'er', 'et', 'for',
  'fra', 'ham', 'han', 'hans', 'har', 'havde', 'have', 'hende', 'hendes', 'her', 'hos', 'hun', 'hvad', 'hvis',
  'hvor', 'i', 'ikke', 'ind', 'jeg', 'jer', 'jo', 'kunne', 'man', 'mange', 'med', 'meget', 'men', 'mig', 'min',
  'mine', 'mit', 'mod', 'ned', 'noget', 'nogle', 'nu', 'når', 'og', 'også', 'om', 'op', 'os', 'over', 'på',
  'selv', 'sig', 'sin', 'sine', 'sit', 'skal', 'skulle', 'som', 'sådan', 'thi', 'til', 'ud', 'under', 'var',
  'vi', 'vil', 'ville', 'vor', 'være', 'været',
  // requests
  'aula', 'hej', 'hejsa', 'tak', 'mvh', 'venlig', 'hilsen', 'kan', 'får', 'fik', 'få', 'fået', 'gør', 'gøre',
  'gjort', 'lige', 'bare', 'godt', 'nogen', 'ingen', 'intet', 'ingenting', 'flere', 'hvordan', 'hvorfor',
  'hvornår', 'hvem', 'hvilke', 'hvilken', 'stadig', 'så', 'igen', 'helt', 'rigtig', 'mere', 'lidt', 'ja', 'nej',
  'vores', 'jeres', 'sin', 'hans', 'altså', 'evt', 'fx', 'pga', 'ift', 'osv', 'mv', 'kl', 'dag', 'dags', 'går',
  'virker', 'virke', 'virkede', 'fungerer', 'prøvet', 'prøver', 'prøve', 'prøvede', 'står', 'stå', 'siger',
  'sagt', 'spørger', 'spurgt', 'skriver', 'kommer', 'komme', 'kom', 'hjælp', 'hjælpe', 'vel', 'ved', 'inden',
  'mellem', 'selvom', 'fordi', 'hele', 'kun', 'én', 'to', 'tre', 'vist', 'nok', 'del', 'sker', 'gang', 'gange',
]);

// Spellings of one Aula thing, mapped to one term before stemming. Phrases are matched on
// whole normalised words, longest first; a word listed alone is replaced wherever it occurs.
const PHRASES: readonly [string, string][] = [
  ['mit id', 'mitid'],
  ['mit-id', 'mitid'],
  ['uni login', 'unilogin'],
  ['uni logins', 'unilogin'],
  ['nem login', 'nemlogin'],
  ['nemlog in', 'nemlogin'],
  ['log ind', 'login'],
  ['logge ind', 'login'],
  ['logger ind', 'login'],
  ['logget ind', 'login'],
  ['log på', 'login'],
  ['logge på', 'login'],
  ['logger på', 'login'],
  ['logget på', 'login'],
  ['logind', 'login'],
  ['logon', 'login'],
  ['komme gå', 'kommegå'],
  ['komme og gå', 'kommegå'],
  ['tjek ind', 'tjekind'],
  ['tjekke ind', 'tjekind'],
  ['tjekker ind', 'tjekind'],
  ['tjekket ind', 'tjekind'],
  ['check ind', 'tjekind'],
  ['checke ind', 'tjekind'],
  ['krydse ind', 'tjekind'],
  ['krydser ind', 'tjekind'],
  ['indtjekning', 'tjekind'],
  ['push besked', 'notifikation'],
  ['push beskeder', 'notifikation'],
  ['pushbesked', 'notifikation'],
  ['pushbeskeder', 'notifikation'],
  ['push', 'notifikation'],
  ['personale app', 'personaleapp'],
  ['personale appen', 'personaleapp'],
  ['medarbejder app', 'personaleapp'],
  ['medarbejderapp', 'personaleapp'],
  ['medarbejderappen', 'personaleapp'],
  ['aula app', 'app'],
  ['aula appen', 'app'],
  ['aulaapp', 'app'],
  ['aulaappen', 'app'],
  ['forældreapp', 'app'],
  ['forældreappen', 'app'],
  ['lægge op', 'upload'],
  ['lagt op', 'upload'],
  ['lægger op', 'upload'],
  ['e mail', 'mail'],
  ['email', 'mail'],
  // everyday phrasings of a concept below
  ['skrive tilbage', 'svare'],
  ['svare tilbage', 'svare'],
  ['hente ned', 'downloade'],
  ['henter ned', 'downloade'],
  ['hentet ned', 'downloade'],
  ['lagt ved', 'vedhæftet'],
  ['lægge ved', 'vedhæftet'],
  ['sidder fast', 'hænger'],
  ['kører rundt', 'hænger'],
  ['står og kører', 'hænger'],
  ['hver for sig', 'skilt'],
  ['app store', 'appstore'],
  ['google play', 'appstore'],
  ['dukker op', 'vises'],
  ['kommer frem', 'vises'],
  ['ny medarbejder', 'nyansat'],
  ['nye medarbejdere', 'nyansat'],
  ['ny kollega', 'nyansat'],
  ['nye ansatte', 'nyansat'],
  ['ny ansat', 'nyansat'],
  ['ny pædagog', 'nyansat'],
  ['nye pædagoger', 'nyansat'],
  ['ny vikar', 'nyansat'],
  ['ny medhjælper', 'nyansat'],
  ['nye medhjælpere', 'nyansat'],
  ['melde fri', 'fravær'],
  ['melder fri', 'fravær'],
  ['meldt fri', 'fravær'],
  ['melde syg', 'fravær'],
  ['melder syg', 'fravær'],
  ['meldt syg', 'fravær'],
  ['holde fri', 'fravær'],
  ['holder fri', 'fravær'],
  ['holde ferie', 'fravær'],
  ['holder ferie', 'fravær'],
  ['hvid side', 'blankskærm'],
  ['hvid skærm', 'blankskærm'],
  ['hvide skærm', 'blankskærm'],
  ['blank side', 'blankskærm'],
  ['blank skærm', 'blankskærm'],
  ['tom side', 'blankskærm'],
  ['tom skærm', 'blankskærm'],
  ['sort skærm', 'blankskærm'],
  ['igen og igen', 'loop'],
  ['ryger ud', 'loop'],
  ['røget ud', 'loop'],
  ['smidt ud', 'loop'],
  ['hvem henter', 'afhentning'],
  ['hvem der henter', 'afhentning'],
  ['henter barnet', 'afhentning'],
  ['henter kl', 'afhentning'],
  ['alle forældre', 'alleforældre'],
  ['alle familier', 'alleforældre'],
  ['alle forældrene', 'alleforældre'],
  ['hele huset', 'heleinstitutionen'],
  ['hele institutionen', 'heleinstitutionen'],
  ['hele børnehuset', 'heleinstitutionen'],
];

// Stems that name the same thing ("foto" and "billede", "mobil" and "telefon").
const SAME_STEM: Readonly<Record<string, string>> = {
  foto: 'billed',
  fotos: 'billed',
  fotoet: 'billed',
  fotografi: 'billed',
  billedet: 'billed',
  foræld: 'forældr', // "forælder" and "forældre"
  mobil: 'telefon',
  mobiltelefon: 'telefon',
  smartphon: 'telefon',
  notifkation: 'notifikation',
  meddelels: 'besked',
  tablet: 'ipad',
  tablett: 'ipad',
  uploader: 'upload',
};

// Words for one thing in a support request, each family a concept that cases share even when
// they word it differently ("hentetid", "afhentning"; "tagge", "markere"). A member matches a
// word or its stem; members whose stem has 5 letters or more also match as the first or last
// part of a compound ("ferieønsker", "billedtilladelse", "samtykkeerklæringen"), and so does a
// shorter member written with a trailing "-" ("ferie-": "juleferie", "ferieanmodning"), where
// a short stem is known not to hide in unrelated words. Meant to be
// about the Aula support domain, not the wording of single requests, but it was written
// alongside the labelled set it is measured on: extend it as real topics come in, and
// re-run shared/similarity.test.ts (which also measures held-out cases) when you do.
// Ambiguous words stay out ("hente" is picking up a child and downloading an app).
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  notifikation: ['notifikation', 'notifkation', 'notifikationer', 'push', 'pushbesked', 'lyd', 'ringer'],
  opdatering: ['opdatering', 'opdateret', 'opdatere', 'update', 'version'],
  installation: ['installere', 'installation', 'geninstallere', 'appstore', 'kompatibel', 'understøttes', 'ios'],
  gammel: ['gammel', 'gamle', 'nyere'],
  svar: ['svar', 'svare', 'svaret', 'besvare', 'besvaret', 'besvares'],
  vedhæftning: ['vedhæftet', 'vedhæfte', 'vedhæftede', 'vedhæftning', 'bilag', 'fil', 'filer', 'pdf', 'dokument', 'dokumenter'],
  tilmelding: ['tilmelde', 'tilmeldt', 'tilmelding', 'afmelde', 'afmeldt', 'afmelding', 'deltager', 'deltagere', 'deltage'],
  begivenhed: ['begivenhed', 'event', 'events', 'arrangement', 'lukkedag', 'lukkedage', 'planlægningsdag', 'udflugt', 'fest', 'forældremøde', 'møde', 'invitation', 'inviteret'],
  kalender: ['kalender'],
  samtykke: ['samtykke', 'samtykker', 'tilladelse', 'samtykkeerklæring', 'erklæring'],
  godkendelse: ['godkende', 'godkender', 'godkendt', 'godkendelse', 'flueben', 'bekræfte', 'bekræftet'],
  forsvundet: ['forsvinder', 'forsvundet', 'forsvandt', 'væk', 'mangler', 'manglende', 'fjernet', 'slettet'],
  brugerkonto: ['brugernavn', 'unilogin', 'konto', 'adgangskode', 'brugeroplysninger'],
  modtager: ['modtager', 'modtagere', 'fællesbesked', 'gruppebesked', 'massebesked', 'alleforældre', 'heleinstitutionen'],
  find: ['finde', 'finder', 'findes', 'ledt', 'ligger', 'menu', 'menuen'],
  status: ['status', 'registreret', 'afventer', 'besvaret', 'ubesvaret', 'gemmes', 'gemt'],
  vises: ['vises', 'synlig', 'synligt', 'ses', 'ser'],
  upload: ['upload', 'uploade', 'uploader', 'uploaden'],
  download: ['download', 'downloade', 'gemme', 'gem', 'gemmes', 'fotorulle', 'kamerarulle'],
  tag: ['tagge', 'tagger', 'tagget', 'tagging', 'markere', 'markeret'],
  kommegå: ['kommegå', 'tjekind', 'fremmøde', 'krydse', 'krydser', 'krydset'],
  fravær: ['ferie-', 'fri', 'fridag', 'fravær', 'syg', 'sygemelde', 'sygdom', 'ferieønsker'],
  afhentning: ['afhentning', 'afhente', 'hentetid', 'hentetider', 'hentes'],
  kontaktliste: ['kontaktliste', 'forældreliste', 'kontaktoplysninger', 'telefonnummer', 'nummer', 'mobilnummer', 'adresse'],
  skjul: ['skjule', 'skjult', 'skjul', 'hemmelig', 'hemmeligt', 'beskyttet', 'privat'],
  rettighed: ['rettighed', 'rettigheder', 'adgang', 'lov', 'admin', 'administrator', 'rolle', 'roller'],
  sprog: ['sprog', 'sproget', 'engelsk', 'dansk', 'arabisk', 'somali', 'ukrainsk', 'tyrkisk', 'polsk', 'modersmål', 'oversætte', 'oversættelse'],
  forældremyndighed: ['forældremyndighed', 'skilt', 'skilsmisse', 'bopæl', 'samværsforælder', 'delebarn', 'samvær'],
  nyansat: ['nyansat', 'nyansatte', 'vikar', 'vikarer', 'vikarbureau', 'studerende', 'praktik', 'praktikant'],
  personale: ['personale', 'personalet', 'medarbejder', 'medarbejdere', 'pædagog', 'pædagoger', 'kollega', 'medhjælper', 'ansatte'],
  hænger: ['hænger', 'fryser', 'loader', 'indlæsning', 'kører', 'blankskærm'],
  tilbage: ['tilbage', 'retur', 'forfra', 'forsiden', 'startsiden', 'loop'],
  barn: ['barn', 'børn', 'børnene', 'datter', 'søn'],
};

interface PhraseNode {
  term?: string;
  next: Map<string, PhraseNode>;
}
const phraseTrie: PhraseNode = { next: new Map() };
for (const [phrase, term] of PHRASES) {
  let node = phraseTrie;
  for (const word of normalise(phrase).split(' ')) {
    let child = node.next.get(word);
    if (!child) node.next.set(word, (child = { next: new Map() }));
    node = child;
  }
  node.term = term;
}

/** Normalised words with the Aula phrases joined ("mit id" → "mitid"), stop words kept. */
export function words(text: string): string[] {
  const raw = normalise(text).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    let node: PhraseNode | undefined = phraseTrie;
    let best: { term: string; end: number } | null = null;
    for (let j = i; j < raw.length && node; j++) {
      node = node.next.get(raw[j]);
      if (node?.term) best = { term: node.term, end: j + 1 };
    }
    if (best) {
      out.push(best.term);
      i = best.end;
    } else {
      out.push(raw[i++]);
    }
  }
  return out;
}

/** A content word's term: stemmed, with same-meaning stems merged. */
export function termOf(word: string): string {
  const s = stem(word);
  return SAME_STEM[word] ?? SAME_STEM[s] ?? s;
}

export const isStopWord = (word: string) => STOP_WORDS.has(word);

const MIN_COMPOUND_PART = 5;
const conceptOfMember = new Map<string, string>();
const compoundMembers: [string, string][] = [];
for (const [concept, members] of Object.entries(CONCEPTS)) {
  for (const entry of members) {
    const m = entry.replace(/-$/, '');
    for (const key of [m, stem(m)]) if (!conceptOfMember.has(key)) conceptOfMember.set(key, concept);
    if (stem(m).length >= MIN_COMPOUND_PART || entry.endsWith('-')) compoundMembers.push([stem(m), concept]);
  }
}
const conceptCache = new Map<string, readonly string[]>();

/** The concepts a (normalised, phrase-joined) word belongs to; usually none or one. */
export function conceptsOf(word: string): readonly string[] {
  let found = conceptCache.get(word);
  if (found) return found;
  const s = stem(word);
  const set = new Set<string>();
  const direct = conceptOfMember.get(word) ?? conceptOfMember.get(s);
  if (direct) set.add(direct);
  else {
    for (const [m, concept] of compoundMembers) {
      if ((s.startsWith(m) && s.length - m.length >= 3) || (s.endsWith(m) && s.length - m.length >= 3) || (word.endsWith(m) && word.length - m.length >= 3)) set.add(concept);
    }
  }
  found = [...set];
  if (conceptCache.size < 100_000) conceptCache.set(word, found);
  return found;
}

/** The content words of a text: normalised, Aula phrases joined, stop words and bare numbers dropped. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
}

/** The terms of a text: its content words, stemmed. */
export function terms(text: string): string[] {
  return contentWords(text).map(termOf);
}
