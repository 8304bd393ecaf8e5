// The accounts most tests need, created and logged in at once.
import type { Role } from '../../shared/case.ts';
import { login, type Session } from './http.ts';
import type { Stack } from './stack.ts';

export type Member = [username: string, role: Role, opts?: { name?: string; institution?: string }];

/** Adds each user (password "<username>-password") and returns their sessions, in order. */
export async function loginAll(stack: Stack, members: Member[]): Promise<Session[]> {
  for (const [username, role, opts] of members) await stack.addUser(username, `${username}-password`, role, opts);
  return Promise.all(members.map(([username]) => login(stack.baseUrl, username, `${username}-password`)));
}
