// Intake enrichment: a suggested category and topic tags from what a superuser wrote.
// Pure, so the intake job can retry it freely and the rules are testable without Redis.
//
// A keyword entry in the rollout config is one topic: "login|log ind|logge ind" matches
// any of its spellings, and the first one is the tag it yields.

export interface CategoryKeywords {
  id: string;
  keywords: readonly string[];
}
export interface CaseText {
  title: string;
  description?: string | null;
  category?: string | null;
}
export interface Enrichment {
  category: string | null;
  tags: string[];
}

export const MAX_TAGS = 8;

// Product and device names as Aula users write them; tagged with their proper spelling.
const AULA_TERMS = [
  'MitID|mit id',
  'UNI-login|unilogin',
  'NemLog-in|nemlogin',
  'app|forældreapp|aulaapp|aula app',
  'personaleapp|personale app|medarbejderapp',
  'iPhone',
  'iPad',
  'Android',
  'tablet',
  'computer|pc|bærbar',
  'browser|chrome|safari|firefox',
  'SMS',
  'e-mail|email|mail',
];

// Danish inflection: "appen", "beskederne", "samtykket", "logget" still name the keyword.
const ENDINGS = new Set(['', 'e', 'n', 'r', 's', 't', 'en', 'er', 'es', 'et', 'ne', 'ns', 're', 'te', 'de', 'ede', 'ene', 'ens', 'ere', 'ets', 'rne', 'eret', 'erne', 'ernes']);
// Compounds ("gruppebeskeder", "profilbilledet") are matched only for keywords this long:
// shorter ones hide inside unrelated words ("rolle" in "kontrollen").
const MIN_COMPOUND = 6;
const BREAK = '|';

/** Lower-case, punctuation to single spaces, accents dropped but æ, ø and å kept. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(?!\u030a)\p{M}/gu, '') // U+030A is the ring of å
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Sentence ends break phrases, so "Jeg prøvede at logge. Ind kom jeg ikke" is no "logge ind".
function tokenise(text: string): string[] {
  return text.split(/[.!?;:\n]+/).flatMap((part, i) => {
    const words = normalise(part).split(' ').filter(Boolean);
    return i === 0 ? words : [BREAK, ...words];
  });
}

interface Spelling {
  words: string[];
  /** Its length as one phrase: of two matches with as many words, the longer wins. */
  chars: number;
}

interface Topic {
  tag: string;
  /** The tag as tags are told apart: normalised, without spaces. */
  key: string;
  owner: number; // index into the categories, -1 for an Aula term
  spellings: Spelling[];
}

function topic(entry: string, owner: number): Topic {
  const spellings = entry
    .split('|')
    .map((s) => normalise(s).split(' ').filter(Boolean))
    .filter((s) => s.length > 0)
    .map((words) => ({ words, chars: words.join(' ').length }));
  const tag = entry.split('|')[0].trim();
  return { tag, key: normalise(tag).replace(/ /g, ''), owner, spellings };
}

interface Candidate extends Spelling {
  topic: Topic;
}

/**
 * Topics with, per token seen, the spellings whose first word it matches, in the topics'
 * order. Most tokens match none, and reporters use the same words again and again, so a
 * position is mostly one map lookup instead of a wordMatches() per spelling.
 */
interface Topics {
  all: Candidate[];
  byFirstWord: Map<string, Candidate[]>;
}
/** Tokens remembered per topic list; past this the memory starts afresh, so any vocabulary fits. */
const MAX_REMEMBERED_TOKENS = 20_000;

const NONE: Candidate[] = [];

function compile(topics: Topic[]): Topics {
  return { all: topics.flatMap((t) => t.spellings.map((s) => ({ ...s, topic: t }))), byFirstWord: new Map() };
}

