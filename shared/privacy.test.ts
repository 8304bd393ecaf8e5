import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERASED_TEXT, eraseCase, eraseEventData, eraseStoredEvent } from './privacy.ts';

const note = (text: string) => ({ id: 1, text, visibility: 'internal', author: { id: '2', username: 'anna', name: 'Anna' }, at: '2026-12-01T09:00:00Z' });

describe('eraseCase', () => {
  it('replaces the personal texts and keeps who, when, state and shared references', () => {
    const c = {
      id: '7',
      title: 'Emils mor',
      description: 'Pia Jensen, Vestergade 3',
      resolution: 'Nulstillet',
      waitingReason: null,
      notes: [note('Ringede til Pia')],
      reporter: { id: '3', username: 'sol', name: 'Sofie Dahl' },
      problem: { id: 'p1', title: 'MitID-fejl' },
      answer: { id: 'a1', title: 'Sådan logger du ind', url: 'https://example.dk/v' },
      status: 'resolved',
      vendorRef: 'NC-1',
      tags: ['mitid'],
    };
    const e = eraseCase(c as never) as typeof c;
    expect(e).toMatchObject({ title: ERASED_TEXT, description: ERASED_TEXT, resolution: ERASED_TEXT, waitingReason: null });
    expect(e.notes[0]).toEqual({ ...note(ERASED_TEXT) });
    expect(e.reporter).toEqual(c.reporter);
    expect(e.problem).toEqual(c.problem);
    expect(e.answer).toEqual(c.answer);
    expect({ status: e.status, vendorRef: e.vendorRef, tags: e.tags }).toEqual({ status: 'resolved', vendorRef: 'NC-1', tags: ['mitid'] });
    expect(eraseCase(e as never)).toEqual(e);
  });

  it('keeps an empty description empty (there was nothing to erase)', () => {
    expect(eraseCase({ title: 'x', description: '' }).description).toBe('');
  });
});

describe('eraseEventData', () => {
  it('erases the free text of every event type, and not a linked problem or a cited answer', () => {
    expect(eraseEventData({ title: 'a', description: 'b', institution: 'bh-x', priority: 'normal' })).toEqual({ title: ERASED_TEXT, description: ERASED_TEXT, institution: 'bh-x', priority: 'normal' });
    expect(eraseEventData({ resolution: 'r', answer: { id: 'a', title: 'Video', url: 'u' } })).toEqual({ resolution: ERASED_TEXT, answer: { id: 'a', title: 'Video', url: 'u' } });
    expect(eraseEventData({ reason: null })).toEqual({ reason: null });
    expect(eraseEventData({ reason: 'q', noteId: 3 })).toEqual({ reason: ERASED_TEXT, noteId: 3 });
    expect(eraseEventData({ note: 'n', vendorRef: 'NC-2', noteId: 1 })).toEqual({ note: ERASED_TEXT, vendorRef: 'NC-2', noteId: 1 });
    expect(eraseEventData({ noteId: 1, text: 't', visibility: 'reporter' })).toEqual({ noteId: 1, text: ERASED_TEXT, visibility: 'reporter' });
    expect(eraseEventData({ problem: { id: 'p', title: 'Kendt fejl' } })).toEqual({ problem: { id: 'p', title: 'Kendt fejl' } });
    expect(eraseEventData({})).toEqual({});
  });

  it('never leaves a written text behind in a stored event (property)', () => {
    const text = fc.string({ maxLength: 80, unit: 'grapheme' });
    fc.assert(
      fc.property(fc.record({ title: text, description: text, note: text, reason: text, resolution: text }), (t) => {
        const marker = (s: string) => `«${s}»`;
        const stored = eraseStoredEvent({
          data: JSON.stringify({ title: marker(t.title), description: marker(t.description), reason: marker(t.reason) }),
          case: JSON.stringify({ id: '1', title: marker(t.title), description: marker(t.description), resolution: marker(t.resolution), waitingReason: marker(t.reason), notes: [note(marker(t.note))] }),
        });
        const all = stored.data + stored.case!;
        // Every free text was written between «»; none survives.
        return !all.includes('«') && JSON.parse(stored.case!).id === '1';
      }),
    );
  });

  it('erases an entry of today\'s format, which holds no copy of the case', () => {
    const stored = eraseStoredEvent({ data: JSON.stringify({ noteId: 3, text: 'Emils mor ringede', visibility: 'internal' }) });
    expect(stored.case).toBeUndefined();
    expect(JSON.parse(stored.data)).toEqual({ noteId: 3, text: ERASED_TEXT, visibility: 'internal' });
  });
});
