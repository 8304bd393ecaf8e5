// The parents' poster in the families' languages, printed: the lead picks Arabic for a centre and
// rewords its heading on the settings screen; the Arabic page prints right to left and the Danish
// left to right, each on one A4 page with nothing outside it, and axe finds nothing serious.
// "Print all" gives a page per centre and chosen language. Then the README's poster pictures.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POSTER_TEXT_FIELDS, POSTER_TEXT_MAX } from '../../shared/poster-texts.ts';
import { login } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, INST, launch, openAs, WAIT } from './kit.ts';

const SHOTS = path.resolve(import.meta.dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../artifacts/screenshots');
// A4 less the poster's 12 mm @page margins, in CSS pixels (96 per inch).
const MM = 96 / 25.4;
const PRINTABLE = { width: Math.floor((210 - 24) * MM), height: Math.floor((297 - 24) * MM) };

function danishLocal(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(d)}T${String(hour).padStart(2, '0')}:00`;
}

/** `n` characters of wording with a long word first, no space at the end. */
function wide(n: number): string {
  const text = `Kommunalbestyrelsesmedlem ${'Forældre med spørgsmål om Aula kan komme forbi. '.repeat(Math.ceil(n / 40))}`.slice(0, n);
  return text.endsWith(' ') ? `${text.slice(0, -1)}m` : text;
}

/** `n` characters of `sentence` repeated, no space at the end. */
function words(sentence: string): (n: number) => string {
  return (n) => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n).replace(/ $/, '.');
}

/** The number of pages in a PDF Chromium made: its page objects. */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;

/** What of the poster lies outside the printable A4 area, or overflows its own box. */
async function outside(page: Page): Promise<string[]> {
  return page.locator('article.poster').evaluate((article, area) => {
    const box = article.getBoundingClientRect();
    const out: string[] = [];
    if (box.height > area.height) out.push(`the poster is ${Math.round(box.height)} px tall, the page ${area.height}`);
    if (box.width > area.width + 1) out.push(`the poster is ${Math.round(box.width)} px wide, the page ${area.width}`);
    for (const el of [article, ...article.querySelectorAll<HTMLElement>('*')]) {
      const r = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) out.push(`${name} lies outside the poster`);
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) out.push(`${name} overflows its box (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return out;
  }, PRINTABLE);
}

let stack: Stack;
let browser: Browser;

/** The poster of INST in `lang`, laid out for print with its fonts and QR code in: the article. */
async function openPrinted(page: Page, lang: string) {
  await page.goto(`${stack.baseUrl}/#/poster/${INST}?lang=${lang}`);
  const poster = page.locator('article.poster');
  await poster.waitFor(WAIT);
  await expect.poll(() => page.locator('.poster .cafes li').count(), WAIT).toBe(2);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))));
  return poster;
}