function startingWith(token: string, topics: Topics): Candidate[] {
  let found = topics.byFirstWord.get(token);
  if (!found) {
    found = topics.all.filter((c) => wordMatches(token, c.words[0], c.words.length === 1));
    if (found.length === 0) found = NONE; // most tokens: one array for them all
    if (topics.byFirstWord.size >= MAX_REMEMBERED_TOKENS) topics.byFirstWord.clear();
    topics.byFirstWord.set(token, found);
  }
  return found;
}

function wordMatches(token: string, keyword: string, compound: boolean): boolean {
  // Every match holds the whole keyword: most tokens are ruled out before any slicing.
  if (token.length < keyword.length) return false;
  if (token.startsWith(keyword)) return ENDINGS.has(token.slice(keyword.length));
  if (!compound || keyword.length < MIN_COMPOUND) return false;
  const at = token.lastIndexOf(keyword);
  return at >= 3 && ENDINGS.has(token.slice(at + keyword.length));
}

interface Hit {
  topic: Topic;
  at: number;
}

/** Left to right, the longest matching spelling wins a position, so "adgangskode" is not also "adgang". */
function scan(tokens: string[], topics: Topics): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; ) {
    let best: { topic: Topic; words: number; chars: number } | null = null;
    // Each candidate's first word matches tokens[i]: the others could not have won.
    for (const { topic: t, words, chars } of startingWith(tokens[i], topics)) {
      if (best && (words.length < best.words || (words.length === best.words && chars <= best.chars))) continue;
      if (i + words.length > tokens.length) continue;
      let all = true;
      for (let j = 1; j < words.length && all; j++) all = wordMatches(tokens[i + j], words[j], false);
      if (all) best = { topic: t, words: words.length, chars };
    }
    if (best) hits.push({ topic: best.topic, at: i });
    i += best?.words ?? 1;
  }
  return hits;
}

const aulaTerms = compile(AULA_TERMS.map((t) => topic(t, -1)));

/**
 * Suggests a category, unless the reporter chose one, and tags the case. Each matched topic
 * scores once per category, twice when it is in the title; ties go to the earliest match.
 */
// The rollout config is read once, so its keyword topics are built once per categories list.
const topicsCache = new WeakMap<readonly CategoryKeywords[], Topics>();
function topicsOf(categories: readonly CategoryKeywords[]): Topics {
  let topics = topicsCache.get(categories);
  if (!topics) topicsCache.set(categories, (topics = compile(categories.flatMap((cat, i) => cat.keywords.map((k) => topic(k, i))))));
  return topics;
}

export function enrich(c: CaseText, categories: readonly CategoryKeywords[]): Enrichment {
  const title = tokenise(c.title ?? '');
  const tokens = [...title, BREAK, ...tokenise(c.description ?? '')];
  const topicHits = scan(tokens, topicsOf(categories));
  const termHits = scan(tokens, aulaTerms);

  const given = c.category?.trim() ? c.category : null;
  return { category: given ?? suggest(topicHits, title.length, categories), tags: tagsOf([...termHits, ...topicHits]) };
}

function suggest(hits: Hit[], titleLength: number, categories: readonly CategoryKeywords[]): string | null {
  const scores = new Map<number, { score: number; first: number }>();
  const counted = new Set<Topic>();
  for (const { topic: t, at } of hits) {
    if (counted.has(t)) continue; // hits come in text order, so the first is the title's if any
    counted.add(t);
    const s = scores.get(t.owner) ?? { score: 0, first: at };
    s.score += at < titleLength ? 2 : 1;
    scores.set(t.owner, s);
  }
  let best: [number, { score: number; first: number }] | null = null;
  for (const entry of scores) {
    if (!best || entry[1].score > best[1].score || (entry[1].score === best[1].score && entry[1].first < best[1].first)) best = entry;
  }
  return best ? categories[best[0]].id : null;
}

// In text order; at one position the Aula term comes first, so "iPhone" beats "iphone".
function tagsOf(hits: Hit[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const { topic: t } of [...hits].sort((a, b) => a.at - b.at)) {
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    tags.push(t.tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}
