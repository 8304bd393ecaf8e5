// Writes CSV for spreadsheets: RFC 4180 quoting, plus the OWASP defence against formula
// injection. A superuser types the titles, and a title such as =HYPERLINK(...) must reach the
// lead's spreadsheet as text, not run as a formula. Such a cell gets a leading apostrophe
// (the spreadsheet's own "this is text" mark); reading the file back gives "'=…", which is the
// protection showing, not damage.
// A file is not always read with the separator it was written with: a comma file opened by a
// spreadsheet that splits on semicolons (Danish Excel) cuts "Titel;=1+2" into "Titel" and
// "=1+2". So every text cell is quoted, and a formula start right after either separator or a
// line break inside the text is defused as well as one at the start.

/** Prepended to every file: Excel (Danish included) reads the file as UTF-8 only with it, so æøå survive. */
export const UTF8_BOM = '\uFEFF';

/** Characters a spreadsheet takes as the start of a formula (tab and CR too, per OWASP), also after leading blanks, which a spreadsheet skips. */
const FORMULA_START = /^[ \t]*[=+\-@\t\r]/;
/** A formula start after a comma, a semicolon or a line break (spaces between allowed): a cell of its own to a reader that splits there. */
const FORMULA_AFTER_SPLIT = /([,;\r\n][ \t]*)(?=[=+\-@])/g;

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell. Text is defused wherever a spreadsheet could see a formula start, and always
 * quoted; numbers and booleans are written as they are, unless they hold the separator.
 */
export function csvCell(value: CsvValue, separator = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (typeof value !== 'string') return text.includes(separator) ? `"${text}"` : text;
  text = text.replace(FORMULA_AFTER_SPLIT, "$1'");
  return `"${text.replaceAll('"', '""')}"`;
}

/** One record, ended by CRLF as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[], separator = ','): string {
  return values.map((v) => csvCell(v, separator)).join(separator) + '\r\n';
}

/** A whole file: BOM, header, rows. */
export function writeCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, separator = ','): string {
  let out = UTF8_BOM + csvLine(header, separator);
  for (const row of rows) out += csvLine(row, separator);
  return out;
}
