// One line per event in a case's timeline: who did what, in the reader's language. The board's
// own events (intake sorting, SLA clocks) have no person to name.
import type { LeanEvent } from '../../shared/events.ts';
import type { MessageKey } from './i18n.svelte.ts';

export interface TimelineLine {
  /** The person who did it, or null for the board's own events. */
  actor: string | null;
  /** What happened, worded in the reader's language. */
  text: string;
  /** A text the event carried that the reader may want at a glance (a resolution, a question). */
  detail: string | null;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const SYSTEM_ID = 'system';

/** Events whose line is one fixed text. */
const FIXED_LINES = {
  'case.created': 'timeline.created',
  'case.claimed': 'timeline.claimed',
  'case.released': 'timeline.released',
  'case.enriched': 'timeline.enriched',
  'case.unlinked': 'timeline.unlinked',
  'case.sla_retargeted': 'timeline.slaRetargeted',
  'case.suggestion_dismissed': 'timeline.suggestionDismissed',
} as const satisfies Partial<Record<LeanEvent['type'], MessageKey>>;

/** A category's name in the reader's language; its id when the catalog does not know it (yet). */
export type CategoryName = (id: string) => string;

export function timelineLine(event: LeanEvent, t: Translate, categoryName: CategoryName = (id) => id): TimelineLine {
  const actor = event.actor.id === SYSTEM_ID ? null : event.actor.name;
  const line = (text: string, detail: string | null = null): TimelineLine => ({ actor, text, detail });
  switch (event.type) {
    case 'case.resolved':
      return line(t('timeline.resolved'), event.data.resolution || null);
    case 'case.reopened':
      return line(t('timeline.reopened'), event.data.reason);
    case 'case.waiting':
      return line(t('timeline.waiting'), event.data.reason);
    case 'case.resumed':
      return line(t(event.data.from === 'escalated' ? 'timeline.resumedFromVendor' : 'timeline.resumed'));
    case 'case.escalated':
      return line(event.data.vendorRef ? t('timeline.escalatedRef', { ref: event.data.vendorRef }) : t('timeline.escalated'));
    case 'case.vendor_ref_set':
      return line(t('timeline.vendorRef', { ref: event.data.vendorRef }));
    case 'case.assigned':
      return line(t('timeline.assigned', { name: event.data.assignee.name }));
    case 'case.priority_changed':
      return line(t('timeline.priority', { from: t(`priority.${event.data.from}`), to: t(`priority.${event.data.priority}`) }));
    case 'case.note_added':
      return line(t(event.data.visibility === 'internal' ? 'timeline.noteInternal' : 'timeline.noteReporter'));
    case 'case.sla_warning':
      return line(`${t(event.data.clock === 'claim' ? 'sla.claim' : 'sla.resolve')}: ${t('sla.warning')}`);
    case 'case.sla_breached':
      return line(`${t(event.data.clock === 'claim' ? 'sla.claim' : 'sla.resolve')}: ${t('sla.breached')}`);
    case 'case.linked':
      return line(t('timeline.linked', { title: event.data.problem.title }));
    case 'case.recategorised':
      return line(
        event.data.from === null
          ? t('timeline.categorySet', { to: categoryName(event.data.category) })
          : t('timeline.category', { from: categoryName(event.data.from), to: categoryName(event.data.category) }),
      );
    default:
      return line(t(FIXED_LINES[event.type]));
  }
}
