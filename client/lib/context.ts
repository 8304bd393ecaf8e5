// The signed-in workspace's state, shared with every component below it.
import { getContext, setContext } from 'svelte';
import type { User } from './api.ts';
import type { BoardState } from './board.svelte.ts';
import type { BoardSync } from './sync.svelte.ts';
import type { CardActions } from './actions.svelte.ts';
import type { Catalog } from './catalog.svelte.ts';
import type { Clock } from './clock.svelte.ts';

export interface Workspace {
  user: User;
  board: BoardState;
  sync: BoardSync;
  actions: CardActions;
  catalog: Catalog;
  clock: Clock;
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
