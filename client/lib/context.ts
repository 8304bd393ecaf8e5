// The signed-in workspace's state, shared with every component below it.
import { getContext, setContext } from 'svelte';
import type { User } from './api.ts';
import type { BoardState } from './board.svelte.ts';
import type { BoardSync } from './sync.svelte.ts';
import type { CardActions } from './actions.svelte.ts';
import type { Catalog } from './catalog.svelte.ts';
import type { Clock } from './clock.svelte.ts';
import type { PresenceState } from './presence.svelte.ts';
import type { ProblemsState } from './problems.svelte.ts';
import type { LibraryState } from './library.svelte.ts';
import type { NoticesState } from './notices.svelte.ts';
import type { BoardDensity } from './density.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';
import type { CaseEventHub } from './case-events.ts';

export interface Workspace {
  user: User;
  board: BoardState;
  sync: BoardSync;
  actions: CardActions;
  catalog: Catalog;
  clock: Clock;
  presence: PresenceState;
  /** Known problems and look-alike cases (the team's; empty for a superuser). */
  problems: ProblemsState;
  /** The answer library (the team's; empty for a superuser). */
  library: LibraryState;
  notices: NoticesState;
  /** Compact or comfortable cards. */
  density: BoardDensity;
  /** Messages over the board: refused moves and shortcuts. */
  toasts: Toasts;
  /** Every case event of the board's stream as it arrives (the open case's timeline follows it). */
  caseEvents: CaseEventHub;
}

const KEY = Symbol('workspace');

export function setWorkspace(workspace: Workspace): Workspace {
  return setContext(KEY, workspace);
}

export function getWorkspace(): Workspace {
  const workspace = getContext<Workspace | undefined>(KEY);
  if (!workspace) throw new Error('getWorkspace() outside <Workspace>');
  return workspace;
}
