// The next help café on the wall screen and on a superuser's page, and what else follows the
// lead's settings without a reload: a centre renamed on the wall, a member's WIP limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HelpCafeSettings, RolloutSettings } from '../../shared/settings.ts';
import { localDayAt as local } from '../helpers/local-time.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, INST, launch, openAs, postCase, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;
let lead: Session;
let sol: Session;

/** Saves the settings as `change` makes them from the stored ones, as the settings screen would. */
async function changeSettings(change: (s: RolloutSettings) => RolloutSettings): Promise<void> {
  const current = (await lead.request('GET', '/api/settings')).body as RolloutSettings;
  const saved = await lead.request('PUT', '/api/settings', change(current));
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}
const withCafes = (s: RolloutSettings, helpCafes: HelpCafeSettings[]): RolloutSettings => ({ ...s, support: { consultants: s.support?.consultants ?? [], helpCafes } });

beforeAll(async () => {
  stack = await startStack({
    rollout: {
      wip: { default: 3 },
      support: {
        consultants: [],
        helpCafes: [
          { start: local(-2, '16:00'), end: local(-2, '18:00'), place: 'Ovre' },
          { start: local(3, '16:00'), end: local(3, '18:00'), place: 'Svendborg Bibliotek', languages: ['ar', 'so'], note: 'Tolk til stede' },
        ],
      },
    },
  });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
  await stack.addUser('vaeg', 'vaeg-password', 'viewer', { name: 'Vægskærm' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
  await stack.addUser('mona', 'mona-password', 'member', { name: 'Mona Mikkelsen' });
  lead = await login(stack.baseUrl, 'lene', 'lene-password');
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the next help café and the settings, live', () => {
  it('the wall shows the next café of any centre, and follows the lead changing the cafés and renaming a centre', { timeout: 90_000 }, async () => {
    await postCase(lead, 'Forældre i Regnbuen kan ikke logge ind', { institution: 'bh-regnbuen' });
    const { context, page } = await openAs(browser, stack, 'vaeg', { hash: '/tv', connected: false });
    try {
      const cafe = page.getByTestId('wall-cafe');
      await expect.poll(() => cafe.textContent(), WAIT).toContain('Svendborg Bibliotek');
      const text = (await cafe.textContent())!;
      expect(text).toContain('Næste hjælpecafé');
      expect(text).toContain('16.00–18.00');
      expect(text).toContain('Hjælp på dansk, arabisk og somali');
      expect(text).toContain('Tolk til stede');
      expect(text).not.toContain('Ovre');
      await expect.poll(() => page.getByTestId('wall-latest').textContent(), WAIT).toContain('Børnehuset Regnbuen');
      expect(await axeSerious(page)).toEqual([]);

      // An earlier café for one centre, and that centre renamed: both on the wall without a reload.
      await changeSettings((s) => ({
        ...withCafes(s, [...s.support!.helpCafes, { start: local(1, '09:30'), end: local(1, '11:00'), place: 'Regnbuens sal', institutions: ['bh-regnbuen'], languages: ['uk'] }]),
        institutions: s.institutions.map((i) => (i.id === 'bh-regnbuen' ? { ...i, name: 'Regnbuen og Stjernen' } : i)),
      }));
      await expect.poll(() => cafe.textContent(), WAIT).toContain('Regnbuens sal');
      const changed = (await cafe.textContent())!;
      expect(changed).toContain('09.30–11.00');
      expect(changed).toContain('ukrainsk');
      expect(changed).toContain('For Regnbuen og Stjernen');
      await expect.poll(() => page.getByTestId('wall-latest').textContent(), WAIT).toContain('Regnbuen og Stjernen');

      // No café left: the panel goes.
      await changeSettings((s) => withCafes(s, []));
      await cafe.waitFor({ state: 'detached', ...WAIT });
    } finally {
      await context.close();
    }
  });

  it("a superuser's page shows their centre's next café in their language, and follows a change", { timeout: 90_000 }, async () => {
    await changeSettings((s) =>
      withCafes(s, [
        { start: local(1, '09:30'), end: local(1, '11:00'), place: 'Regnbuens sal', institutions: ['bh-regnbuen'] },
        { start: local(4, '16:30'), end: local(4, '18:00'), place: 'Tåsinge Forsamlingshus', languages: ['ar'] },
      ]),
    );
    const { context, page } = await openAs(browser, stack, 'sol');
    try {
      const cafe = page.getByTestId('reporter-cafe');
      await expect.poll(() => cafe.textContent(), WAIT).toContain('Tåsinge Forsamlingshus');
      expect(await cafe.textContent()).toContain('16.30–18.00');
      expect(await cafe.textContent()).not.toContain('Regnbuens sal');

      await changeSettings((s) => withCafes(s, [...s.support!.helpCafes, { start: local(2, '17:00'), end: local(2, '19:00'), place: 'Solsikkens fællesrum', institutions: [INST], languages: ['tr', 'pl'], note: 'Medbring telefonen' }]));
      await expect.poll(() => cafe.textContent(), WAIT).toContain('Solsikkens fællesrum');
      expect(await cafe.textContent()).toContain('Hjælp på dansk, tyrkisk og polsk');
      expect(await cafe.textContent()).toContain('Medbring telefonen');

      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => cafe.textContent(), WAIT).toContain('Help in Danish, Turkish and Polish');
      expect(await cafe.textContent()).toContain('Next help café');
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await context.close();
    }
    expect((await sol.request('GET', '/api/help-cafes/next')).body.cafes[0].place).toBe('Solsikkens fællesrum');
  });

  it("a member's WIP meter follows a new limit without a reload", { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'mona');
    try {
      const meter = page.getByTestId('wip');
      await expect.poll(() => meter.textContent(), WAIT).toContain('0/3');
      await changeSettings((s) => ({ ...s, wip: { default: 3, members: { mona: 1 } } }));
      await expect.poll(() => meter.textContent(), WAIT).toContain('0/1');
      await changeSettings((s) => ({ ...s, wip: undefined }));
      await meter.waitFor({ state: 'detached', ...WAIT });
    } finally {
      await context.close();
    }
  });
});
