// How much one case may hold. Without a bound, one account could grow a single case (and the
// board, the feed and every export that carries it) without end. Counted as UTF-8 bytes:
// that is what Redis stores and what travels, and "æøå" weigh twice what "aeo" do.
import type { Case } from './case.ts';

export const CASE_CAPACITY = {
  /** Notes on one case, the waiting questions and escalation notes among them. */
  notes: 200,
  /** Every text people write into a case, together: title, description, notes, waiting question, resolution, vendor reference. */
  textBytes: 256 * 1024,
} as const;

export type CapacityKind = 'notes' | 'text';

/** The UTF-8 length of a string, without encoding it. */
export function utf8Bytes(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one code point of four bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The bytes of text a case holds (see CASE_CAPACITY.textBytes for which fields). */
export function caseTextBytes(c: Case): number {
  let bytes = utf8Bytes(c.title) + utf8Bytes(c.description);
  for (const field of [c.resolution, c.waitingReason, c.vendorRef]) if (field) bytes += utf8Bytes(field);
  for (const note of c.notes) bytes += utf8Bytes(note.text);
  return bytes;
}
