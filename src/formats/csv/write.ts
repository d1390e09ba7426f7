/**
 * CSV writer, with csv-stringify. `--layout wide` (default): one row per
 * feature, one column per driver holding the cell status. `--layout long`:
 * one row per feature and driver, lossless (see `../tabular/`).
 * The formula guard (on unless `--no-formula-guard`) makes a cell that
 * starts like a formula show as text in a spreadsheet.
 */

import { stringify } from 'csv-stringify/sync';
import type { Loaded, WriteOptions } from '../types.js';
import { type Matrix } from '../../model/matrix.js';
import { longRows, type Field } from '../tabular/long.js';
import { META, WIDE_COLUMNS, preGuard, provenanceText, wideDriverHeader } from '../tabular/columns.js';

export interface CsvWriteOptions {
  layout?: 'wide' | 'long';
  formulaGuard?: boolean;
  bom?: boolean;
}

/** The format registry's entry point. */
export function write(loaded: Loaded, opts: WriteOptions): string {
  return emitCsv(loaded.matrix, opts, opts.file);
}

export function emitCsv(m: Matrix, opts: CsvWriteOptions = {}, file = '-'): string {
  const guard = opts.formulaGuard !== false;
  const rows = opts.layout === 'long' ? longRows(m, file, guard) : wideRows(m);
  return stringifyRows(rows, guard, opts.bom === true);
}

/** Rows to CSV text: `null` is an empty field, `""` a quoted empty one. */
export function stringifyRows(rows: Field[][], formulaGuard: boolean, bom: boolean): string {
  const records = formulaGuard ? rows.map((r) => r.map((v) => (v === null ? v : preGuard(v)))) : rows;
  return stringify(records, {
    bom,
    escape_formulas: formulaGuard,
    // empty strings quoted (an unquoted empty field is null); CR and LF always quoted
    quoted_match: [/^$/, /[\r\n]/],
    record_delimiter: 'unix',
  });
}

export function wideRows(m: Matrix): Field[][] {
  const header: Field[] = [...WIDE_COLUMNS, ...m.drivers.map((d) => wideDriverHeader(d.key, d.title))];
  const rows: Field[][] = [header];
  for (const f of m.features) {
    const row: Field[] = [f.key, f.title, f.status, f.group];
    for (const d of m.drivers) row.push(f.implementations.find((i) => i.driver === d.key)?.status ?? null);
    rows.push(row);
  }
  const provenance = wideProvenanceRow(m, header.length);
  if (provenance) rows.push(provenance);
  return rows;
}

/** The wide layout's provenance row (see tabular/columns.ts provenanceText), when the model has one. */
function wideProvenanceRow(m: Matrix, width: number): Field[] | null {
  const text = provenanceText(m.provenance);
  if (text === null) return null;
  const row: Field[] = [META.provenance, text];
  while (row.length < width) row.push(null);
  return row;
}
