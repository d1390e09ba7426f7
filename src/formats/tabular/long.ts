/**
 * The long layout, which the long CSV and the XLSX Details sheet share: one
 * row per feature and driver, lossless (columns in ./columns.ts). Both
 * directions live here so that the two formats stay one layout.
 */

import { error } from '../../diagnostics.js';
import type { Omission, ReadOptions, Repeated, SourcePlace, ValueRef } from '../types.js';
import { PositionTable } from '../types.js';
import {
  joinList,
  markProvenance,
  newFeature,
  newMatrix,
  splitList,
  DIALECTS,
  PROVENANCE_FLAGS,
  type Dialect,
  type Driver,
  type Feature,
  type Matrix,
  type Provenance,
} from '../../model/matrix.js';
import { FEATURE_COLUMNS, LONG_COLUMNS, META, parseProvenanceText, provenanceText, type LongColumn } from './columns.js';

/** A field: `null` is an empty field, `""` a quoted empty one. */
export type Field = string | null;

export interface Row {
  fields: Field[];
  /** 1-based line where the record ends. */
  line: number;
}

export const empty = (v: Field | undefined): boolean => v === null || v === undefined || v === '';

/**
 * Where a long table's values are, filled by `readLong` when given: each
 * value's place (`place` turns a row and a 0-based column into the format's
 * own: a line and field number in CSV, `Sheet!A1` in a workbook), and the
 * feature fields whose copies on the feature's rows disagree. Made by
 * `longTrack`: `positions` looks a value's place up when a message asks for
 * it (from the first row that holds the value), rather than recording some
 * fifteen places for every row up front.
 */
export interface LongTrack {
  place(row: Row, column: number): SourcePlace;
  positions: PositionTable;
  /** Where the table itself shows a value (what `positions` gives until a place is put over it). */
  locate(ref: ValueRef): SourcePlace | undefined;
  repeated: Repeated<SourcePlace>[];
  /** Whether the table has meta rows (`fmx:dialect`...): a table without them was not written by fmx. */
  sawMeta: boolean;
  /** What `readLong` records for `positions`: the first row of each feature, cell and driver. */
  rows: LongRows;
}

interface LongRows {
  index: Map<LongColumn, number>;
  feature: Map<string, Row>;
  /** By `feature\u0000driver`. */
  cell: Map<string, Row>;
  driver: Map<string, Row>;
}

/** A track for `readLong` whose places are made by `place`. */
export function longTrack(place: (row: Row, column: number) => SourcePlace): LongTrack {
  const rows: LongRows = { index: new Map(), feature: new Map(), cell: new Map(), driver: new Map() };
  const at = (row: Row | undefined, c: LongColumn): SourcePlace | undefined => {
    const i = rows.index.get(c);
    return row === undefined || i === undefined ? undefined : place(row, i);
  };
  const locate = (ref: ValueRef): SourcePlace | undefined => {
    if (ref.feature === undefined) {
      if (ref.driver === undefined) return undefined;
      const row = rows.driver.get(ref.driver);
      return ref.field === 'title' ? at(row, 'driver_title') : ref.field === 'link' ? at(row, 'driver_link') : undefined;
    }
    if (ref.driver !== undefined) {
      const c = CELL_COLUMN[ref.field];
      return c ? at(rows.cell.get(`${ref.feature}\u0000${ref.driver}`), c) : undefined;
    }
    const c = ref.field === 'row' ? 'feature_key' : COLUMN_OF_FIELD.get(ref.field);
    return c ? at(rows.feature.get(ref.feature), c) : undefined;
  };
  return { place, positions: new PositionTable(locate), locate, repeated: [], sawMeta: false, rows };
}

/** The column of each field of a cell. */
const CELL_COLUMN: Partial<Record<string, LongColumn>> = { status: 'status', notes: 'notes', release: 'release' };

/** The model field each feature column of the long layout holds. */
const FEATURE_FIELD: Partial<Record<LongColumn, string>> = {
  feature_title: 'title',
  feature_status: 'status',
  feature_group: 'group',
  feature_notes: 'notes',
  feature_cli: 'cli',
  feature_api: 'api',
  feature_maturity: 'maturity',
  feature_api_doc_link: 'apiDocLink',
  feature_admin_doc_link: 'adminDocLink',
  feature_tempest_test_uuids: 'tempestTestUuids',
};
const COLUMN_OF_FIELD = new Map(Object.entries(FEATURE_FIELD).map(([c, f]) => [f!, c as LongColumn]));

