// The war-room workflow in a real browser (Debian's Chromium via playwright-core) against the
// real server and redis-server: waiting on the superuser, escalation, filters in the address,
// keyboard shortcuts, presence and SLA deadlines, as the team and the superuser see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, column, INST, launch, move, openAs as openAsIn, postCase, ROOMY_LIMITS, unique, WAIT } from './kit.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** kit's openAs with this file's larger viewport (1500×950). */
const openAs = (stack: Stack, username: string, hash = '') => openAsIn(browser, stack, username, { hash, context: { viewport: { width: 1500, height: 950 } } });

// No skip when Chromium is missing: .ci/run installs it, and a missing browser must fail loudly.
describe('war-room workflow in the browser', () => {
  let stack: Stack;
  let reporterApi: Session;
  let annaApi: Session;

  beforeAll(async () => {
    stack = await startStack({ env: ROOMY_LIMITS });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('asks the superuser a question, who answers, and the case is back in progress with the answer', { timeout: 90_000 }, async () => {
    const member = await openAs(stack, 'anna');
    const reporter = await openAs(stack, 'sol');
    try {
      const id = await postCase(reporterApi, 'Forælder ser ikke sit barns stue');
      await move(annaApi, id, 'claim');
      const inProgress = column(member.page, 'in_progress').locator(`article[data-case-id="${id}"]`);
      await inProgress.getByRole('button', { name: /^Åbn/ }).click();
      await member.page.getByRole('dialog', { name: 'Forælder ser ikke sit barns stue' }).getByRole('button', { name: 'Spørg superbrugeren' }).click();
      const dialog = member.page.getByRole('dialog', { name: 'Spørg superbrugeren' });
      await dialog.getByLabel('Hvad skal superbrugeren svare på?').fill('Hvilken stue er barnet meldt ind på i Aula?');
      await dialog.getByRole('button', { name: 'Send spørgsmål og vent' }).click();

      const waiting = member.page.locator(`[data-column="waiting"] [data-part="waiting"] article[data-case-id="${id}"]`);
      await waiting.waitFor();
      await expect.poll(() => waiting.textContent(), WAIT).toContain('Hvilken stue er barnet meldt ind på i Aula?');

      // The superuser sees the question prominently and answers it.
      const entry = reporter.page.locator(`li[data-case-id="${id}"]`);
      await expect.poll(() => entry.getAttribute('data-status'), WAIT).toBe('waiting');
      await expect.poll(() => entry.textContent(), WAIT).toContain('Venter på dit svar');
      await expect.poll(() => entry.textContent(), WAIT).toContain('Hvilken stue er barnet meldt ind på i Aula?');
      // The answer box is at the top of the page, above the intake form.
      const question = reporter.page.getByTestId('reporter-questions').locator(`li[data-question-for="${id}"]`);
      await question.getByLabel('Dit svar').fill('Hun går på Mariehønen, men står på Græshoppen.');
      await question.getByRole('button', { name: 'Send svar' }).click();
      await expect.poll(() => entry.getAttribute('data-status'), WAIT).toBe('claimed');
      await expect.poll(() => entry.textContent(), WAIT).toContain('Hun går på Mariehønen');

      // The team's board shows the case back in progress, the answer in its notes; the case
      // drawer the question was asked from is still open and shows it too.
      const back = column(member.page, 'in_progress').locator(`article[data-case-id="${id}"]`);
      await back.waitFor();
      const detail = member.page.getByRole('dialog', { name: 'Forælder ser ikke sit barns stue' });
      await expect.poll(() => detail.getByTestId('drawer-status').getAttribute('data-status'), WAIT).toBe('claimed');
      await member.page.keyboard.press('Escape');
      await detail.waitFor({ state: 'hidden' });
      await back.getByRole('button', { name: /^Åbn/ }).click();
      await detail.waitFor();
      const reply = detail.locator('[data-visibility="reporter"]', { hasText: 'Hun går på Mariehønen' });
      await reply.waitFor();
      await expect.poll(() => reply.textContent(), WAIT).toContain('Sofie Solsikke');

      // An internal note stays with the team: the superuser never sees it.
      await detail.getByLabel('Ny note').fill('Ringer til institutionen i morgen.');
      await detail.getByRole('radio', { name: 'Kun teamet' }).check();
      await detail.getByRole('button', { name: 'Tilføj note' }).click();
      await detail.locator('[data-visibility="internal"]', { hasText: 'Ringer til institutionen' }).waitFor();
      await member.page.keyboard.press('Escape');
      await detail.waitFor({ state: 'hidden' });
      const server = await reporterApi.request('GET', `/api/cases/${id}`);
      expect(server.body.case.notes.map((n: { text: string }) => n.text).join('\n')).not.toContain('Ringer til institutionen');
      // A note for the superuser, written after the internal one, reaches their page: by then the
      // internal note would have too, had it leaked.
      await move(annaApi, id, 'notes', { text: 'Vi ringer til jer i morgen formiddag.', visibility: 'reporter' });
      await expect.poll(() => entry.textContent(), WAIT).toContain('Vi ringer til jer i morgen formiddag.');
      expect(await entry.textContent()).not.toContain('Ringer til institutionen');
    } finally {
      await member.context.close();
      await reporter.context.close();
    }
  });

  it('dragging onto Waiting asks for the question first; dragging back resumes the case', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(stack, 'anna');
    try {
      const id = await postCase(reporterApi, 'Samtykker vises ikke for søskende');
      await move(annaApi, id, 'claim');
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).dragTo(column(page, 'waiting'));
      const dialog = page.getByRole('dialog', { name: 'Spørg superbrugeren' });
      await dialog.getByLabel('Hvad skal superbrugeren svare på?').fill('Er søskende oprettet i samme husstand?');
      await dialog.getByRole('button', { name: 'Send spørgsmål og vent' }).click();
      const waiting = page.locator(`[data-part="waiting"] article[data-case-id="${id}"]`);
      await waiting.waitFor();
      await waiting.dragTo(column(page, 'in_progress'));
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).waitFor();
      const server = await annaApi.request('GET', `/api/cases/${id}`);
      expect(server.body.case).toMatchObject({ status: 'claimed', waitingReason: null });
    } finally {
      await context.close();
    }
  });

  it('escalates to Netcompany with a case number and shows the card under "Hos leverandøren"', { timeout: 60_000 }, async () => {
    const member = await openAs(stack, 'anna');
    const reporter = await openAs(stack, 'sol');
    try {
      const id = await postCase(reporterApi, 'Kalenderen viser forkerte lukkedage');
      await move(annaApi, id, 'claim');
      const inProgress = column(member.page, 'in_progress').locator(`article[data-case-id="${id}"]`);
      await inProgress.getByRole('button', { name: /^Åbn/ }).click();
      await member.page.getByRole('dialog', { name: 'Kalenderen viser forkerte lukkedage' }).getByRole('button', { name: 'Send til Netcompany' }).click();
      const dialog = member.page.getByRole('dialog', { name: 'Send sagen til Netcompany' });
      await dialog.getByLabel('Note til teamet').fill('Fejl i synkronisering af lukkedage; meldt ind via supportportalen.');
      await dialog.getByLabel('Netcompany-sagsnummer (valgfrit)').fill('NC-48213');
      await dialog.getByRole('button', { name: 'Send til Netcompany' }).click();

      const escalated = member.page.locator(`[data-column="waiting"] [data-part="escalated"] article[data-case-id="${id}"]`);
      await escalated.waitFor();
      await expect.poll(() => escalated.getByTestId('vendor-ref').textContent(), WAIT).toBe('NC-48213');
      await expect.poll(() => member.page.locator('[data-part="escalated"] h3').textContent(), WAIT).toContain('Hos leverandøren');

      const entry = reporter.page.locator(`li[data-case-id="${id}"]`);
      await expect.poll(() => entry.textContent(), WAIT).toContain('Sendt videre til Netcompany');
      await expect.poll(() => entry.textContent(), WAIT).toContain('NC-48213');
    } finally {
      await member.context.close();
      await reporter.context.close();
    }
  });

  it('keeps the filters in the address: a link with a filter shows only matching cards, and typing updates it', { timeout: 60_000 }, async () => {
    const tag = unique('zebra');
    const urgent = await postCase(reporterApi, `App lukker ned ${tag}`, { priority: 'urgent' });
    const normal = await postCase(reporterApi, `Besked fejler ${tag}`, { priority: 'normal' });
    const other = await postCase(reporterApi, 'Noget helt andet', { priority: 'urgent' });
    const { context, page } = await openAs(stack, 'bo', `/#/?q=${tag}&prio=urgent`);
    try {
      await card(page, urgent).waitFor();
      // The count of the filtered board comes with the same render as its cards.
      await expect.poll(() => page.getByTestId('filter-count').textContent(), WAIT).toMatch(/^Viser 1 af \d+ sager$/);
      expect(await card(page, normal).count()).toBe(0);
      expect(await card(page, other).count()).toBe(0);
      await expect.poll(() => page.getByLabel('Prioritet').first().inputValue(), WAIT).toBe('urgent');

      await page.getByRole('button', { name: 'Ryd filtre' }).click();
      await card(page, other).waitFor();
      await expect.poll(() => new URL(page.url()).hash, WAIT).toBe('');

      await page.getByRole('searchbox', { name: /Søg/ }).fill(tag);
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash), WAIT).toBe(`#/?q=${tag}`);
      await card(page, normal).waitFor();
      await expect.poll(() => card(page, other).count(), WAIT).toBe(0);
      expect(await card(page, urgent).count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('opens the shortcut overlay with ?, and claims the selected card with c', { timeout: 60_000 }, async () => {
    const tag = unique('tastatur');
    const id = await postCase(reporterApi, `Stuen kan ikke se fremmøde ${tag}`);
    const { context, page } = await openAs(stack, 'bo', `/#/?q=${tag}`);
    try {
      await card(page, id).waitFor();
      await page.keyboard.press('?');
      const overlay = page.getByRole('dialog', { name: 'Tastaturgenveje' });
      await overlay.waitFor();
      await expect.poll(() => overlay.textContent(), WAIT).toContain('Tag sagen');
      // The modal dialog holds the focus; Escape closes it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('aria-labelledby')), WAIT).toBe('shortcuts-heading');
      await page.keyboard.press('Escape');
      await overlay.waitFor({ state: 'hidden' });

      // Typing in the search box is typing, not a shortcut.
      await page.getByRole('searchbox', { name: /Søg/ }).focus();
      await page.keyboard.press('c');
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash), WAIT).toBe(`#/?q=${tag}c`);
      await page.getByRole('searchbox', { name: /Søg/ }).fill(tag);
      await card(page, id).waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

      await page.keyboard.press('j');
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.caseId), WAIT).toBe(id);
      await page.keyboard.press('c');
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).waitFor();
      const server = await annaApi.request('GET', `/api/cases/${id}`);
      expect(server.body.case).toMatchObject({ status: 'claimed', assignee: { name: 'Bo Berg' } });
    } finally {
      await context.close();
    }
  });

  it('a dialog that is sending cannot be closed, and a refusal that asks to try again keeps the typed text', { timeout: 60_000 }, async () => {
    const id = await postCase(reporterApi, 'Forældre kan ikke logge ind med MitID');
    await move(annaApi, id, 'claim');
    // Anna's board answers her resolve itself, so the server's answer can be held back and chosen.
    let held: ((answer: unknown) => void) | null = null;
    const { context, page } = await openAsIn(browser, stack, 'anna', {
      before: (ctx) =>
        ctx.routeWebSocket(/\/socket\.io\//, (ws) => {
          const server = ws.connectToServer();
          ws.onMessage((m) => {
            const text = typeof m === 'string' ? m : m.toString();
            const sent = /^42(\d+)\["case:resolve"/.exec(text);
            if (sent && held === null) {
              held = (answer) => ws.send(`43${sent[1]}${JSON.stringify([answer])}`);
              return;
            }
            server.send(m);
          });
          server.onMessage((m) => ws.send(m));
        }),
    });
    try {
      await card(page, id).getByRole('button', { name: 'Løs', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Løs sagen' });
      await dialog.getByLabel('Hvad var løsningen?').fill('Nulstillede MitID-koblingen for forælderen.');
      await dialog.getByRole('button', { name: 'Markér som løst' }).click();
      await expect.poll(() => held !== null, WAIT).toBe(true);
      // While it is on its way, neither Escape nor Cancel closes the dialog.
      expect(await dialog.getByRole('button', { name: 'Annullér' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await dialog.isVisible()).toBe(true);

      held!({ ok: false, error: { code: 'rate_limited', message: 'Too many commands' } });
      await expect.poll(() => dialog.getByRole('alert').textContent(), WAIT).toContain('For mange handlinger på kort tid');
      expect(await dialog.getByLabel('Hvad var løsningen?').inputValue()).toBe('Nulstillede MitID-koblingen for forælderen.');

      await dialog.getByRole('button', { name: 'Markér som løst' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await annaApi.request('GET', `/api/cases/${id}`)).body.case.status, WAIT).toBe('resolved');
    } finally {
      await context.close();
    }
  });

  it('lets the lead assign a case to a team member, and the team change its priority', { timeout: 60_000 }, async () => {
    const id = await postCase(reporterApi, 'Kontaktlister mangler forældre');
    const { context, page } = await openAs(stack, 'lene');
    try {
      await card(page, id).getByRole('button', { name: /^Åbn/ }).click();
      const detail = page.getByRole('dialog', { name: 'Kontaktlister mangler forældre' });
      await detail.getByRole('button', { name: 'Tildel …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tildel sagen' });
      await dialog.getByLabel('Til hvem?').selectOption({ label: 'Anna Andersen (Projektgruppe)' });
      await dialog.getByRole('button', { name: 'Tildel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => card(page, id).locator('.assignee').textContent(), WAIT).toContain('Anna Andersen');

      await detail.getByLabel('Prioritet').selectOption('urgent');
      await expect.poll(() => card(page, id).locator('.prio').textContent(), WAIT).toContain('Akut');
      const server = await annaApi.request('GET', `/api/cases/${id}`);
      expect(server.body.case).toMatchObject({ priority: 'urgent', assignee: { name: 'Anna Andersen' } });
    } finally {
      await context.close();
    }
  });

  it('shows on a card who else has it open, and who is online', { timeout: 60_000 }, async () => {
    const id = await postCase(reporterApi, 'Forældre kan ikke se billeder fra turen');
    const a = await openAs(stack, 'anna');
    const b = await openAs(stack, 'bo');
    try {
      await b.page.getByTestId('online-now').getByText('Anna Andersen').waitFor();
      await card(a.page, id).getByRole('button', { name: /^Åbn/ }).click();
      await a.page.getByRole('dialog', { name: 'Forældre kan ikke se billeder fra turen' }).waitFor();

      const viewers = card(b.page, id).getByTestId('viewers');
      await viewers.waitFor();
      await expect.poll(() => viewers.getAttribute('aria-label'), WAIT).toBe('Har sagen åben: Anna Andersen');
      await expect.poll(() => viewers.textContent(), WAIT).toContain('AA');

      // Escape closes the case and hands the focus back to its card, where a focused card still
      // counts as looked at; once Anna moves on to the search box, she is off the card.
      await a.page.keyboard.press('Escape');
      await a.page.getByRole('dialog', { name: 'Forældre kan ikke se billeder fra turen' }).waitFor({ state: 'hidden' });
      await expect.poll(() => card(a.page, id).evaluate((el) => el.contains(document.activeElement)), WAIT).toBe(true);
      await a.page.getByRole('searchbox', { name: /Søg/ }).click();
      await viewers.waitFor({ state: 'detached', timeout: WAIT.timeout });
      await expect.poll(() => a.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type), WAIT).toBe('search');
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});

describe('SLA deadlines on the board', () => {
  let stack: Stack;
  let reporterApi: Session;

  beforeAll(async () => {
    // 0.05 minutes = 3 s to claim a normal case, so the breach comes within the test.
    stack = await startStack({ env: ROOMY_LIMITS, rollout: { sla: { normal: { claimMinutes: 0.05 } } } });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the time left to claim a new case, then marks it overdue in words and colour', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(stack, 'anna');
    try {
      const id = await postCase(reporterApi, 'Personalet kan ikke logge ind på tabletten');
      const sla = card(page, id).locator('[data-sla]');
      await sla.waitFor();
      await expect.poll(() => sla.textContent(), WAIT).toContain('tilbage');
      await expect.poll(() => sla.getAttribute('data-sla'), { timeout: 20_000 }).toBe('breached');
      await expect.poll(() => sla.textContent(), WAIT).toContain('Overskredet');
      await expect.poll(() => card(page, id).getAttribute('class'), WAIT).toContain('sla-breached');
    } finally {
      await context.close();
    }
  });
});
