/**
 * XLSX reader, with exceljs (loaded only here). The "Details" sheet (the
 * long layout) gives the whole model; statuses edited in the "Summary" sheet
 * (feature status, cell statuses) are then taken from there, each with a
 * warning, so that a workbook edited by its readers comes back.
 */

import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { error, FmxError, type Diagnostic } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { joinStatus, splitStatus, type Matrix } from '../../model/matrix.js';
import { SHEETS, SUMMARY_FIXED, SUMMARY_KEY_HEADER } from './layout.js';
import { readLong, type Field, type Row } from '../tabular/long.js';
import { DEFAULT_MAX_SIZE } from '../../io/decode.js';
import { checkZip, isZip } from './zip.js';

/** The format registry's entry point. */
export async function read(bytes: Uint8Array, opts: ReadOptions): Promise<Loaded> {
  // A workbook saved again by a spreadsheet may have lost the difference between empty and absent.
  if (!isZip(bytes)) throw error(opts.file, 'not an XLSX workbook (an XLSX file is a ZIP archive)', undefined, undefined, 'xlsx-invalid');
  checkZip(bytes, opts.file, opts.maxSize ?? DEFAULT_MAX_SIZE);
  return { matrix: matrixFromWorkbook(await loadWorkbook(bytes, opts.file), opts), omits: ['empty-values'] };
}

export async function loadWorkbook(bytes: Uint8Array, file: string): Promise<Workbook> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw error(file, `not a readable XLSX workbook: ${e instanceof Error ? e.message : String(e)}`, undefined, undefined, 'xlsx-invalid');
  }
  return wb;
}

export function matrixFromWorkbook(wb: Workbook, opts: ReadOptions): Matrix {
  const details = wb.getWorksheet(SHEETS.details);
  if (!details) {
    throw error(opts.file, `not an fmx workbook: it has no "${SHEETS.details}" sheet (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`, undefined, undefined, 'xlsx-sheet');
  }
  const rows = sheetRows(details);
  if (rows.length === 0) throw error(opts.file, `the "${SHEETS.details}" sheet is empty`, 1, 1, 'xlsx-sheet');
  const header = rows[0]!.fields.map((h) => h ?? '');
  if (!header.includes('feature_key')) {
    throw error(opts.file, `the "${SHEETS.details}" sheet's first row must name the long layout's columns (feature_key, ...)`, 1, 1, 'xlsx-sheet');
  }
  const inSheet = (sheet: string) => (d: Diagnostic): Diagnostic => ({ ...d, message: `sheet ${sheet}: ${d.message}` });
  let matrix: Matrix;
  try {
    matrix = readLong(header, rows.slice(1), { ...opts, warn: (d) => opts.warn(inSheet(SHEETS.details)(d)) });
  } catch (e) {
    if (e instanceof FmxError) throw new FmxError(e.diagnostics.map(inSheet(SHEETS.details)));
    throw e;
  }
  const summary = wb.getWorksheet(SHEETS.summary);
  if (summary) applySummary(matrix, summary, { ...opts, warn: (d) => opts.warn(inSheet(SHEETS.summary)(d)) });
  return matrix;
}

/** A cell's value as text; `null` for an empty cell. */
export function cellText(v: CellValue): Field {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined ? null : cellText(v.result as CellValue);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

function sheetRows(ws: Worksheet): Row[] {
  const rows: Row[] = [];
  const columns = ws.columnCount; // computed over all rows by exceljs: read it once
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const fields: Field[] = [];
    for (let c = 1; c <= columns; c++) fields.push(cellText(row.getCell(c).value));
    rows.push({ fields, line: n });
  });
  return rows;
}

/** Take statuses edited in the Summary sheet. */
function applySummary(m: Matrix, ws: Worksheet, opts: ReadOptions): void {
  const header = ws.getRow(1);
  let keyCol = -1;
  const columnCount = ws.columnCount;
  for (let c = 1; c <= columnCount; c++) if (cellText(header.getCell(c).value) === SUMMARY_KEY_HEADER) keyCol = c;
  if (keyCol === -1) return;
  const first = SUMMARY_FIXED.length + 1;
  const columns = new Map<number, string>();
  for (let c = first; c < keyCol; c++) {
    const title = cellText(header.getCell(c).value);
    const n = c - first;
    const d = m.drivers[n] && (m.drivers[n]!.title ?? m.drivers[n]!.key) === title ? m.drivers[n] : m.drivers.find((x) => (x.title ?? x.key) === title);
    if (d) columns.set(c, d.key);
  }
  const byKey = new Map(m.features.map((f) => [f.key, f]));
  const warn = (line: number, message: string) => opts.warn({ file: opts.file, line, message, severity: 'warning', ruleId: 'xlsx-summary-edit' });
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const key = cellText(row.getCell(keyCol).value);
    const f = key === null ? undefined : byKey.get(key);
    if (!f) return;
    const shownStatus = cellText(row.getCell(2).value);
    if (shownStatus !== joinStatus(f.status, f.group)) {
      const s = shownStatus === null ? { status: null, group: null } : splitStatus(shownStatus);
      warn(n, `feature ${f.key}: status ${JSON.stringify(shownStatus)} in the Summary, ${JSON.stringify(joinStatus(f.status, f.group))} in Details: the Summary is used`);
      f.status = s.status;
      f.group = s.group;
    }
    for (const [c, driver] of columns) {
      const shown = cellText(row.getCell(c).value);
      const impl = f.implementations.find((x) => x.driver === driver);
      if (impl && shown !== null && shown !== impl.status) {
        warn(n, `feature ${f.key}, driver ${driver}: ${JSON.stringify(shown)} in the Summary, ${JSON.stringify(impl.status)} in Details: the Summary is used`);
        impl.status = shown;
      } else if (!impl && shown !== null) {
        warn(n, `feature ${f.key}, driver ${driver}: ${JSON.stringify(shown)} added in the Summary`);
        f.implementations.push({ driver, status: shown, notes: null, release: null });
      }
    }
  });
}