/** What a long table whose header lacks some columns (or that has no meta rows) does not carry. */
export function longOmissions(header: readonly string[], sawMeta: boolean): Omission[] {
  const lacks = (c: LongColumn) => !header.includes(c);
  const out: Omission[] = ['empty-values'];
  if (lacks('feature_title')) out.push('feature-title');
  if (lacks('feature_status') && lacks('feature_group')) out.push('feature-status');
  if (lacks('feature_notes')) out.push('feature-notes');
  if (lacks('feature_cli')) out.push('cli');
  if (lacks('feature_api')) out.push('api');
  if (['feature_maturity', 'feature_api_doc_link', 'feature_admin_doc_link', 'feature_tempest_test_uuids'].every((c) => lacks(c as LongColumn))) out.push('classification');
  if (lacks('driver_title')) out.push('driver-title');
  if (lacks('driver_link')) out.push('links');
  if (lacks('notes')) out.push('cell-notes');
  if (lacks('release')) out.push('release');
  if (!sawMeta) out.push('extras');
  return out;
}

/**
 * Record a feature row for `track.positions` (the first row of its feature,
 * cell and driver) and compare its copies of the feature's fields with the
 * first row's: a field gets a list of its distinct values (with where each
 * was first seen) once a row disagrees.
 */
function trackRow(track: LongTrack, row: Row, feature: string, driver: string | null, copies: Map<string, FeatureCopies>): void {
  const rows = track.rows;
  const first = copies.get(feature);
  if (!first) {
    copies.set(feature, { row, lists: null });
    rows.feature.set(feature, row);
  } else {
    for (let n = 0; n < FEATURE_COLUMNS.length; n++) {
      const c = FEATURE_COLUMNS[n]!;
      const i = rows.index.get(c);
      if (i === undefined || !FEATURE_FIELD[c]) continue;
      const value = row.fields[i] ?? null;
      const was = first.row.fields[i] ?? null;
      if ((value ?? '') === (was ?? '')) continue;
      first.lists ??= new Map();
      let list = first.lists.get(n);
      if (!list) first.lists.set(n, (list = [{ value: was, at: track.place(first.row, i) }]));
      if (!list.some((x) => (x.value ?? '') === (value ?? ''))) list.push({ value, at: track.place(row, i) });
    }
  }
  if (driver === null) return;
  const cell = `${feature}\u0000${driver}`;
  if (!rows.cell.has(cell)) rows.cell.set(cell, row);
  if (!rows.driver.has(driver)) rows.driver.set(driver, row);
}

/** A feature's first row, and the lists of distinct values of its fields whose copies disagree (by column number). */
interface FeatureCopies {
  row: Row;
  lists: Map<number, { value: Field; at: SourcePlace }[]> | null;
}

