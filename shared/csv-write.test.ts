import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { csvCell, csvLine, writeCsv } from './csv-write.ts';

describe('CSV cells', () => {
  it('quotes every text cell, doubling quotes (RFC 4180); numbers and booleans stay bare', () => {
    expect(csvCell('Solsikken')).toBe('"Solsikken"');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('han sagde "hej"')).toBe('"han sagde ""hej"""');
    expect(csvCell('linje 1\nlinje 2')).toBe('"linje 1\nlinje 2"');
    expect(csvCell('linje 1\r\nlinje 2')).toBe('"linje 1\r\nlinje 2"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('')).toBe('""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(1.5, ';')).toBe('1.5');
    expect(csvCell(false)).toBe('false');
  });

  it('defuses anything a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+4512345678')).toBe(`"'+4512345678"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    // CR starts a formula, and so does the = after it to a reader that breaks the line there.
    expect(csvCell('\r=1')).toBe(`"'\r'=1"`);
    expect(csvCell('=HYPERLINK("http://x","klik")')).toBe(`"'=HYPERLINK(""http://x"",""klik"")"`);
    expect(csvCell('a=b')).toBe('"a=b"');
    // A spreadsheet skips leading blanks before it looks for a formula.
    expect(csvCell(' =HYPERLINK("http://x","klik")')).toBe(`"' =HYPERLINK(""http://x"",""klik"")"`);
    expect(csvCell(' \t @SUM(A1)')).toBe(`"' \t @SUM(A1)"`);
    expect(csvCell(' a')).toBe('" a"');
  });

  it('defuses a formula start after either separator or a line break, whichever separator the file uses', () => {
    for (const separator of [',', ';']) {
      expect(csvCell('Titel;=1+2', separator)).toBe(`"Titel;'=1+2"`);
      expect(csvCell('Titel,=1+2', separator)).toBe(`"Titel,'=1+2"`);
      expect(csvCell('Titel; @SUM(A1)', separator)).toBe(`"Titel; '@SUM(A1)"`);
      expect(csvCell('a;\t+1,-2', separator)).toBe(`"a;\t'+1,'-2"`);
      expect(csvCell('linje 1\n=1+2', separator)).toBe(`"linje 1\n'=1+2"`);
    }
    expect(csvCell('Holm, Lene; 3 børn')).toBe('"Holm, Lene; 3 børn"');
  });

  it('a comma file split on semicolons (and the other way round) shows no cell that starts a formula', () => {
    const title = 'Titel;=1+2,+3;-4,@5';
    for (const [written, splitOn] of [
      [',', ';'],
      [';', ','],
    ]) {
      const line = csvLine(['1', title, 7], written);
      for (const cell of line.trimEnd().split(splitOn)) expect(cell.replace(/^"/, '')).not.toMatch(/^[ \t]*[=+\-@]/);
    }
  });

  it('ends records with CRLF and starts the file with a BOM', () => {
    expect(csvLine(['a', 'b,c', 3])).toBe('"a","b,c",3\r\n');
    expect(writeCsv(['id', 'title'], [['1', 'Ærø']])).toBe('\uFEFF"id","title"\r\n"1","Ærø"\r\n');
  });

  it("reads back through the lead's CSV reader", () => {
    const text = writeCsv(['id', 'title'], [['1', 'Kan ikke logge ind, "MitID"'], ['2', '=2+2'], ['3', 'Børnehuset Ærø']], ';');
    const read = readCsv(text);
    expect(read.ok && read.rows.map((r) => r.fields)).toEqual([
      ['id', 'title'],
      ['1', 'Kan ikke logge ind, "MitID"'],
      ['2', "'=2+2"],
      ['3', 'Børnehuset Ærø'],
    ]);
  });
});
