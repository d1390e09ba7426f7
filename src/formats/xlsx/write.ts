/**
 * XLSX writer, with exceljs (loaded only here: it costs ~190 ms). Sheets:
 * "Summary" (features by drivers, cells coloured by status with a legend,
 * cell notes as comments, driver links as hyperlinks, frozen header row and
 * first column, autofilter), "Details" (the CSV long layout: everything, so
 * the workbook reads back exactly) and "Drivers". Every value is a text
 * cell in a text-formatted column: nothing is ever a formula.
 */

import type { Borders, Cell, Worksheet } from 'exceljs';
import type { Loaded, WriteOptions } from '../types.js';
import { joinStatus, type Matrix } from '../../model/matrix.js';
import { LONG_COLUMNS } from '../tabular/columns.js';
import { SHEETS, STATUS_STYLE, SUMMARY_FIXED, SUMMARY_KEY_HEADER, escapeCellText } from './layout.js';
import { longRows } from '../tabular/long.js';
import { createRequire } from 'node:module';

/** The format registry's entry point. */
export async function write(loaded: Loaded, _opts: WriteOptions): Promise<Uint8Array> {
  return emitXlsx(loaded.matrix);
}

export async function emitXlsx(m: Matrix): Promise<Uint8Array> {
  const wb = await buildWorkbook(m);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Light header fill: dark text and blue hyperlinks both read on it. */
const HEADER_FILL = 'FFD9E1F2';
const THIN: Partial<Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};

const isWebLink = (s: string | null): s is string => s !== null && /^https?:\/\/[^\s]+$/i.test(s);

/** A text cell: escaped for XML, never a formula. */
function setText(cell: Cell, value: string | null): void {
  if (value === null) return;
  cell.value = escapeCellText(value);
  cell.numFmt = '@';
}

function styleHeader(cell: Cell): void {
  cell.font = { bold: true, color: { argb: 'FF1F3864' } };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = THIN;
}

export async function buildWorkbook(m: Matrix) {
  const ExcelJS = (await import('exceljs')).default;
  zipPartsAsBytes();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fmx';
  summarySheet(wb.addWorksheet(SHEETS.summary), m);
  detailsSheet(wb.addWorksheet(SHEETS.details), m);
  driversSheet(wb.addWorksheet(SHEETS.drivers), m);
  return wb;
}

function summarySheet(ws: Worksheet, m: Matrix): void {
  const first = SUMMARY_FIXED.length + 1;
  const keyCol = first + m.drivers.length;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }];
  const fit = (texts: (string | null)[], min: number, max: number) =>
    Math.min(max, Math.max(min, ...texts.map((t) => (t === null ? 0 : t.length + 2))));
  ws.getColumn(1).width = fit(m.features.map((f) => f.title ?? f.key), 24, 60);
  ws.getColumn(2).width = fit(m.features.map((f) => joinStatus(f.status, f.group)), 10, 28);
  m.drivers.forEach((d, n) => {
    const title = d.title ?? d.key;
    // A hyperlink does not wrap in every spreadsheet: make room for the whole title.
    const longest = isWebLink(d.link) ? title.length : Math.max(...title.split(/\s+/).map((w) => w.length));
    ws.getColumn(first + n).width = Math.min(30, Math.max(12, longest + 2));
  });
  ws.getColumn(keyCol).hidden = true;
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', paperSize: 9 };

  const header = ws.getRow(1);
  SUMMARY_FIXED.forEach((h, n) => setText(header.getCell(n + 1), h));
  m.drivers.forEach((d, n) => {
    const cell = header.getCell(first + n);
    const title = escapeCellText(d.title ?? d.key);
    if (isWebLink(d.link)) {
      cell.value = { text: title, hyperlink: d.link, tooltip: d.link };
    } else setText(cell, d.title ?? d.key);
    cell.numFmt = '@';
  });
  setText(header.getCell(keyCol), SUMMARY_KEY_HEADER);
  for (let c = 1; c <= keyCol; c++) styleHeader(header.getCell(c));
  m.drivers.forEach((d, n) => {
    if (isWebLink(d.link)) header.getCell(first + n).font = { bold: true, underline: true, color: { argb: 'FF0563C1' } };
  });
  header.height = 48;

  m.features.forEach((f, i) => {
    const row = ws.getRow(i + 2);
    const title = row.getCell(1);
    setText(title, f.title ?? f.key);
    title.font = { bold: true };
    title.alignment = { vertical: 'top', wrapText: true };
    if (f.notes) title.note = escapeCellText(f.notes);
    const status = row.getCell(2);
    setText(status, joinStatus(f.status, f.group));
    status.alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
    m.drivers.forEach((d, n) => {
      const cell = row.getCell(first + n);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', horizontal: 'center', wrapText: true };
      const impl = f.implementations.find((x) => x.driver === d.key);
      if (!impl) return;
      setText(cell, impl.status);
      const style = STATUS_STYLE.get(impl.status);
      if (style) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
        cell.font = { color: { argb: style.font } };
      }
      const note = [impl.release !== null ? `Release: ${impl.release}` : null, impl.notes].filter((x) => x !== null).join('\n\n');
      if (note) cell.note = escapeCellText(note);
    });
    title.border = THIN;
    status.border = THIN;
    setText(row.getCell(keyCol), f.key);
  });
  const last = m.features.length + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: keyCol - 1 } };

  // Legend, below the table, in the first column (never in the hidden key column).
  let r = last + 2;
  setText(ws.getRow(r).getCell(1), 'Legend (a cell with a red corner has notes: point at it to read them)');
  ws.getRow(r).getCell(1).font = { italic: true };
  for (const [status, style] of STATUS_STYLE) {
    const cell = ws.getRow(++r).getCell(1);
    setText(cell, status);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
    cell.font = { color: { argb: style.font } };
    cell.alignment = { horizontal: 'center' };
    cell.border = THIN;
  }
  setText(ws.getRow(++r).getCell(1), 'blank: not stated');
  ws.getRow(r).getCell(1).font = { italic: true };
}

