// `npm run demo`: demo accounts and a steady stream of realistic cases, so a first-time
// user sees the board live within seconds. Simulated colleagues claim and resolve some.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, Role } from '../../shared/case.ts';
import { activeInstitutions } from '../../shared/settings.ts';
import type { Services } from '../services/container.ts';
import { DEMO_CASES } from './demo-cases.ts';
import { DEMO_PACE, colleagueTakes, submitDelayMs } from './demo-pace.ts';

interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  institution?: string;
}

/** `newPasswords: false` when the demo's web process is restarted: the printed passwords stay valid. */
export async function startDemo(services: Services, log: FastifyBaseLogger, opts: { newPasswords?: boolean } = {}): Promise<() => Promise<void>> {
  // The centres offered now: the lead may have renamed or retired some since the config file seeded them.
  const inst = activeInstitutions(services.settings.current.settings);
  const accounts: DemoAccount[] = [
    { username: 'leder', name: 'Lene Holm (projektleder)', role: 'lead' },
    { username: 'anna', name: 'Anna Mikkelsen', role: 'member' },
    { username: 'bo', name: 'Bo Rasmussen', role: 'member' },
    { username: 'superbruger', name: `Superbruger, ${inst[0].name}`, role: 'reporter', institution: inst[0].id },
    { username: 'vaegskaerm', name: 'Vægskærm', role: 'viewer' },
  ];
  const validInstitutions = new Set(inst.map((i) => i.id));
  if (opts.newPasswords !== false) {
    const lines: string[] = [];
    for (const a of accounts) {
      const password = randomBytes(6).toString('base64url');
      if (await services.users.get(a.username)) await services.users.setPassword(a.username, password);
      else await services.users.add({ ...a, password }, validInstitutions);
      lines.push(`  ${a.username.padEnd(12)} ${password.padEnd(10)} ${a.role}${a.institution ? ` (${a.institution})` : ''}`);
    }
    console.log(`\nDemo accounts (passwords are new each run):\n${lines.join('\n')}\n`);
  }
  await seedRosterAndLibrary(services, accounts[0]);

  const reporterOf = (i: number): Actor => {
    const institution = inst[i % inst.length];
    return { id: `demo-${institution.id}`, username: `demo-${institution.id}`, name: `Superbruger, ${institution.name}`, role: 'reporter', institution: institution.id };
  };
  const colleague: Actor = { id: 'demo-colleague', username: 'demo-kollega', name: 'Carla Jensen (demo)', role: 'member' };

  let n = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => Promise<unknown>) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn().catch((err) => log.warn({ err: (err as Error).message }, 'demo step failed'));
    }, ms);
    timers.add(t);
  };
  const newCases = async () => (await services.store.openCases()).filter((c) => c.status === 'new').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  /** The colleague claims a case, then resolves it, some after waiting on the superuser or on Netcompany. */
  const work = async (id: string) => {
    const claimed = await services.cases.handle(id, { type: 'claim' }, colleague);
    if (!claimed.ok) return;
    const resolve = () => services.cases.handle(id, { type: 'resolve', resolution: 'Vejledning sendt til superbrugeren' }, colleague);
    // Some wait on the superuser's answer or on Netcompany for a while, as in the real week.
    const roll = Math.random();
    if (roll < 0.2) {
      await services.cases.handle(id, { type: 'wait', reason: 'Hvilken stue går barnet på, og hvilken telefon bruger forælderen?' }, colleague);
      later(20_000 + Math.random() * 30_000, async () => {
        await services.cases.handle(id, { type: 'resume' }, colleague);
        later(10_000, resolve);
      });
    } else if (roll < 0.3) {
      await services.cases.handle(id, { type: 'escalate', note: 'Fejlen kan genskabes; meldt ind til Netcompany', vendorRef: `NC-${48000 + n}` }, colleague);
      later(40_000 + Math.random() * 40_000, resolve);
    } else {
      later(15_000 + Math.random() * 40_000, resolve);
    }
  };
  const submit = async () => {
    const waiting = (await newCases()).length;
    later(submitDelayMs(waiting, Math.random()), submit);
    if (waiting < DEMO_PACE.fullNew) {
      const sample = DEMO_CASES[n % DEMO_CASES.length];
      const reporter = reporterOf(Math.floor(Math.random() * inst.length));
      n++;
      const result = await services.cases.create({ title: sample.title, description: sample.description, institution: reporter.institution!, priority: sample.priority }, reporter);
      if (result.ok && Math.random() < 0.4) later(8_000 + Math.random() * 20_000, () => work(result.case.id));
    }
  };
  // The team keeps up: when "Nye" fills, the colleague takes the oldest case.
  const tick = async () => {
    later(DEMO_PACE.tickMs, tick);
    const open = await newCases();
    if (colleagueTakes(open.length)) await work(open[0].id);
  };
  later(500, submit);
  later(DEMO_PACE.tickMs, tick);

  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}

/** A roster around now and two how-to answers, the first time the demo runs on a data dir. */
async function seedRosterAndLibrary(services: Services, lead: DemoAccount): Promise<void> {
  const roster = services.roster;
  if ((await roster.get()).length === 0) {
    const hour = 3_600_000;
    const at = (h: number) => new Date(Math.floor(Date.now() / hour) * hour + h * hour).toISOString();
    await roster.replace([
      { username: 'leder', start: at(-1), end: at(7) },
      { username: 'anna', start: at(-2), end: at(5) },
      { username: 'bo', start: at(5), end: at(12) },
    ]);
  }
  if ((await services.answers.list()).length > 0) return;
  const author: Actor = { id: 'demo-lead', username: lead.username, name: lead.name, role: 'lead' };
  await services.answers.create({ title: 'Video: Log ind i Aula med MitID', url: 'https://www.aula.dk/', languages: ['da'], tags: ['login', 'mitid'] }, author);
  await services.answers.create({ title: 'Guide: Samtykker i forældreappen', url: 'https://www.kombit.dk/', languages: ['da', 'en'], tags: ['samtykke'] }, author);
}
