// The board without a mouse, and in both languages without a word left over from the other:
// keyboard-only login, claim, resolve (through the dialog) and logout; then every visible text of
// the board, the case dialog, the filter bar, the shortcut overlay and the superuser's form,
// scanned for Danish in English and English in Danish. User data (case titles, institution and
// people's names, categories from the config) is taken out of the scan first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, column, connection, launch, move, openAs, postCase, tabTo, unique, WAIT } from './kit.ts';

const INST = 'bh-solsikken';

// Words of the Danish UI that never belong in the English one (whole words, any case).
const DANISH_WORDS = [
  'sag', 'sagen', 'sager', 'sagens', 'løs', 'løst', 'tag', 'venter', 'ny', 'nye', 'og', 'ikke', 'på', 'af', 'fra', 'til', 'med',
  'luk', 'gem', 'annuller', 'søg', 'ryd', 'filtre', 'viser', 'alle', 'ingen', 'forbundet', 'genveje', 'tastaturgenveje', 'tildel',
  'spørg', 'superbrugeren', 'superbruger', 'leverandøren', 'projektgruppe', 'prioritet', 'kategori', 'beskrivelse', 'overskrift',
  'akut', 'høj', 'lav', 'frist', 'overskredet', 'tilbage', 'siden', 'åbn', 'ansvarlig', 'henvendelse', 'ud', 'varsler', 'mig',
];
// Words of the English UI that never belong in the Danish one.
const ENGLISH_WORDS = [
  'claim', 'resolve', 'resolved', 'waiting', 'release', 'reopen', 'sign', 'search', 'priority', 'category', 'description', 'submit',
  'cancel', 'close', 'save', 'connected', 'loading', 'assign', 'unassigned', 'new', 'open', 'keyboard', 'shortcuts', 'the', 'and',
  'with', 'case', 'cases', 'urgent', 'high', 'low', 'deadline', 'left', 'ago', 'clear', 'filters', 'showing', 'alerts', 'me', 'nobody',
];

/**
 * The UI text on screen now: visible text nodes, the options of selects and the aria-label,
 * title, placeholder and alt attributes, without elements marked as another language
 * (the language switch) or as user data. Known user data strings are cut out too.
 */
async function uiText(page: Page, userData: string[]): Promise<string> {
  const text = await page.evaluate(() => {
    const lang = document.documentElement.lang;
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        if (e.hasAttribute('data-user-text')) return true;
        const l = e.getAttribute('lang');
        if (l && e !== document.documentElement && l !== lang) return true;
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName)) return true;
      }
      return false;
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || skip(parent) || !(n.textContent ?? '').trim()) continue;
      if (parent.tagName === 'OPTION' ? skip(parent.closest('select')) : !parent.checkVisibility()) continue;
      out.push(n.textContent!.trim());
    }
    for (const el of document.body.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
      if (skip(el) || !(el as HTMLElement).checkVisibility?.()) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out.join('\n');
  });
  let cleaned = text;
  for (const s of [...userData].sort((a, b) => b.length - a.length)) cleaned = cleaned.split(s).join(' ');
  return cleaned;
}

function leftovers(text: string, words: string[], letters: RegExp | null): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    for (const w of line.split(/[^\p{L}]+/u)) {
      if (w && words.includes(w.toLowerCase())) found.add(`"${w}" in: ${line.slice(0, 120)}`);
    }
    if (letters && letters.test(line)) found.add(`æøå in: ${line.slice(0, 120)}`);
  }
  return [...found];
}

