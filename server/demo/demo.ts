// `npm run demo`: demo accounts and a steady stream of realistic cases, so a first-time
// user sees the board live within seconds. Simulated colleagues claim and resolve some.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, Role } from '../../shared/case.ts';
import type { Services } from '../services/container.ts';
import { DEMO_CASES } from './demo-cases.ts';

interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  institution?: string;
}

export async function startDemo(services: Services, log: FastifyBaseLogger): Promise<() => Promise<void>> {
  const { rollout } = services.config;
  const inst = rollout.institutions;
  const accounts: DemoAccount[] = [
    { username: 'leder', name: 'Lene Holm (projektleder)', role: 'lead' },
    { username: 'anna', name: 'Anna Mikkelsen', role: 'member' },
    { username: 'bo', name: 'Bo Rasmussen', role: 'member' },
    { username: 'superbruger', name: `Superbruger, ${inst[0].name}`, role: 'reporter', institution: inst[0].id },
    { username: 'vaegskaerm', name: 'Vægskærm', role: 'viewer' },
  ];
  const validInstitutions = new Set(inst.map((i) => i.id));
  const lines: string[] = [];
  for (const a of accounts) {
    const password = randomBytes(6).toString('base64url');
    if (await services.users.get(a.username)) await services.users.setPassword(a.username, password);
    else await services.users.add({ ...a, password }, validInstitutions);
    lines.push(`  ${a.username.padEnd(12)} ${password.padEnd(10)} ${a.role}${a.institution ? ` (${a.institution})` : ''}`);
  }
  console.log(`\nDemo accounts (passwords are new each run):\n${lines.join('\n')}\n`);

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
  const submit = async () => {
    const sample = DEMO_CASES[n % DEMO_CASES.length];
    const reporter = reporterOf(Math.floor(Math.random() * inst.length));
    n++;
    const result = await services.cases.create({ title: sample.title, description: sample.description, institution: reporter.institution!, priority: sample.priority }, reporter);
    if (result.ok && Math.random() < 0.4) {
      later(8_000 + Math.random() * 20_000, async () => {
        const claimed = await services.cases.handle(result.case.id, { type: 'claim' }, colleague);
        if (claimed.ok) later(15_000 + Math.random() * 40_000, () => services.cases.handle(result.case.id, { type: 'resolve', resolution: 'Vejledning sendt til superbrugeren' }, colleague));
      });
    }
    later(2_000 + Math.random() * 6_000, submit);
  };
  later(500, submit);

  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}