beforeAll(async () => {
  stack = await startStack({
    rollout: {
      support: {
        consultants: [{ name: 'Mette Kofoed', phone: '62 23 30 00', email: 'mette.kofoed@svendborg.dk' }],
        helpCafes: [
          { start: danishLocal(2, 16), end: danishLocal(2, 18), place: 'Biblioteket, Svendborg', note: 'Tolk på arabisk og somali', languages: ['ar', 'so'] },
          { start: danishLocal(5, 16), end: danishLocal(5, 19), place: 'Tåsinge Forsamlingshus', languages: ['uk'] },
        ],
      },
    },
  });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("the parents' poster in the families' languages", () => {
  it('prints an Arabic page right to left and a Danish one left to right, each on one A4 page, axe clean', { timeout: 180_000 }, async () => {
    // Debian's Chromium draws Arabic with DejaVu Sans when no Arabic font is installed; Urdu's
    // Nastaliq has no font here at all, so only Arabic is drawn and measured in this test.
    const arabicFonts = execFileSync('fc-list', [':lang=ar', 'family'], { encoding: 'utf8' }).trim();
    expect(arabicFonts, 'no font on this machine draws Arabic').not.toBe('');

    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/settings', context: { viewport: PRINTABLE } });
    try {
      await page.getByRole('heading', { name: 'Indstillinger for udrulningen' }).waitFor(WAIT);
      await page.getByLabel('Tekster på').waitFor(WAIT);
      expect(await axeSerious(page)).toEqual([]);
      await page.getByLabel('Plakatens sprog for Børnehuset Solsikken: العربية').check();
      await page.getByLabel('Tekster på').selectOption('ar');
      await page.getByLabel('overskrift', { exact: true }).fill('أسئلة عن Aula؟ نحن نساعدك');
      // An edit taken back: the reset gives the shipped text again, and nothing of it is saved.
      const intro = page.getByRole('textbox', { name: 'indledning' });
      await intro.fill('نص مؤقت');
      await page.getByRole('button', { name: 'Brug standardteksten: indledning' }).click();
      expect(await intro.inputValue()).toBe('هكذا تحصل على المساعدة – نساعد بعضنا بعضاً خطوة بخطوة.');
      expect(await page.getByRole('button', { name: 'Brug standardteksten: indledning' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Gemt' }).count(), WAIT).toBe(1);
      const saved = stack.app.services.settings.current.settings;
      expect(saved.institutions.find((i) => i.id === INST)?.posterLanguages).toEqual(['da', 'ar']);
      expect(saved.poster?.texts?.ar).toEqual({ title: 'أسئلة عن Aula؟ نحن نساعدك' });

      for (const lang of ['ar', 'da'] as const) {
        const poster = await openPrinted(page, lang);

        expect(await poster.getAttribute('lang')).toBe(lang);
        expect(await poster.getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await poster.evaluate((el) => getComputedStyle(el).direction)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        // Mirrored: the step's number stands before its heading in the reading direction.
        const first = poster.locator('.chain li').first();
        const step = (await first.locator('.step').boundingBox())!;
        const heading = (await first.locator('h2').boundingBox())!;
        if (lang === 'ar') expect(step.x).toBeGreaterThan(heading.x + heading.width - 1);
        else expect(step.x + step.width).toBeLessThan(heading.x + 1);

        const text = await poster.textContent();
        if (lang === 'ar') {
          expect(text).toContain('أسئلة عن Aula؟ نحن نساعدك');
          expect(text).toContain('مقاهي المساعدة لأولياء الأمور');
          expect(text).toMatch(/العربية/);
          expect(text).toContain('16:00');
        } else {
          expect(text).toContain('Spørgsmål om Aula?');
          expect(text).toContain('Hjælp på: dansk, arabisk og somali');
          expect(text).toContain('Hjælp på: dansk og ukrainsk');
        }
        expect(await page.locator('.toolbar').isVisible()).toBe(false);
        expect(await outside(page)).toEqual([]);
        // The shipped wording fits at full size: only longer edits shrink the type.
        expect(await poster.evaluate((el) => el.style.getPropertyValue('--fit'))).toBe('1');
        if (lang === 'da') {
          // The measure sees a word too long for the page.
          await poster.locator('.lead').evaluate((el) => el.insertAdjacentHTML('beforeend', `<span id="too-wide" style="white-space:nowrap">${'Forældreintra'.repeat(20)}</span>`));
          expect((await outside(page)).join('\n')).toContain('lies outside the poster');
          await page.evaluate(() => document.getElementById('too-wide')?.remove());
        }
        expect(await axeSerious(page)).toEqual([]);
        expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(1);
        await poster.screenshot({ path: path.join(SHOTS, `poster-${lang}.png`) });
        await page.emulateMedia({ media: 'screen' });
      }
    } finally {
      await context.close();
    }
  });

  it('"print all" makes one document with a page per centre and chosen language', { timeout: 180_000 }, async () => {
    const lead = await login(stack.baseUrl, 'lene', 'lene-password');
    const doc = (await lead.request('GET', '/api/settings')).body;
    doc.institutions.find((i: { id: string }) => i.id === 'bh-regnbuen').posterLanguages = ['da', 'so', 'ur'];
    expect((await lead.request('PUT', '/api/settings', doc)).status).toBe(200);
    const list = (await lead.request('GET', '/api/posters')).body.posters as { id: string; languages: string[] }[];
    const expected = list.flatMap((p) => p.languages.map((lang) => `${p.id}/${lang}`));
    expect(expected.length).toBeGreaterThan(list.length);

    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/posters', context: { viewport: PRINTABLE } });
    try {
      await page.getByRole('link', { name: 'Udskriv alle plakater' }).waitFor(WAIT);
      expect(await page.locator('.posters li').filter({ hasText: 'Børnehuset Regnbuen' }).getByRole('link').allTextContents()).toEqual(['Børnehuset Regnbuen', 'Dansk', 'Soomaali', 'اردو']);
      expect(await axeSerious(page)).toEqual([]);
      await page.getByRole('link', { name: 'Udskriv alle plakater' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'sider' }).textContent(), { timeout: 60_000 }).toContain(`${expected.length} sider`);
      const pages = await page.locator('article.poster').evaluateAll((els) => els.map((el) => `${el.getAttribute('lang')}|${el.getAttribute('dir')}`));
      expect(pages.length).toBe(expected.length);
      // Arabic for Solsikken from the first test; Somali and Urdu for Regnbuen; Danish for all.
      expect(pages.filter((p) => p === 'ur|rtl').length).toBe(1);
      expect(pages.filter((p) => p === 'ar|rtl').length).toBe(1);
      expect(pages.filter((p) => p === 'so|ltr').length).toBe(1);
      expect(pages.filter((p) => p === 'da|ltr').length).toBe(list.length);
      await page.emulateMedia({ media: 'print' });
      expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).toBe(expected.length);
    } finally {
      await context.close();
    }
  });

  it('each poster text has a longest length: the settings screen holds the field to it, and one character more is refused, naming the field', async () => {
    const lead = await login(stack.baseUrl, 'lene', 'lene-password');
    const doc = (await lead.request('GET', '/api/settings')).body;
    const longest = Object.fromEntries(POSTER_TEXT_FIELDS.map((f) => [f, wide(POSTER_TEXT_MAX[f])]));
    const tooLong = await lead.request('PUT', '/api/settings', { ...doc, poster: { texts: { da: { ...longest, title: wide(POSTER_TEXT_MAX.title + 1) } } } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'settings_invalid', params: { field: '/poster/texts/da/title', reason: 'too_long' } });
    expect((await lead.request('PUT', '/api/settings', { ...doc, poster: { texts: { da: longest } } })).status).toBe(200);

    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/settings', context: { viewport: PRINTABLE } });
    try {
      await page.getByLabel('Tekster på').selectOption('da');
      // The heading, the first of the texts.
      const title = page.locator('.poster-settings .text input').first();
      await expect.poll(() => title.inputValue(), WAIT).toBe(longest.title);
      expect(await title.getAttribute('maxlength')).toBe(String(POSTER_TEXT_MAX.title));
      // Typed past the limit, the field keeps the limit.
      await title.fill('');
      await title.pressSequentially('W'.repeat(POSTER_TEXT_MAX.title + 5));
      expect((await title.inputValue()).length).toBe(POSTER_TEXT_MAX.title);
    } finally {
      await context.close();
      expect((await lead.request('PUT', '/api/settings', { ...(await lead.request('GET', '/api/settings')).body, poster: doc.poster ?? {} })).status).toBe(200);
    }
  });

  it('"print all" leaves out a centre retired after the list was read, and says so, instead of failing', { timeout: 180_000 }, async () => {
    const lead = await login(stack.baseUrl, 'lene', 'lene-password');
    const list = (await lead.request('GET', '/api/posters')).body.posters as { id: string; languages: string[] }[];
    const gone = list.find((p) => p.id !== INST)!;
    const pages = list.flatMap((p) => p.languages).length;

    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/posters', context: { viewport: PRINTABLE } });
    try {
      await page.getByRole('link', { name: 'Udskriv alle plakater' }).waitFor(WAIT);
      // The real list, answered only once the centre is retired: its posters are asked for after that.
      await page.route('**/api/posters', async (route) => {
        const answer = await route.fetch();
        const doc = (await lead.request('GET', '/api/settings')).body;
        const institutions = doc.institutions.map((i: { id: string }) => (i.id === gone.id ? { ...i, retired: true } : i));
        expect((await lead.request('PUT', '/api/settings', { ...doc, institutions })).status).toBe(200);
        await route.fulfill({ response: answer });
      });
      await page.getByRole('link', { name: 'Udskriv alle plakater' }).click();
      const status = page.getByRole('status').filter({ hasText: 'udeladt' });
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain(`${gone.languages.length} plakater udeladt`);
      expect(await status.textContent()).toContain(`${pages - gone.languages.length} sider`);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('article.poster').count()).toBe(pages - gone.languages.length);
    } finally {
      await context.close();
    }
  });
  it('with every text edited to its longest (ordinary words, wide letters in long words, Arabic) the edited words print on one A4 page, axe clean', { timeout: 240_000 }, async () => {
    const lead = await login(stack.baseUrl, 'lene', 'lene-password');
    const doc = (await lead.request('GET', '/api/settings')).body;
    const institutions = doc.institutions.map((i: { id: string; posterLanguages?: string[] }) => (i.id === INST ? { ...i, posterLanguages: ['da', 'ar'] } : i));
    const longest = (fill: (n: number) => string) => Object.fromEntries(POSTER_TEXT_FIELDS.map((f) => [f, fill(POSTER_TEXT_MAX[f])]));
    const variants = [
      { name: 'ordinary Danish', lang: 'da', texts: longest(words('Forældre kan altid spørge personalet på stuen om hjælp til Aula. ')) },
      { name: 'wide letters, long words', lang: 'da', texts: longest(words('WMWMWMWMWMWMWMWMWMWMWMWMWM MWMW ')) },
      { name: 'Arabic', lang: 'ar', texts: longest(words('يستطيع أولياء الأمور دائماً سؤال الموظفين عن المساعدة في Aula. ')) },
    ] as const;

    const { context } = await openAs(browser, stack, 'lene', { hash: '/#/', context: { viewport: PRINTABLE } });
    try {
      for (const v of variants) {
        const current = (await lead.request('GET', '/api/settings')).body;
        expect((await lead.request('PUT', '/api/settings', { ...current, institutions, poster: { texts: { [v.lang]: v.texts } } })).status).toBe(200);
        const page = await context.newPage();
        const poster = await openPrinted(page, v.lang);
        expect(await poster.evaluate((el) => getComputedStyle(el).direction), v.name).toBe(v.lang === 'ar' ? 'rtl' : 'ltr');
        expect(await poster.locator('h1').textContent(), v.name).toBe(v.texts.title);
        expect(await poster.locator('.lead').textContent(), v.name).toBe(v.texts.intro);
        await expect.poll(() => outside(page), { ...WAIT, message: v.name }).toEqual([]);
        expect(await axeSerious(page), v.name).toEqual([]);
        expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true })), v.name).toBe(1);
        await page.close();
      }
    } finally {
      await context.close();
      expect((await lead.request('PUT', '/api/settings', { ...(await lead.request('GET', '/api/settings')).body, poster: doc.poster ?? {} })).status).toBe(200);
    }
  });
});
