import type { UserStore } from '../store/user-store.ts';
import type { TeamDirectory } from './case-service.ts';

/** Looks an account up by id for assignment, through the id index (no list of every account). */
export function teamDirectory(users: UserStore): TeamDirectory {
  return {
    async findActive(userId) {
      const user = await users.getById(userId);
      return user && !user.disabled ? { id: user.id, username: user.username, name: user.name, role: user.role } : null;
    },
  };
}
