/**
 * One cell flipped in each editable format and written back with --base:
 * exactly one line out and one line in, for a nova support-matrix file, a
 * targets-dialect nova file, a cinder file and a feature-classification file.
 * The edit is made where a user makes it: in the CSV text, in the workbook's
 * Summary sheet, in the Markdown table.
 */

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitCsv } from '../../src/formats/csv/write.js';
import { emitMarkdown, loadStringify } from '../../src/formats/markdown/write.js';

// The reference Markdown printer is loaded on first need; emitMarkdown prints synchronously.
beforeAll(() => loadStringify());
import { emitXlsx } from '../../src/formats/xlsx/write.js';
import type { Loaded } from '../../src/formats/types.js';
import { patchIni } from '../../src/formats/ini/patch.js';
import { read as readCsv } from '../../src/formats/csv/read.js';
import { read as readMarkdown } from '../../src/formats/markdown/read.js';
import { read as readXlsx } from '../../src/formats/xlsx/read.js';
import { readIniBytes } from '../../src/formats/ini/read.js';
import { lineDiff } from '../helpers/linediff.js';
import { sampleBytes } from '../helpers/samples.js';

const FILES = [
  'nova-33.0.0-support-matrix.ini',
  'nova-15.0.0-support-matrix.ini',
  'cinder-master-support-matrix.ini',
  'nova-master-feature-matrix-gp.ini',
];
const opts = (file: string) => ({ file, warn: () => {} });

/** The first feature's first cell, and the status it is flipped to. */
function target(name: string) {
  const { matrix, doc } = readIniBytes(sampleBytes(name), name);
  const f = matrix.features[0]!;
  const cell = f.implementations[0]!;
  const driver = matrix.drivers.find((d) => d.key === cell.driver)!;
  const to = cell.status === 'complete' ? 'missing' : 'complete';
  return { matrix, doc, f, cell, driver, to };
}

function expectOneLine(name: string, loaded: Loaded) {
  const { doc, cell, to } = target(name);
  const before = sampleBytes(name).toString('utf8');
  const out = patchIni(doc, loaded.matrix, { where: 'out.ini', omits: loaded.omits });
  const d = lineDiff(before, out);
  expect(d.removed).toHaveLength(1);
  expect(d.added).toHaveLength(1);
  expect(d.removed[0]).toMatch(new RegExp(`${cell.driver.replace(/[.-]/g, '\\$&')}\\s*[=:]\\s*${cell.status}`));
  expect(d.added[0]).toBe(d.removed[0]!.replace(new RegExp(`${cell.status}(?=(:|\\s*$))`), to));
}

describe.each(FILES)('%s: one cell flipped', (name) => {
  it('in a wide CSV', () => {
    const { matrix, f, driver, cell, to } = target(name);
    const rows = parse(emitCsv(matrix, { layout: 'wide' })) as string[][];
    const col = rows[0]!.findIndex((h) => h.endsWith(`[${driver.key}]`));
    const row = rows.find((r) => r[0] === f.key)!;
    expect(row[col]).toBe(cell.status);
    row[col] = to;
    expectOneLine(name, readCsv(Buffer.from(stringify(rows)), opts('e.csv')));
  });

  it('in a long CSV', () => {
    const { matrix, f, driver, cell, to } = target(name);
    const rows = parse(emitCsv(matrix, { layout: 'long' })) as string[][];
    const h = rows[0]!;
    const hits = rows.filter((r) => r[h.indexOf('feature_key')] === f.key && r[h.indexOf('driver_key')] === driver.key);
    expect(hits).toHaveLength(1);
    expect(hits[0]![h.indexOf('status')]).toBe(cell.status);
    hits[0]![h.indexOf('status')] = to;
    expectOneLine(name, readCsv(Buffer.from(stringify(rows)), opts('e.csv')));
  });

  it("in the workbook's Summary sheet", async () => {
    const { matrix, f, driver, to } = target(name);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await emitXlsx(matrix)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Summary')!;
    let done = false;
    sheet.eachRow((row) => {
      row.eachCell((c) => {
        if (!done && c.value === f.title) {
          const header = sheet.getRow(1);
          header.eachCell((h, colNumber) => {
            const t = typeof h.value === 'object' && h.value && 'text' in h.value ? String((h.value as { text: unknown }).text) : String(h.value);
            if (!done && t === driver.title) {
              row.getCell(colNumber).value = to;
              done = true;
            }
          });
        }
      });
    });
    expect(done).toBe(true);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expectOneLine(name, await readXlsx(bytes, opts('e.xlsx')));
  });

  it('in the Markdown model', async () => {
    const { matrix, to } = target(name);
    const edited = structuredClone(matrix);
    edited.features[0]!.implementations[0]!.status = to;
    expectOneLine(name, await readMarkdown(Buffer.from(emitMarkdown(edited)), opts('e.md')));
  });
});