function detailsSheet(ws: Worksheet, m: Matrix): void {
  const rows = longRows(m);
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  const widths: Record<string, number> = { feature_key: 32, feature_title: 36, feature_notes: 48, notes: 48, driver_title: 24, driver_link: 30 };
  LONG_COLUMNS.forEach((c, n) => {
    const col = ws.getColumn(n + 1);
    col.width = widths[c] ?? 16;
    col.numFmt = '@';
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, n) => setText(row.getCell(n + 1), v));
  });
  for (let n = 1; n <= LONG_COLUMNS.length; n++) styleHeader(ws.getRow(1).getCell(n));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length, column: LONG_COLUMNS.length } };
}

function driversSheet(ws: Worksheet, m: Matrix): void {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  const header = ['key', 'title', 'link', 'complete', 'partial', 'missing', 'unknown'];
  [24, 36, 60, 11, 11, 11, 11].forEach((w, n) => (ws.getColumn(n + 1).width = w));
  header.forEach((h, n) => {
    setText(ws.getRow(1).getCell(n + 1), h);
    styleHeader(ws.getRow(1).getCell(n + 1));
  });
  m.drivers.forEach((d, i) => {
    const row = ws.getRow(i + 2);
    setText(row.getCell(1), d.key);
    setText(row.getCell(2), d.title);
    const link = row.getCell(3);
    if (isWebLink(d.link)) {
      link.value = { text: escapeCellText(d.link), hyperlink: d.link };
      link.font = { color: { argb: 'FF0563C1' }, underline: true };
    } else setText(link, d.link);
    ['complete', 'partial', 'missing', 'unknown'].forEach((s, n) => {
      const count = m.features.filter((f) => f.implementations.some((x) => x.driver === d.key && x.status === s)).length;
      row.getCell(4 + n).value = count;
    });
  });
}

interface ZipWriterModule {
  ZipWriter?: { prototype: { append(data: unknown, options: object): void; fmxBytes?: boolean } };
}

/**
 * exceljs gives each XML part to JSZip as a string; JSZip cuts a string into
 * 16 KiB chunks and encodes each chunk to UTF-8 alone, so a character outside
 * the BMP (a surrogate pair) astride a chunk boundary became two U+FFFD in
 * the file. Parts are handed over as UTF-8 bytes instead, which JSZip does
 * not re-encode. (exceljs 4.4.0; test/formats/xlsx-astral.test.ts fails if
 * a new version changes the module and this no longer applies.)
 */
function zipPartsAsBytes(): void {
  const zip = createRequire(import.meta.url)('exceljs/lib/utils/zip-stream.js') as ZipWriterModule;
  const proto = zip.ZipWriter?.prototype;
  if (!proto || proto.fmxBytes) return;
  const append = proto.append;
  proto.append = function (this: unknown, data: unknown, options: object) {
    return append.call(this, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options);
  };
  proto.fmxBytes = true;
}
