// Erasure of a case's personal texts (GDPR). What people write into a case — its title,
// description, notes, the question waited on, the resolution, a reopen reason, what was
// reported to the vendor — can name a child or a parent, so it goes. The names of the staff
// who reported or handled it are not the data subject's and stay, as do ids, times, states,
// the category, the tags (a fixed vocabulary) and links to problems and library answers.
// Pure functions: the server applies them to the case and to every one of its stored events.
import type { Case } from './case.ts';

export const ERASED_TEXT = '[slettet]';

/** Event data fields that hold free text, in any event type (today's and future ones). */
const TEXT_FIELDS = ['title', 'description', 'resolution', 'reason', 'note', 'text', 'waitingReason'] as const;

const erasedString = (v: unknown) => (typeof v === 'string' && v !== '' ? ERASED_TEXT : v);

/** The case with its personal texts replaced; idempotent. Tolerates cases stored before fields existed. */
export function eraseCase<C extends Partial<Case>>(c: C): C {
  const out: Record<string, unknown> = { ...c };
  for (const field of ['title', 'description', 'resolution', 'waitingReason'] as const) {
    if (field in out) out[field] = erasedString(out[field]);
  }
  if (Array.isArray(out.notes)) out.notes = (out.notes as { text?: unknown }[]).map((n) => ({ ...n, text: erasedString(n.text) }));
  return out as C;
}

/**
 * An event's data with its free-text fields replaced. Only top-level fields are touched:
 * nested titles (a linked problem, a cited library answer) are shared team knowledge, not
 * this case's content.
 */
export function eraseEventData(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of TEXT_FIELDS) if (field in out) out[field] = erasedString(out[field]);
  return out;
}

/**
 * The stored form of an event entry (JSON strings, as in the Redis stream) with its texts
 * erased. Entries of the first format also hold a copy of the case; today's hold only the data.
 */
export function eraseStoredEvent(fields: { data: string; case?: string }): { data: string; case?: string } {
  const data = JSON.stringify(eraseEventData(JSON.parse(fields.data)));
  return fields.case === undefined ? { data } : { data, case: JSON.stringify(eraseCase(JSON.parse(fields.case))) };
}
