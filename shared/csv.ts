// The CSV reader for the lead's imports (roster, superusers), on csv-parse: a well-kept parser
// that reads in one linear pass, whatever the file holds (a hand-written reader took minutes
// over a quarter megabyte of letters and quotes, and held the server meanwhile). Spreadsheets
// write these files, so it takes what they write: a BOM, CRLF, quoted fields, and the semicolon
// that Danish Excel uses as separator. Rows keep their line number for error messages.
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line in the file, as a spreadsheet or text editor shows it. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

/** One record can be no longer than this; the imports' lines are a few dozen characters. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Danish Excel writes "a;b;c"; a comma inside a name is then plain text. */
function separatorOf(text: string): ',' | ';' {
  for (const m of text.matchAll(/[^\r\n]+/g)) {
    const line = m[0];
    if (line.trim() === '') continue;
    const count = (ch: string) => line.split(ch).length - 1;
    return count(';') > count(',') ? ';' : ',';
  }
  return ',';
}

const newlines = (s: string) => (s.match(/\r\n|\n|\r/g) ?? []).length;

export function readCsv(text: string): CsvResult {
  const body = text.replace(/^\uFEFF/, '');
  let lastLine = 0;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: separatorOf(body),
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted field is plain text ("5" skærm), as spreadsheets write it.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: MAX_RECORD_CHARS,
      on_record: (record, context) => {
        lastLine = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The record that failed starts after the last one read (blank lines aside).
    const line = lastLine + 1;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') return { ok: false, line, message: `Line ${line}: a quoted field is not closed; close the quote (") on the same line` };
    if (err.code === 'CSV_MAX_RECORD_SIZE') return { ok: false, line, message: `Line ${line}: the line is longer than ${MAX_RECORD_CHARS} characters; is this the right file?` };
    return { ok: false, line, message: `Line ${line}: ${err.message.replace(/^Invalid (Closing Quote|Opening Quote): /, '')}` };
  }
  const rows: CsvRow[] = [];
  for (const { record, info } of records) {
    const fields = record.map((f) => f.trim());
    // A line of spaces only is blank, as it looks in an editor.
    if (fields.length === 1 && fields[0] === '') continue;
    // The imports hold one line per record; a quote left open across lines is a mistake to show.
    const spanned = record.reduce((n, f) => n + newlines(f), 0);
    const start = info.lines - spanned;
    if (spanned > 0) return { ok: false, line: start, message: `Line ${start}: a quoted field is not closed; close the quote (") on the same line` };
    rows.push({ line: start, fields });
  }
  return { ok: true, rows };
}

/** Whether a row is the optional header naming the expected columns. */
export function isHeader(row: CsvRow, columns: readonly string[]): boolean {
  return row.fields.length === columns.length && row.fields.every((f, i) => f.toLowerCase() === columns[i]);
}