/** The long layout (also the XLSX Details sheet) into the model; `rows` exclude the header. */
export function readLong(header: string[], rows: Row[], opts: ReadOptions, track?: LongTrack): Matrix {
  const copies = new Map<string, FeatureCopies>();
  const index = track?.rows.index ?? new Map<LongColumn, number>();
  for (const c of LONG_COLUMNS) {
    const i = header.indexOf(c);
    if (i !== -1) index.set(c, i);
  }
  for (const c of ['driver_key', 'status'] as const) {
    if (!index.has(c)) throw error(opts.file, `long CSV: the header has no ${c} column`, 1, 1, 'csv-header');
  }
  const file = opts.file;
  const m = newMatrix(opts.keysFrom?.dialect ?? 'support-matrix');
  const drivers = new Map<string, Driver>();
  const features = new Map<string, { feature: Feature; line: number; fields: Field[] }>();

  const addDriver = (key: string, title: Field, link: Field): Driver => {
    let d = drivers.get(key);
    if (!d) {
      d = { key, title, link };
      drivers.set(key, d);
      m.drivers.push(d);
    }
    return d;
  };

  for (const row of rows) {
    const get = (c: LongColumn): Field => {
      const i = index.get(c);
      return i === undefined ? null : (row.fields[i] ?? null);
    };
    const fk = get('feature_key');
    const dk = get('driver_key');
    if (empty(fk)) {
      const tag = get('feature_title');
      if (!empty(tag) && empty(dk)) {
        // Without the columns that hold their subject, name and value (a user deleted one), meta rows are not read.
        if (track && tag!.startsWith('fmx:') && !(['feature_status', 'feature_group', 'feature_notes'] as const).every((c) => index.has(c))) continue;
        if (track && tag!.startsWith('fmx:')) track.sawMeta = true;
        readMeta(tag!, get('feature_status'), get('feature_group'), get('feature_notes'), row.line);
        continue;
      }
      if (dk === null && row.fields.every((v) => v === null)) continue;
      // A meta row whose tag column a user deleted declares nothing.
      if (track && empty(dk) && !index.has('feature_title')) continue;
      addDriver(dk ?? '', get('driver_title'), get('driver_link'));
      continue;
    }
    const key = fk!;
    let entry = features.get(key);
    if (!entry) {
      const fields = FEATURE_COLUMNS.map((c) => get(c));
      const f = newFeature(key, get('feature_title'));
      f.status = get('feature_status');
      f.group = get('feature_group');
      f.notes = get('feature_notes');
      f.cli = splitList(get('feature_cli'));
      f.api = get('feature_api');
      f.maturity = get('feature_maturity');
      f.apiDocLink = get('feature_api_doc_link');
      f.adminDocLink = get('feature_admin_doc_link');
      f.tempestTestUuids = splitList(get('feature_tempest_test_uuids'));
      entry = { feature: f, line: row.line, fields };
      features.set(key, entry);
      m.features.push(f);
    } else if (!track) {
      const differs = FEATURE_COLUMNS.filter((c, n) => (get(c) ?? '') !== (entry!.fields[n] ?? ''));
      if (differs.length) {
        opts.warn({
          file,
          line: row.line,
          message: `feature ${key}: ${differs.join(', ')} differ from line ${entry.line}; the first row's values are kept`,
          severity: 'warning',
          ruleId: 'csv-feature-conflict',
        });
      }
    }
    const status = get('status');
    if (track) trackRow(track, row, key, empty(dk) && status === null ? null : dk ?? '', copies);
    if (empty(dk) && status === null) continue; // a feature without cells
    const d = addDriver(dk ?? '', get('driver_title'), get('driver_link'));
    entry.feature.implementations.push({ driver: d.key, status: status ?? '', notes: get('notes'), release: get('release') });
  }
  if (track) {
    for (const [feature, { lists }] of copies) {
      if (!lists) continue;
      FEATURE_COLUMNS.forEach((c, n) => {
        const list = lists.get(n);
        if (list && list.length > 1) track.repeated.push({ ref: { feature, field: FEATURE_FIELD[c]! }, copies: list });
      });
    }
  }
  return m;

  function readMeta(tag: string, subject: Field, name: Field, value: Field, line: number): void {
    switch (tag) {
      case META.unguarded:
        return;
      case META.dialect:
        if (value === null || !(DIALECTS as readonly string[]).includes(value)) {
          throw error(file, `${META.dialect}: expected one of ${DIALECTS.join(', ')}`, line, undefined, 'csv-long');
        }
        m.dialect = value as Dialect;
        return;
      case META.provenance:
        markProvenance(m, readProvenanceCell(value, opts, line));
        return;
      case META.document:
        (m.document ??= { title: null, preamble: [], postscript: [] }).title = value;
        return;
      case META.preamble:
        (m.document ??= { title: null, preamble: [], postscript: [] }).preamble.push(value ?? '');
        return;
      case META.postscript:
        (m.document ??= { title: null, preamble: [], postscript: [] }).postscript.push(value ?? '');
        return;
      case META.extra:
        (m.extras ??= []).push({ section: subject ?? '', name: name ?? '', value: value ?? '' });
        return;
      case META.driverExtra: {
        const d = drivers.get(subject ?? '');
        if (!d) throw error(file, `${META.driverExtra}: no driver ${JSON.stringify(subject ?? '')} above`, line, undefined, 'csv-long');
        (d.extras ??= []).push({ name: name ?? '', value: value ?? '' });
        return;
      }
      case META.featureExtra: {
        const f = features.get(subject ?? '');
        if (!f) throw error(file, `${META.featureExtra}: no feature ${JSON.stringify(subject ?? '')} above`, line, undefined, 'csv-long');
        (f.feature.extras ??= []).push({ name: name ?? '', value: value ?? '' });
        return;
      }
      default:
        if (tag.startsWith('fmx:')) throw error(file, `unknown meta row ${JSON.stringify(tag)}`, line, undefined, 'csv-long');
        throw error(file, `a row without feature_key nor driver_key (feature_title ${JSON.stringify(tag)})`, line, undefined, 'csv-long');
    }
  }
}

/** A provenance cell (`provenanceText`) of the long or the wide layout; an unknown flag is warned about and skipped. */
export function readProvenanceCell(value: Field, opts: ReadOptions, line: number): Provenance {
  return parseProvenanceText(value, (word) =>
    opts.warn({
      file: opts.file,
      line,
      message: `${META.provenance}: unknown flag ${JSON.stringify(word)} is ignored (fmx knows ${PROVENANCE_FLAGS.join(', ')})`,
      severity: 'warning',
      ruleId: 'csv-provenance',
    }),
  );
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
  const provenance = provenanceText(m.provenance);
  if (provenance !== null) meta(META.provenance, null, null, provenance);
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

