import type { UserStore } from '../store/user-store.ts';
import type { TeamDirectory } from './case-service.ts';

/** Looks accounts up by id for assignment; the team is a few dozen accounts, so a list read is fine. */
export function teamDirectory(users: UserStore): TeamDirectory {
  return {
    async findActive(userId) {
      const listed = (await users.list()).find((u) => u.id === userId);
      const user = listed && (await users.get(listed.username));
      return user && !user.disabled ? { id: user.id, username: user.username, name: user.name, role: user.role } : null;
    },
  };
}
