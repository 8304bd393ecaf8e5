import { describe, expect, test } from 'vitest';
import type { NoticeView } from '../../shared/socket-contract.ts';
import { NoticesState, type SessionStore } from './notices.svelte.ts';
import { FakeHttp } from './testing/fake-http.ts';

class MemoryStore implements SessionStore {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const login: NoticeView = { problemId: '1', title: 'MitID-login', message: 'Brug browseren i stedet for appen.', at: '2026-12-01T08:00:00.000Z' };
const photos: NoticeView = { problemId: '2', title: 'Billeder', message: 'Vent til i morgen.', at: '2026-12-01T09:00:00.000Z' };

describe('NoticesState', () => {
  test('loads the notices in force, newest first', async () => {
    const http = new FakeHttp().on('GET /api/notices', { notices: [login, photos] });
    const notices = new NoticesState(http.request, new MemoryStore());
    await notices.load();
    expect(notices.visible.map((n) => n.problemId)).toEqual(['2', '1']);
  });

  test('a hidden notice stays hidden for the session, also after a reload', () => {
    const store = new MemoryStore();
    const notices = new NoticesState(new FakeHttp().request, store);
    notices.set([login, photos]);
    notices.dismiss(login);
    expect(notices.visible).toEqual([photos]);

    const reloaded = new NoticesState(new FakeHttp().request, store);
    reloaded.set([login, photos]);
    expect(reloaded.visible).toEqual([photos]);
  });

  test('a hidden notice comes back when it changes', () => {
    const notices = new NoticesState(new FakeHttp().request, new MemoryStore());
    notices.set([login]);
    notices.dismiss(login);
    expect(notices.visible).toEqual([]);
    const changed = { ...login, message: 'Opdatér appen til version 3.2.', at: '2026-12-01T10:00:00.000Z' };
    notices.set([changed]);
    expect(notices.visible).toEqual([changed]);
  });

  test('works without session storage, and keeps the banner if a load fails', async () => {
    const notices = new NoticesState(new FakeHttp().request, null);
    notices.set([login]);
    await notices.load();
    expect(notices.visible).toEqual([login]);
    notices.dismiss(login);
    expect(notices.visible).toEqual([]);
  });
});
