// The labelled cases (test/fixtures/similar-cases.json) as the text benches draw from, and a
// seeded draw, so that runs of one bench are comparable.
import { readFileSync } from 'node:fs';

export interface LabelledText {
  id: string;
  title: string;
  description: string;
  category: string | null;
  institution: string;
}

export function labelledTexts(): LabelledText[] {
  return (JSON.parse(readFileSync(new URL('../../test/fixtures/similar-cases.json', import.meta.url), 'utf8')) as { cases: LabelledText[] }).cases;
}

export function seededDraw(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return { random, pick };
}
