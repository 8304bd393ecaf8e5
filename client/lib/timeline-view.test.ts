import { describe, expect, test } from 'vitest';
import type { LeanEvent } from '../../shared/events.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { format, type MessageKey } from './i18n.svelte.ts';
import { da } from './i18n/da.ts';
import { en } from './i18n/en.ts';
import { timelineLine } from './timeline-view.ts';

const dictionaries = { da, en };

const anna = { id: 'u-anna', username: 'anna', name: 'Anna Andersen' };
const system = { id: 'system', username: 'system', name: 'War room' };
const DATA: Record<LeanEvent['type'], unknown> = {
  'case.created': { title: 't', description: '', institution: 'x', category: null, priority: 'normal' },
  'case.claimed': {},
  'case.released': {},
  'case.resolved': { resolution: 'Sendt vejledning' },
  'case.reopened': { reason: null },
  'case.enriched': { category: 'login', tags: [] },
  'case.waiting': { reason: 'Hvilken stue?', noteId: 1 },
  'case.resumed': { from: 'waiting' },
  'case.escalated': { vendorRef: 'NC-1', note: 'x', noteId: 2 },
  'case.vendor_ref_set': { vendorRef: 'NC-2' },
  'case.assigned': { assignee: { id: 'u-bo', username: 'bo', name: 'Bo Berg' } },
  'case.priority_changed': { priority: 'urgent', from: 'normal' },
  'case.note_added': { noteId: 3, text: 'x', visibility: 'internal' },
  'case.sla_warning': { clock: 'claim' },
  'case.sla_breached': { clock: 'resolve' },
  'case.linked': { problem: { id: 'p1', title: 'MitID-fejl' } },
  'case.unlinked': { problemId: 'p1' },
  'case.suggestion_dismissed': { problemId: 'p1' },
  'case.recategorised': { category: 'photos', from: 'staff-app' },
  'case.sla_retargeted': { sla: { claimMs: 600_000, resolveMs: 7_200_000 } },
};
const event = (type: LeanEvent['type'], actor = anna) => ({ id: '1-0', type, caseId: '1', at: '2026-12-01T08:00:00Z', actor, data: DATA[type], version: 1 }) as LeanEvent;

describe('timeline lines', () => {
  test('every event type is worded in both languages, with nothing left unfilled', () => {
    for (const locale of ['da', 'en'] as const) {
      const t = (key: MessageKey, params?: Record<string, string | number>) => format(dictionaries[locale][key], params);
      for (const type of EVENT_TYPES) {
        const line = timelineLine(event(type), t);
        expect(line.text, `${locale} ${type}`).not.toMatch(/timeline\.|\{\w+\}/);
        expect(line.text.trim()).not.toBe('');
      }
    }
  });

  test('names the person, not the board, and carries the texts worth reading', () => {
    const t = (key: MessageKey, params?: Record<string, string | number>) => format(dictionaries.en[key], params);
    expect(timelineLine(event('case.claimed'), t)).toEqual({ actor: 'Anna Andersen', text: 'claimed the case', detail: null });
    expect(timelineLine(event('case.resolved'), t).detail).toBe('Sendt vejledning');
    expect(timelineLine(event('case.waiting'), t).detail).toBe('Hvilken stue?');
    expect(timelineLine(event('case.assigned'), t).text).toBe('assigned the case to Bo Berg');
    expect(timelineLine(event('case.priority_changed'), t).text).toBe('changed the priority from Normal to Urgent');
    expect(timelineLine(event('case.sla_warning', system), t).actor).toBeNull();
    const names: Record<string, string> = { photos: 'Photos', 'staff-app': 'Staff app' };
    expect(timelineLine(event('case.recategorised'), t, (id) => names[id]).text).toBe('changed the category from Staff app to Photos');
    const da = (key: MessageKey, params?: Record<string, string | number>) => format(dictionaries.da[key], params);
    expect(timelineLine(event('case.recategorised'), da, (id) => ({ photos: 'Billeder', 'staff-app': 'Personale-app' })[id]!).text).toBe(
      'ændrede kategorien fra Personale-app til Billeder',
    );
  });
});
