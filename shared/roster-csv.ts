// A roster file read into shifts. Apart from the rest of the roster so that the CSV reader loads
// only where a file is read (the lead's import), not with every board that shows who is on duty.
import { isHeader, readCsv } from './csv.ts';
import { checkShifts, ROSTER_CSV_COLUMNS, ROSTER_TIME_ZONE, type RawShift, type RosterResult } from './roster.ts';

/** Reads a roster CSV `username,start,end` (the header row is optional); all of it or an error naming the line. */
export function parseRosterCsv(text: string, timeZone = ROSTER_TIME_ZONE): RosterResult {
  const csv = readCsv(text);
  if (!csv.ok) return csv;
  const rows = csv.rows.filter((r, i) => !(i === 0 && isHeader(r, ROSTER_CSV_COLUMNS)));
  if (rows.length === 0) return { ok: false, line: 1, message: 'Line 1: the file has no shifts; write one line per shift as username,start,end' };
  const raw: RawShift[] = [];
  for (const r of rows) {
    if (r.fields.length !== 3) {
      return { ok: false, line: r.line, message: `Line ${r.line}: expected 3 fields username,start,end but found ${r.fields.length}` };
    }
    const [username, start, end] = r.fields;
    raw.push({ label: `Line ${r.line}`, line: r.line, username, start, end });
  }
  return checkShifts(raw, timeZone);
}

