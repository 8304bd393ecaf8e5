// Which of the case's extra controls this person may use now. Asked of the domain's own
// decide(), like allowedCommands, so the board never offers what the server would refuse.
import type { Actor, Case } from '../../shared/case.ts';
import { decide } from '../../shared/decide.ts';
import type { Command } from '../../shared/commands.ts';

const PROBE_ASSIGNEE = { id: 'probe', username: 'probe', name: 'probe', role: 'member' };
const allows = (c: Case, actor: Actor, command: Command) => decide(c, command, actor, c.updatedAt).ok;

export const canPrioritize = (c: Case, actor: Actor) => allows(c, actor, { type: 'prioritize', priority: 'urgent' });
export const canRecategorise = (c: Case, actor: Actor) => allows(c, actor, { type: 'recategorise', category: 'probe' });
export const canSetVendorRef = (c: Case, actor: Actor) => allows(c, actor, { type: 'set_vendor_ref', vendorRef: 'probe' });
export const canAssign = (c: Case, actor: Actor) => allows(c, actor, { type: 'assign', assignee: PROBE_ASSIGNEE });
export const canNote = (c: Case, actor: Actor) =>
  allows(c, actor, { type: 'note', text: 'probe', visibility: actor.role === 'reporter' ? 'reporter' : 'internal' });
