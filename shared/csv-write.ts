// Writes CSV for spreadsheets: RFC 4180 quoting, plus the OWASP defence against formula
// injection. A superuser types the titles, and a title such as =HYPERLINK(...) must reach the
// lead's spreadsheet as text, not run as a formula. Such a cell gets a leading apostrophe
// (the spreadsheet's own "this is text" mark); reading the file back gives "'=…", which is the
// protection showing, not damage.

/** Prepended to every file: Excel (Danish included) reads the file as UTF-8 only with it, so æøå survive. */
export const UTF8_BOM = '\uFEFF';

/** Characters a spreadsheet takes as the start of a formula (tab and CR too, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

/** One cell: defused if it could start a formula, then quoted if it holds the separator, a quote, CR or LF. */
export function csvCell(value: CsvValue, separator = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (text.includes(separator) || /["\r\n]/.test(text)) text = `"${text.replaceAll('"', '""')}"`;
  return text;
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
