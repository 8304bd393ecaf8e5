// A small CSV reader for the lead's imports (roster, superusers). Spreadsheets write these
// files, so it takes what they write: a BOM, CRLF, quoted fields, and the semicolon that
// Danish Excel uses as separator. Rows keep their line number for error messages.

export interface CsvRow {
  /** 1-based line in the file, as a spreadsheet or text editor shows it. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

export function readCsv(text: string): CsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  // Danish Excel writes "a;b;c"; a comma inside a name is then plain text.
  const count = (ch: string) => first.split(ch).length - 1;
  const separator = count(';') > count(',') ? ';' : ',';
  const rows: CsvRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = splitLine(lines[i], separator);
    if (fields === null) return { ok: false, line: i + 1, message: `Line ${i + 1}: a quoted field is not closed; close the quote (") on the same line` };
    rows.push({ line: i + 1, fields: fields.map((f) => f.trim()) });
  }
  return { ok: true, rows };
}

function splitLine(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** Whether a row is the optional header naming the expected columns. */
export function isHeader(row: CsvRow, columns: readonly string[]): boolean {
  return row.fields.length === columns.length && row.fields.every((f, i) => f.toLowerCase() === columns[i]);
}