describe('keyboard and languages', () => {
  let stack: Stack;
  let browser: Browser;
  let reporterApi: Session;
  let annaApi: Session;
  const userData: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
    browser = await launch();
    const inst = await reporterApi.request('GET', '/api/institutions');
    const cats = await reporterApi.request('GET', '/api/categories');
    // The categories' names in either language are the rollout config's, not the UI's.
    userData.push('Anna Andersen', 'Sofie Solsikke', 'Anna', 'AA', 'SS', ...inst.body.institutions.map((i: { name: string }) => i.name));
    userData.push(...cats.body.categories.flatMap((c: { da: string; en: string }) => [c.da, c.en]));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('logs in, claims a case, resolves it through the dialog and logs out, with the keyboard only', { timeout: 90_000 }, async () => {
    const tag = unique('tastatur');
    const id = await postCase(reporterApi, `Stuen kan ikke se fremmøde ${tag}`);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    try {
      await page.goto(stack.baseUrl);
      await tabTo(page, page.getByLabel('Brugernavn'));
      await page.keyboard.type('anna');
      await page.keyboard.press('Tab');
      await page.keyboard.type('anna-password');
      await page.keyboard.press('Enter');
      await connection(page).getByText('Forbundet').waitFor();

      // "/" jumps to the search box; narrow the board to this case, then Tab on to its claim button.
      await page.keyboard.press('/');
      await page.keyboard.type(tag);
      await card(page, id).waitFor();
      await expect.poll(() => page.locator('article[data-case-id]').count(), WAIT).toBe(1);
      await tabTo(page, card(page, id).getByRole('button', { name: 'Tag sagen' }));
      await page.keyboard.press('Enter');
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).waitFor();

      // j selects the card, r asks for the resolution; the dialog's field has the focus.
      await page.keyboard.press('Escape');
      await tabTo(page, card(page, id).getByRole('button', { name: 'Løs' }));
      await page.keyboard.press('j');
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.caseId), WAIT).toBe(id);
      await page.keyboard.press('r');
      const dialog = page.getByRole('dialog', { name: 'Løs sagen' });
      await dialog.waitFor();
      await page.keyboard.type('Vist hvordan fremmøde opdateres.');
      await tabTo(page, dialog.getByRole('button', { name: 'Markér som løst' }));
      await page.keyboard.press('Enter');
      await column(page, 'resolved').locator(`article[data-case-id="${id}"]`).waitFor();
      const server = await annaApi.request('GET', `/api/cases/${id}`);
      expect(server.body.case).toMatchObject({ status: 'resolved', resolution: 'Vist hvordan fremmøde opdateres.' });

      // The focus never got lost on the way: it is still somewhere on the page, and it shows.
      await tabTo(page, page.getByRole('button', { name: 'Log ud' }), { back: true, max: 200 });
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Log ind' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('has no Danish left in English, and no English in Danish, on the board, dialogs, filters, shortcuts and the intake form', { timeout: 120_000 }, async () => {
    // Cards in every column and part: new, in progress (urgent), waiting, escalated, resolved.
    const titles = ['Forælder kan ikke logge ind', 'Billeder mangler på stuen', 'Kalender viser forkert', 'Beskeder forsvinder', 'Tjek-ud på tablet'];
    userData.push(...titles, 'Hvilken stue?', 'Løst via telefon', 'NC-1', 'Fejl hos Netcompany');
    const [fresh, busy, waits, escal, done] = await Promise.all(titles.map((t, i) => postCase(reporterApi, t, { priority: i === 1 ? 'urgent' : 'normal', description: i === 0 ? 'Beskrivelse fra børnehuset' : undefined })));
    userData.push('Beskrivelse fra børnehuset');
    for (const c of [busy, waits, escal, done]) await move(annaApi, c, 'claim');
    await move(annaApi, waits, 'wait', { reason: 'Hvilken stue?' });
    await move(annaApi, escal, 'escalate', { note: 'Fejl hos Netcompany', vendorRef: 'NC-1' });
    await move(annaApi, done, 'resolve', { resolution: 'Løst via telefon' });

    // Every text people wrote into a case is user data, whatever test wrote it.
    const all = await annaApi.request('GET', '/api/cases');
    for (const c of all.body.cases) {
      userData.push(...[c.title, c.description, c.resolution, c.waitingReason, c.vendorRef, ...c.notes.map((n: { text: string }) => n.text)].filter(Boolean));
    }
    const check = async (page: Page, where: string, lang: 'en' | 'da') => {
      const text = await uiText(page, userData);
      // The scan sees the UI itself, not an empty page.
      expect(text.length, where).toBeGreaterThan(40);
      const found = lang === 'en' ? leftovers(text, DANISH_WORDS, /[æøåÆØÅ]/) : leftovers(text, ENGLISH_WORDS, null);
      expect(found, `${where} (${lang})`).toEqual([]);
    };

    for (const lang of ['en', 'da'] as const) {
      const { context, page } = await openAs(browser, stack, 'anna');
      const reporter = await openAs(browser, stack, 'sol');
      try {
        if (lang === 'en') {
          await page.getByRole('button', { name: 'English' }).click();
          await reporter.page.getByRole('button', { name: 'English' }).click();
        }
        // Scanned once the page is in the language and has everything it loads: the case
        // list, the catalog's names on the cards and who is online.
        await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
        await reporter.page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
        await card(page, fresh).waitFor();
        await expect.poll(() => card(page, fresh).textContent(), WAIT).toContain('Børnehuset Solsikken');
        await page.getByTestId('online-now').getByText('Anna Andersen').waitFor();
        await check(page, 'board and filter bar', lang);
        expect(await uiText(page, userData)).toContain(lang === 'en' ? 'Resolved today' : 'Løst i dag');

        await card(page, busy).getByRole('button', { name: lang === 'en' ? /^Open/ : /^Åbn/ }).click();
        await page.getByRole('dialog').first().waitFor();
        await check(page, 'case dialog', lang);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').first().waitFor({ state: 'hidden' });

        await card(page, busy).getByRole('button', { name: lang === 'en' ? 'Resolve' : 'Løs' }).click();
        await page.getByRole('dialog').first().waitFor();
        await check(page, 'resolve dialog', lang);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').first().waitFor({ state: 'hidden' });

        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('?');
        const shortcuts = page.getByRole('dialog', { name: lang === 'en' ? 'Keyboard shortcuts' : 'Tastaturgenveje' });
        await shortcuts.waitFor();
        await check(page, 'shortcuts overlay', lang);
        await page.keyboard.press('Escape');
        await shortcuts.waitFor({ state: 'hidden' });

        await reporter.page.locator(`li[data-case-id="${waits}"]`).waitFor();
        await expect.poll(() => reporter.page.getByLabel('Institution').inputValue(), WAIT).toBe('Børnehuset Solsikken');
        await check(reporter.page, 'superuser form and list', lang);

        // The login page, after signing out (the board has forms too: wait for the login's own button).
        await page.getByRole('button', { name: lang === 'en' ? 'Sign out' : 'Log ud' }).click();
        await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Log ind' }).waitFor();
        await check(page, 'login page', lang);
      } finally {
        await context.close();
        await reporter.context.close();
      }
    }
  });
  it('opens in Danish when the English texts are slow to come, and turns English once they are here', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      // The English texts' file hangs until the test lets it through.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/assets\/en-[^/]*\.js$/, async (route) => {
        await released;
        await route.continue();
      });
      await page.reload();
      // Not a blank page while they hang: the board opens in Danish.
      await page.getByRole('button', { name: 'Log ud' }).waitFor(WAIT);
      expect(await page.locator('html').getAttribute('lang')).toBe('da');
      release();
      await page.getByRole('button', { name: 'Sign out' }).waitFor(WAIT);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    } finally {
      await context.close();
    }
  });
  it('opens again in English when English was chosen, with no Danish shown first', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      // Every text the app shows as the page opens again, from its first, with the page's language then.
      await page.addInitScript(() => {
        const shown: string[] = [];
        (window as unknown as { shown: string[] }).shown = shown;
        new MutationObserver(() => {
          const text = `${document.documentElement.lang}: ${document.getElementById('app')?.innerText.trim() ?? ''}`;
          if (!text.endsWith(': ') && shown.at(-1) !== text) shown.push(text);
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor(WAIT);
      const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
      // The English texts are fetched on their own: the app waits for them rather than start in Danish.
      expect(shown[0]).toBe('en: Loading …');
      expect(shown.filter((text) => !text.startsWith('en: '))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
