/**
 * The CSV reader's own scan (src/formats/csv/read.ts scanRecords) splits
 * records as csv-parse does: for each record the line csv-parse reports and
 * which fields are empty without quotes equal what csv-parse's `cast`
 * context says, on hand-made edge cases and on random CSV text.
 */

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRows, scanRecords } from '../../../src/formats/csv/read.js';

const OPTIONS = { relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] };

/** What csv-parse itself says: per record, its line, its width and its unquoted empty fields. */
function reference(text: string, delimiter: string) {
  const records = parse(text, {
    ...OPTIONS,
    delimiter,
    info: true,
    cast: (value, context) => (context.quoting ? value : value === '' ? null : value),
  }) as unknown as { record: (string | null)[]; info: { lines: number } }[];
  return records.map((r) => ({ line: r.info.lines, fields: r.record.length, blanks: r.record.flatMap((v, i) => (v === null ? [i] : [])) }));
}

const CASES = [
  'a,b\n\n"x\ny",\n,""\r\nq,w\rz,\n\n',
  'a,b',
  'a,b\n',
  ',\n,,\n"",""\n',
  '"a""b",c\r\n"multi\r\nline",\r\n\r\n',
  'x;y;\n;"";\n',
  '\n\n\na\n',
  '"",\n',
];

describe('CSV record scan', () => {
  it.each(CASES)('%j: the same records, lines and empty fields as csv-parse', (text) => {
    const delimiter = text.includes(';') ? ';' : ',';
    expect(scanRecords(text, delimiter, 'x.csv')).toEqual(reference(text, delimiter));
  });

  it('random CSV text: the same as csv-parse', () => {
    const field = fc.oneof(
      fc.constant(''),
      fc.constant('""'),
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '='), maxLength: 4 }),
      fc.string({ unit: fc.constantFrom('a', ',', '\n', '\r', '""', ' '), maxLength: 6 }).map((s) => `"${s}"`),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 5 }).map((fs) => fs.join(','));
    const text = fc.tuple(fc.array(record, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean()).map(([rs, eol, end]) => rs.join(eol) + (end ? eol : ''));
    fc.assert(
      fc.property(text, (t) => {
        expect(scanRecords(t, ',', 'x.csv')).toEqual(reference(t, ','));
      }),
      { numRuns: 2000 },
    );
  });

  it('rows keep null for absent and "" for empty', () => {
    expect(parseRows('feature_key,a,b\nk,,""\n', 'x.csv')).toEqual([
      { line: 1, fields: ['feature_key', 'a', 'b'] },
      { line: 2, fields: ['k', null, ''] },
    ]);
  });
});
