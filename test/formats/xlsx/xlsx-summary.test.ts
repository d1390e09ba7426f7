/**
 * Every edit the Summary sheet shows is applied or reported, at its
 * `Sheet!A1` cell (issue 13 items 1, 2 and 7): statuses (a case or a
 * renderer's symbol away from one is normalised with a warning, anything
 * else is an error), feature and driver titles, notes in comments, cleared
 * cells. Edits are made with exceljs, as another program would make them.
 */

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FmxError, formatDiagnostic } from '../../../src/diagnostics.js';
import { emitXlsx } from '../../../src/formats/xlsx/write.js';
import { read } from '../../../src/formats/xlsx/read.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { collectingOptions, sampleModel } from '../models.js';

const NOVA = 'nova-33.0.0-support-matrix.ini';

/** nova's workbook with `edit` applied to its Summary sheet by exceljs; the model read back and the warnings. */
async function edited(edit: (ws: ExcelJS.Worksheet) => void, model: Matrix = sampleModel(NOVA), allowDeletions = false) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(emitXlsx(model)) as unknown as ArrayBuffer);
  edit(wb.getWorksheet('Summary')!);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const { read: opts, warnings } = collectingOptions('n33.xlsx');
  try {
    const { matrix, repeated = [] } = await read(bytes, { ...opts, allowDeletions });
    return { matrix, repeated, warnings: warnings.map(formatDiagnostic), errors: [] as string[] };
  } catch (e) {
    if (!(e instanceof FmxError)) throw e;
    return { matrix: null, repeated: [], warnings: warnings.map(formatDiagnostic), errors: e.diagnostics.map(formatDiagnostic) };
  }
}

const cell = (m: Matrix | null, feature: string, driver: string) => m!.features.find((f) => f.key === feature)!.implementations.find((i) => i.driver === driver);

