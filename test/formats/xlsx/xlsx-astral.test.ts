/**
 * Characters outside the BMP (emoji, rare CJK, musical symbols: a surrogate
 * pair in UTF-16) survive XLSX wherever they fall. JSZip, under exceljs
 * (which fmx used to write workbooks), encoded each 16 KiB chunk of an XML
 * part alone and wrote a pair cut by a chunk boundary as two U+FFFD; fmx's
 * own writer encodes each part whole.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getFormat } from '../../../src/formats/registry.js';
import { toPlain, type Matrix } from '../../../src/model/matrix.js';
import { ROOT } from '../../helpers/samples.js';

const noWarn = () => {};

async function roundTrip(m: Matrix): Promise<Matrix> {
  const bytes = (await (await getFormat('xlsx').writer!()).write({ matrix: m }, { file: 'x.xlsx', warn: noWarn })) as Uint8Array;
  return (await (await getFormat('xlsx').reader!()).read(bytes, { file: 'x.xlsx', warn: noWarn })).matrix;
}

describe('XLSX: characters outside the BMP', () => {
  it('the note the fuzz run found (a pair at a 16 KiB boundary of the shared strings) round trips', async () => {
    const m = JSON.parse(readFileSync(ROOT + 'test/fixtures/hostile/xlsx-astral-notes.json', 'utf8')) as Matrix;
    expect(toPlain(await roundTrip(m))).toEqual(toPlain(m));
  });

  // Two runs of pairs, the second shifted by one code unit: whatever the text
  // before them, a chunk boundary falls inside a pair in one of the runs.
  it('long runs of emoji at both parities round trip, in titles, notes and cell notes', async () => {
    const runs = '\u{1F600}'.repeat(9000) + 'a' + '\u{1D11E}'.repeat(9000);
    const m = JSON.parse(readFileSync(ROOT + 'test/golden/json/cinder-master-support-matrix.json', 'utf8')) as Matrix;
    const f = m.features[0]!;
    m.drivers[0]!.title += ' \u{1F680}';
    f.title += ' \u{20000}';
    f.notes = runs;
    f.implementations[0]!.notes = 'b' + runs;
    expect(toPlain(await roundTrip(m))).toEqual(toPlain(m));
  }, 30_000);
});
