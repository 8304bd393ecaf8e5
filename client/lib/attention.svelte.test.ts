import { beforeEach, describe, expect, test } from 'vitest';
import type { CaseEvent } from '../../shared/events.ts';
import { ATTENTION_KEY, Attention, alertKind, type AttentionOutput, type PermissionState } from './attention.svelte.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';
import { useMemoryStorage } from './testing/memory-storage.ts';

const self = people.alice;

class FakeOutput implements AttentionOutput {
  beeps = 0;
  prepared = 0;
  asked = 0;
  notes: Array<{ title: string; body: string; tag: string; onclick: () => void }> = [];
  constructor(
    public perm: PermissionState = 'default',
    public answer: PermissionState = 'granted',
  ) {}
  beep() {
    this.beeps++;
  }
  prepare() {
    this.prepared++;
  }
  notify(title: string, body: string, tag: string, onclick: () => void) {
    this.notes.push({ title, body, tag, onclick });
  }
  permission() {
    return this.perm;
  }
  async requestPermission() {
    this.asked++;
    this.perm = this.answer;
    return this.answer;
  }
}

function created(priority: 'urgent' | 'normal' | 'high', actor = people.rita, id = '7'): CaseEvent {
  const c = makeCase({ id, priority, title: `Sag ${id}` });
  const e = makeEvent('case.created', c);
  return { ...e, actor, data: { title: c.title, description: '', institution: c.institution, category: null, priority } } as CaseEvent;
}

function breached(status: 'new' | 'claimed' | 'resolved' = 'new'): CaseEvent {
  const c = makeCase({ id: '9', status, version: 3 });
  const e = makeEvent('case.sla_breached', c);
  return { ...e, actor: { id: 'system', username: 'system', name: 'System' }, data: { clock: 'claim' } } as CaseEvent;
}

function make(opts: { team?: boolean; out?: FakeOutput; now?: () => number; opened?: string[] } = {}) {
  const out = opts.out ?? new FakeOutput();
  const attention = new Attention({
    selfId: self.id,
    team: opts.team ?? true,
    output: out,
    now: opts.now,
    texts: (kind, event) => ({ title: kind === 'urgent' ? 'Ny akut sag' : 'Frist overskredet', body: event.case.title }),
    onopen: (id) => opts.opened?.push(id),
  });
  return { attention, out };
}

beforeEach(() => {
  useMemoryStorage();
});

describe('alertKind', () => {
  test('a new urgent case and an SLA breach call for attention; other events do not', () => {
    expect(alertKind(created('urgent'), self.id)).toBe('urgent');
    expect(alertKind(breached(), self.id)).toBe('breach');
    expect(alertKind(created('high'), self.id)).toBeNull();
    expect(alertKind(created('normal'), self.id)).toBeNull();
    expect(alertKind(makeEvent('case.claimed', makeCase({ status: 'claimed', priority: 'urgent', assignee: people.rita })), self.id)).toBeNull();
    expect(alertKind(makeEvent('case.sla_warning', makeCase()), self.id)).toBeNull();
  });

  test('not for the person\'s own action, nor a breach of a case already resolved', () => {
    expect(alertKind(created('urgent', self), self.id)).toBeNull();
    expect(alertKind(breached('resolved'), self.id)).toBeNull();
  });
});

describe('Attention', () => {
  test('is off (muted) until turned on; turning on asks for the notification permission once', async () => {
    const { attention, out } = make();
    expect(attention.enabled).toBe(false);
    expect(attention.handle(created('urgent'), true)).toBeNull();
    expect(out.beeps).toBe(0);
    expect(out.asked).toBe(0);

    await attention.toggle();
    expect(attention.enabled).toBe(true);
    expect(out.asked).toBe(1);
    expect(out.prepared).toBe(1);
    expect(attention.permission).toBe('granted');
    expect(localStorage.getItem(ATTENTION_KEY)).toBe('on');

    await attention.toggle();
    await attention.toggle();
    expect(out.asked).toBe(1);
  });

  test('beeps and notifies for a live urgent case, with the case\'s tag; a click opens the case', async () => {
    const opened: string[] = [];
    const { attention, out } = make({ opened });
    await attention.toggle();
    expect(attention.handle(created('urgent'), true)).toBe('urgent');
    expect(out.beeps).toBe(1);
    expect(out.notes).toHaveLength(1);
    expect(out.notes[0]).toMatchObject({ title: 'Ny akut sag', body: 'Sag 7', tag: 'warroom-urgent-7' });
    out.notes[0].onclick();
    expect(opened).toEqual(['7']);
  });

  test('ignores events replayed in a catch-up', async () => {
    const { attention, out } = make();
    await attention.toggle();
    expect(attention.handle(created('urgent'), false)).toBeNull();
    expect(attention.handle(breached(), false)).toBeNull();
    expect(out.beeps).toBe(0);
    expect(out.notes).toEqual([]);
  });

  test('muted again: nothing at all', async () => {
    const { attention, out } = make();
    await attention.toggle();
    await attention.toggle();
    expect(attention.enabled).toBe(false);
    expect(localStorage.getItem(ATTENTION_KEY)).toBe('off');
    expect(attention.handle(created('urgent'), true)).toBeNull();
    expect(attention.handle(breached(), true)).toBeNull();
    expect(out.beeps + out.notes.length).toBe(0);
  });

  test('a superuser\'s board never alerts and cannot be turned on', async () => {
    localStorage.setItem(ATTENTION_KEY, 'on');
    const { attention, out } = make({ team: false });
    expect(attention.enabled).toBe(false);
    await attention.toggle();
    expect(attention.enabled).toBe(false);
    expect(attention.handle(created('urgent'), true)).toBeNull();
    expect(out.asked + out.beeps).toBe(0);
  });

  test('remembers the choice in the browser', async () => {
    const first = make();
    await first.attention.toggle();
    const again = make({ out: new FakeOutput('granted') });
    expect(again.attention.enabled).toBe(true);
    expect(again.attention.handle(breached(), true)).toBe('breach');
    expect(again.out.notes[0].tag).toBe('warroom-breach-9');
  });

  test('with the permission denied it still beeps, without notifications; a burst makes one sound', async () => {
    let now = 1000;
    const { attention, out } = make({ out: new FakeOutput('default', 'denied'), now: () => now });
    await attention.toggle();
    expect(attention.permission).toBe('denied');
    attention.handle(created('urgent', people.rita, '1'), true);
    attention.handle(created('urgent', people.rita, '2'), true);
    now += 2500;
    attention.handle(breached(), true);
    expect(out.beeps).toBe(2);
    expect(out.notes).toEqual([]);
    expect(attention.raised).toBe(3);
  });

  test('after a reload with alerts on, the first gesture readies the sound', () => {
    localStorage.setItem(ATTENTION_KEY, 'on');
    const { attention, out } = make({ out: new FakeOutput('granted') });
    attention.unlock();
    expect(out.prepared).toBe(1);
    expect(out.asked).toBe(0);
  });
});
