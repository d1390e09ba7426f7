/**
 * CSV writer, with csv-stringify. `--layout wide` (default): one row per
 * feature, one column per driver holding the cell status. `--layout long`:
 * one row per feature and driver, lossless (see `../csv-columns.ts`).
 * The formula guard (on unless `--no-formula-guard`) makes a cell that
 * starts like a formula show as text in a spreadsheet.
 */

import { stringify } from 'csv-stringify/sync';
import { error } from '../../diagnostics.js';
import type { Loaded, WriteOptions } from '../types.js';
import { joinList, type Matrix } from '../../model/matrix.js';
import { LONG_COLUMNS, META, WIDE_COLUMNS, preGuard, wideDriverHeader, type LongColumn } from '../tabular/columns.js';

export type Field = string | null;

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
  return rows;
}

type LongRow = Map<LongColumn, Field>;

/** The long layout's rows; `guarded: false` adds the meta row that says the values are raw. */
export function longRows(m: Matrix, file = '-', guarded = true): Field[][] {
  const out: LongRow[] = [];
  const driverByKey = new Map(m.drivers.map((d) => [d.key, d]));

  // Driver rows, when the cells alone would not declare every driver in order.
  const seen: string[] = [];
  const seenSet = new Set<string>();
  for (const f of m.features) {
    for (const i of f.implementations) {
      if (!seenSet.has(i.driver)) {
        seenSet.add(i.driver);
        seen.push(i.driver);
      }
    }
  }
  const declared = m.drivers.map((d) => d.key);
  const inOrder = seen.length === declared.length && seen.every((k, n) => k === declared[n]);
  if (!inOrder) {
    for (const d of m.drivers) {
      out.push(
        new Map<LongColumn, Field>([
          ['driver_key', d.key],
          ['driver_title', d.title],
          ['driver_link', d.link],
        ]),
      );
    }
  }

  for (const f of m.features) {
    if (f.key === '') throw error(file, 'a feature with an empty key cannot be written to CSV', undefined, undefined, 'csv-empty-key');
    const feature = new Map<LongColumn, Field>([
      ['feature_key', f.key],
      ['feature_title', f.title],
      ['feature_status', f.status],
      ['feature_group', f.group],
      ['feature_notes', f.notes],
      ['feature_cli', f.cli.length ? joinList(f.cli) : null],
      ['feature_api', f.api],
      ['feature_maturity', f.maturity],
      ['feature_api_doc_link', f.apiDocLink],
      ['feature_admin_doc_link', f.adminDocLink],
      ['feature_tempest_test_uuids', f.tempestTestUuids.length ? joinList(f.tempestTestUuids) : null],
    ]);
    if (f.implementations.length === 0) out.push(feature);
    for (const i of f.implementations) {
      const d = driverByKey.get(i.driver);
      const row = new Map(feature);
      row.set('driver_key', i.driver);
      row.set('driver_title', d ? d.title : null);
      row.set('driver_link', d ? d.link : null);
      row.set('status', i.status);
      row.set('notes', i.notes);
      row.set('release', i.release);
      out.push(row);
    }
  }

  const meta = (tag: string, subject: Field, name: Field, value: Field) =>
    out.push(
      new Map<LongColumn, Field>([
        ['feature_title', tag],
        ['feature_status', subject],
        ['feature_group', name],
        ['feature_notes', value],
      ]),
    );
  meta(META.dialect, null, null, m.dialect);
  if (!guarded) meta(META.unguarded, null, null, null);
  for (const d of m.drivers) for (const e of d.extras ?? []) meta(META.driverExtra, d.key, e.name, e.value);
  for (const f of m.features) for (const e of f.extras ?? []) meta(META.featureExtra, f.key, e.name, e.value);
  for (const e of m.extras ?? []) meta(META.extra, e.section, e.name, e.value);
  if (m.document) {
    meta(META.document, null, null, m.document.title);
    for (const p of m.document.preamble) meta(META.preamble, null, null, p);
    for (const p of m.document.postscript) meta(META.postscript, null, null, p);
  }

  return [[...LONG_COLUMNS], ...out.map((r) => LONG_COLUMNS.map((c) => r.get(c) ?? null))];
}