describe('XLSX Summary edits', () => {
  const m = sampleModel(NOVA);
  // Summary!D7: row 7 is the sixth feature, column D the second driver.
  const f6 = m.features[5]!;
  const d2 = m.drivers[1]!;

  it('nothing edited: no warning', async () => {
    const { warnings, errors, repeated } = await edited(() => {});
    expect({ warnings, errors, repeated }).toEqual({ warnings: [], errors: [], repeated: [] });
  });

  it("a status that is none is an error at its cell, with every other such cell; nothing is read", async () => {
    const { matrix, errors } = await edited((ws) => {
      ws.getCell('D7').value = 'yes';
      ws.getCell('E9').value = 'Complete!';
      ws.getCell('B3').value = 'sometimes';
    });
    expect(matrix).toBeNull();
    expect(errors).toEqual([
      "n33.xlsx: Summary!B3: 'sometimes' is not a feature status: mandatory, optional, choice, condition, mature, immature (optionally with a (group))",
      "n33.xlsx: Summary!D7: 'yes' is not a cell status: complete, partial, missing, unknown",
      "n33.xlsx: Summary!E9: 'Complete!' is not a cell status: complete, partial, missing, unknown",
    ]);
  });

  it("a status a case or a renderer's symbol away is normalised, with a warning at its cell", async () => {
    const before = cell(m, f6.key, d2.key)!.status;
    const { matrix, warnings, repeated } = await edited((ws) => {
      ws.getCell('D7').value = before === 'complete' ? 'Missing' : 'Complete';
      ws.getCell('C7').value = '✔';
      ws.getCell('E7').value = '◐';
    });
    const now = before === 'complete' ? 'missing' : 'complete';
    expect(cell(matrix, f6.key, d2.key)!.status).toBe(now);
    expect(cell(matrix, f6.key, m.drivers[0]!.key)!.status).toBe('complete');
    expect(cell(matrix, f6.key, m.drivers[2]!.key)!.status).toBe('partial');
    expect(warnings).toContain(`n33.xlsx: warning: Summary!D7: feature ${f6.key}, driver ${d2.key}: '${before === 'complete' ? 'Missing' : 'Complete'}' is read as '${now}'`);
    expect(warnings.join('\n')).toMatch(/Summary!E7: .*: the symbol '◐' is read as 'partial'$/m);
    // The status read is the Summary's copy of a value Details shows too: with --base, the one that differs from the base wins.
    expect(repeated.find((r) => r.ref.driver === d2.key)).toEqual({
      ref: { feature: f6.key, driver: d2.key, field: 'status' },
      copies: [
        { value: now, at: { cell: 'Summary!D7' } },
        { value: before, at: { cell: expect.stringMatching(/^Details!/) } },
      ],
    });
  });

  it('an edited feature title and driver title are applied, with a warning', async () => {
    const { matrix, warnings, repeated } = await edited((ws) => {
      ws.getCell('A7').value = 'A better title';
      ws.getCell('C1').value = 'KVM, renamed';
    });
    expect(matrix!.features[5]!.title).toBe('A better title');
    expect(matrix!.drivers[0]!.title).toBe('KVM, renamed');
    expect(warnings).toEqual([
      `n33.xlsx: warning: Summary!C1: driver ${m.drivers[0]!.key}: title "KVM, renamed" in the Summary, ${JSON.stringify(m.drivers[0]!.title)} in Details: the Summary is used`,
    ]);
    // A feature's title is shown in both sheets: one value, the Summary's copy first.
    expect(repeated).toEqual([
      {
        ref: { feature: f6.key, field: 'title' },
        copies: [
          { value: 'A better title', at: { cell: 'Summary!A7' } },
          { value: f6.title, at: { cell: expect.stringMatching(/^Details!/) } },
        ],
      },
    ]);
  });

  it("an edited note in a feature's or a cell's comment is applied; a release line stays the release", async () => {
    const noted = m.features.findIndex((f) => f.implementations.some((i) => i.notes));
    const f = m.features[noted]!;
    const col = m.drivers.findIndex((d) => f.implementations.find((i) => i.driver === d.key)?.notes);
    const ref = `${String.fromCharCode(67 + col)}${noted + 2}`;
    const { matrix, warnings } = await edited((ws) => {
      ws.getCell(`A${noted + 2}`).note = 'New feature notes.';
      ws.getCell(ref).note = 'Release: Zed\n\nNew cell notes.';
    });
    const back = matrix!.features[noted]!;
    expect(back.notes).toBe('New feature notes.');
    expect(back.implementations.find((i) => i.driver === m.drivers[col]!.key)).toMatchObject({ release: 'Zed', notes: 'New cell notes.' });
    expect(warnings).toEqual([
      `n33.xlsx: warning: Summary!A${noted + 2}: feature ${f.key}: notes edited in the Summary's comment: the comment is used`,
      `n33.xlsx: warning: Summary!${ref}: feature ${f.key}, driver ${m.drivers[col]!.key}: notes edited in the Summary's comment: the comment is used`,
    ]);
  });

  it('a cleared status cell is an error at its cell; with --allow-deletions it deletes the cell, with a warning', async () => {
    const was = JSON.stringify(cell(m, f6.key, d2.key)!.status);
    const clear = (ws: ExcelJS.Worksheet) => {
      ws.getCell('D7').value = null;
    };
    const refused = await edited(clear);
    expect(refused.matrix).toBeNull();
    expect(refused.errors).toEqual([
      `n33.xlsx: Summary!D7: feature ${f6.key}, driver ${d2.key}: status cleared (was ${was}): that would delete the cell; give it a status (unknown if not known), or pass --allow-deletions`,
    ]);
    const { matrix, warnings } = await edited(clear, m, true);
    expect(cell(matrix, f6.key, d2.key)).toBeUndefined();
    expect(warnings).toEqual([`n33.xlsx: warning: Summary!D7: feature ${f6.key}, driver ${d2.key}: status cleared in the Summary (was ${was}): the cell is deleted`]);
  });

  it('two driver columns swapped, cells and all, change nothing', async () => {
    const { matrix, warnings } = await edited((ws) => {
      ws.eachRow((row) => {
        const [c, d] = [row.getCell(3), row.getCell(4)];
        const [cv, cn, dv, dn] = [c.value, c.note, d.value, d.note];
        c.value = dv;
        d.value = cv;
        c.note = dn as string;
        d.note = cn as string;
      });
    });
    expect(warnings).toEqual([]);
    expect(matrix!.features.map((f) => f.implementations)).toEqual(m.features.map((f) => f.implementations));
  });

  it('a row added to the Summary, or a column it cannot match, is reported, not silently dropped', async () => {
    const { warnings } = await edited((ws) => {
      ws.getCell('A70').value = 'New feature';
      ws.getCell('N70').value = 'operation.new';
      ws.spliceColumns(3, 1); // a driver's column deleted: the others are matched by title
      ws.getCell('C1').value = 'Unknown hypervisor';
    });
    expect(warnings).toEqual([
      'n33.xlsx: warning: Summary!C1: the column "Unknown hypervisor" names no driver of the Details sheet: its cells are not read',
      'n33.xlsx: warning: Summary!M70: feature "operation.new" is not in the Details sheet: a row added to the Summary is not read; add the feature in Details',
    ]);
  });
});
