import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { csvCell, csvLine, writeCsv } from './csv-write.ts';

describe('CSV cells', () => {
  it('quotes only what needs it, doubling quotes (RFC 4180)', () => {
    expect(csvCell('Solsikken')).toBe('Solsikken');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('han sagde "hej"')).toBe('"han sagde ""hej"""');
    expect(csvCell('linje 1\nlinje 2')).toBe('"linje 1\nlinje 2"');
    expect(csvCell('linje 1\r\nlinje 2')).toBe('"linje 1\r\nlinje 2"');
    expect(csvCell('a;b')).toBe('a;b');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(false)).toBe('false');
  });

  it('defuses anything a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+4512345678')).toBe("'+4512345678");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('=HYPERLINK("http://x","klik")')).toBe('"\'=HYPERLINK(""http://x"",""klik"")"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('ends records with CRLF and starts the file with a BOM', () => {
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
    expect(writeCsv(['id', 'title'], [['1', 'Ærø']])).toBe('\uFEFFid,title\r\n1,Ærø\r\n');
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
