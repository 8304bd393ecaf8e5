// The lead's roster and accounts in a real browser (Debian's Chromium via playwright-core)
// against the real server and a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { formatRosterTime } from '../../shared/roster.ts';
import { login } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { launch, logIn, newPage, openAs, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const iso = (offsetHours: number) => new Date(Date.now() + offsetHours * 3_600_000).toISOString();
/** A pattern for a time as the on-duty strip writes it: Danish "HH:MM", after its date when that is another day than the page's. */
const onStrip = (at: string) => {
  const [date, time] = formatRosterTime(at).split(' ');
  return `(${date} )?${time}\\s*$`;
};

// No skip when Chromium is missing: .ci/run installs it, and a missing browser must fail loudly.
describe('roster and accounts in the browser', () => {
  beforeAll(async () => {
    stack = await startStack();
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the lead imports a roster CSV; a bad file names its line; the board shows who is on duty now and next', { timeout: 60_000 }, async () => {
    const lead = await openAs(browser, stack, 'lene');
    let member: Awaited<ReturnType<typeof openAs>> | null = null;
    try {
      const { page } = lead;
      await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Vagtplan' }).click();
      await page.getByRole('heading', { name: 'Vagtplan for udrulningsugen' }).waitFor();

      const file = page.getByLabel('Importér vagtplan (CSV)');
      await file.setInputFiles(csvFile('bad.csv', `username,start,end\nanna,${iso(-1)},${iso(-3)}\n`));
      const note = page.getByTestId('roster-import-note');
      await expect.poll(() => note.textContent(), WAIT).toBe("Intet blev importeret. Linje 2 i filen kan ikke bruges: tjek navn, dato og tider.");

      // Anna hands over to Bo three hours from now: late in the evening that is tomorrow, and the strip writes the date too.
      const [annaStart, change, boEnd] = [iso(-1), iso(3), iso(7)];
      await file.setInputFiles(csvFile('roster.csv', `username,start,end\nanna,${annaStart},${change}\nbo,${change},${boEnd}\n`));
      await expect.poll(() => note.textContent(), WAIT).toBe('2 vagter importeret.');
      await page.locator('li[data-username="anna"]', { hasText: 'Anna Andersen' }).waitFor();

      await page.getByRole('link', { name: 'Tavle' }).click();
      const strip = page.getByTestId('on-duty');
      await expect.poll(() => strip.locator('.group').first().textContent(), WAIT).toMatch(new RegExp(`På vagt nu\\s*Anna Andersen\\s*til ${onStrip(change)}`));
      await expect.poll(() => strip.locator('.group').nth(1).textContent(), WAIT).toMatch(new RegExp(`Næste\\s*Bo Berg\\s*fra ${onStrip(change)}`));

      // A member's board shows the same strip; their navigation leaves out the lead's roster and accounts.
      member = await openAs(browser, stack, 'anna');
      await expect.poll(() => member!.page.getByTestId('on-duty').textContent(), WAIT).toContain('Anna Andersen');
      const nav = member.page.getByRole('navigation', { name: 'Visning' });
      // The links there are drawn together: the one a member has shows that the others are left out.
      await nav.getByRole('link', { name: 'Problemer' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Problemer' }).count()).toBe(1);
      expect(await nav.getByRole('link', { name: 'Vagtplan' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Brugere' }).count()).toBe(0);
    } finally {
      await member?.context.close();
      await lead.context.close();
    }
  });

  it('the lead creates a superuser and gets a link; the link sets the password once; the superuser logs in', { timeout: 60_000 }, async () => {
    const lead = await openAs(browser, stack, 'lene');
    const superuser = await newPage(browser);
    try {
      const { page } = lead;
      await page.getByRole('link', { name: 'Brugere' }).click();
      await page.getByRole('heading', { name: 'Opret bruger' }).waitFor();
      await page.getByLabel('Brugernavn', { exact: true }).fill('helle-sol');
      await page.getByLabel('Navn', { exact: true }).fill('Helle Holm');
      await page.getByLabel('Rolle').selectOption('reporter');
      await page.getByLabel('Institution', { exact: true }).selectOption('bh-solsikken');
      await page.getByRole('button', { name: 'Opret og lav link' }).click();

      const box = page.getByTestId('account-link');
      await box.waitFor();
      await expect.poll(() => box.textContent(), WAIT).toContain('Engangslink til Helle Holm (helle-sol)');
      const linkPattern = new RegExp(`^${stack.baseUrl}/#/set-password/[A-Za-z0-9_-]{43}$`);
      await expect.poll(() => box.getByRole('textbox').inputValue(), WAIT).toMatch(linkPattern);
      const url = await box.getByRole('textbox').inputValue();
      await expect.poll(() => page.locator('tr[data-username="helle-sol"]').textContent(), WAIT).toContain('Venter på adgangskode');

      // The superuser opens the link in their own browser.
      const p = superuser.page;
      await p.goto(url);
      await p.getByText('Dit brugernavn er helle-sol.').waitFor();
      await p.getByLabel('Ny adgangskode').fill('helle-new-password');
      await p.getByLabel('Gentag adgangskoden').fill('helle-new-password');
      await p.getByRole('button', { name: 'Gem adgangskode' }).click();
      await p.getByText('Adgangskoden er gemt. Log ind som helle-sol.').waitFor();

      // Single use: the same link now says so.
      const again = await newPage(browser);
      await again.page.goto(url);
      await again.page.getByText('Linket virker ikke længere').waitFor();
      await again.context.close();

      await p.getByRole('button', { name: 'Gå til log ind' }).click();
      await logIn(p, 'helle-sol', 'helle-new-password');
      await p.getByRole('heading', { name: 'Ny henvendelse' }).waitFor();
      await expect.poll(() => p.url(), WAIT).not.toContain('set-password');
      const api = await login(stack.baseUrl, 'helle-sol', 'helle-new-password');
      expect((await api.request('GET', '/api/session')).body.user).toMatchObject({ role: 'reporter', institution: 'bh-solsikken' });
    } finally {
      await superuser.context.close();
      await lead.context.close();
    }
  });
});
