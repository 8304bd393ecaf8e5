import { describe, expect, test, vi } from 'vitest';
import { CardActions, type CommandSender } from './actions.svelte.ts';
import type { CommandResult } from './sync.svelte.ts';
import { makeCase } from './testing/fixtures.ts';

function sender(result: CommandResult) {
  let resolve!: (r: CommandResult) => void;
  const command = vi.fn(() => new Promise<CommandResult>((r) => (resolve = r)));
  const sender: CommandSender = { command };
  return { sender, command, answer: () => resolve(result) };
}

describe('CardActions', () => {
  test('marks the card busy while the command is in flight', async () => {
    const s = sender({ ok: true, case: makeCase() });
    const actions = new CardActions(s.sender);
    const run = actions.run('claim', { caseId: '1' });
    expect(actions.pending.has('1')).toBe(true);
    s.answer();
    await run;
    expect(actions.pending.has('1')).toBe(false);
    expect(actions.errors.size).toBe(0);
  });

  test('keeps the refusal next to the card, and forgets it after a while', async () => {
    vi.useFakeTimers();
    try {
      const s = sender({ ok: false, error: { code: 'conflict', message: 'The case is already claimed by Bo' } });
      const actions = new CardActions(s.sender, 1000);
      const run = actions.run('claim', { caseId: '1' });
      s.answer();
      await run;
      expect(actions.errors.get('1')).toEqual({ action: 'claim', code: 'conflict', message: 'The case is already claimed by Bo' });
      vi.advanceTimersByTime(1001);
      expect(actions.errors.has('1')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  test('claim and release go straight out; resolve and reopen ask for text first', () => {
    const s = sender({ ok: true, case: makeCase() });
    const actions = new CardActions(s.sender);
    actions.request('claim', '1');
    expect(s.command).toHaveBeenCalledWith('claim', { caseId: '1' });
    actions.request('resolve', '2');
    expect(actions.prompt).toEqual({ kind: 'resolve', caseId: '2' });
    expect(s.command).toHaveBeenCalledTimes(1);
    actions.closePrompt();
    expect(actions.prompt).toBeNull();
  });

  test('wait and escalate ask first; resume goes straight out; other dialogs open by name', () => {
    const s = sender({ ok: true, case: makeCase() });
    const actions = new CardActions(s.sender);
    actions.request('wait', '1');
    expect(actions.prompt).toEqual({ kind: 'wait', caseId: '1' });
    actions.request('escalate', '1');
    expect(actions.prompt).toEqual({ kind: 'escalate', caseId: '1' });
    actions.request('resume', '3');
    expect(s.command).toHaveBeenCalledWith('resume', { caseId: '3' });
    actions.ask('assign', '4');
    expect(actions.prompt).toEqual({ kind: 'assign', caseId: '4' });
  });

  test('remembers the open case, and whether the note form wants the cursor', () => {
    const actions = new CardActions(sender({ ok: true, case: makeCase() }).sender);
    actions.openCase('5', true);
    expect(actions.open).toEqual({ caseId: '5', focusNote: true });
    actions.closeCase();
    expect(actions.open).toBeNull();
  });

  test('keeps the open case in the address, and goes back to where it was opened from', () => {
    const route = { path: '/?q=mitid&density=comfortable', go: vi.fn((path: string) => (route.path = path)) };
    const actions = new CardActions(sender({ ok: true, case: makeCase() }).sender, 1000, null, route);
    actions.openCase('7');
    expect(route.path).toBe('/case/7?q=mitid&density=comfortable');
    expect(actions.open).toEqual({ caseId: '7', focusNote: false });
    actions.closeCase();
    expect(route.path).toBe('/?q=mitid&density=comfortable');
    expect(actions.open).toBeNull();

    route.path = '/problems?case=7';
    actions.openCase('7');
    expect(route.path).toBe('/case/7');
    actions.closeCase();
    expect(route.path).toBe('/problems?case=7');

    // Opened by its link: closing shows the board, keeping the look asked for.
    route.path = '/case/9?density=compact';
    expect(actions.open).toEqual({ caseId: '9', focusNote: false });
    actions.closeCase();
    expect(route.path).toBe('/?density=compact');
    expect(route.go).toHaveBeenLastCalledWith('/?density=compact', true);
  });
});
