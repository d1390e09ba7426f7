/**
 * The long layout, which the long CSV and the XLSX Details sheet share: one
 * row per feature and driver, lossless (columns in ./columns.ts). Both
 * directions live here so that the two formats stay one layout.
 */

import { error } from '../../diagnostics.js';
import type { Omission, ReadOptions, Repeated, SourcePlace } from '../types.js';
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
 * feature fields whose copies on the feature's rows disagree.
 */
export interface LongTrack {
  place(row: Row, column: number): SourcePlace;
  positions: PositionTable;
  repeated: Repeated<SourcePlace>[];
  /** Whether the table has meta rows (`fmx:dialect`...): a table without them was not written by fmx. */
  sawMeta: boolean;
}

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

/** Record where a feature row's values are, and the feature fields whose copies disagree. */
function trackRow(track: LongTrack, index: Map<LongColumn, number>, row: Row, feature: string, driver: string | null, copies: Map<string, { value: Field; at: SourcePlace }[]>): void {
  const at = (c: LongColumn) => {
    const i = index.get(c);
    return i === undefined ? undefined : track.place(row, i);
  };
  track.positions.set({ feature, field: 'row' }, at('feature_key'));
  for (const c of FEATURE_COLUMNS) {
    const field = FEATURE_FIELD[c];
    const i = index.get(c);
    if (!field || i === undefined) continue;
    track.positions.set({ feature, field }, track.place(row, i));
    const value = row.fields[i] ?? null;
    const k = `${feature}\u0000${field}`;
    const list = copies.get(k);
    if (!list) copies.set(k, [{ value, at: track.place(row, i) }]);
    else if (!list.some((x) => (x.value ?? '') === (value ?? ''))) list.push({ value, at: track.place(row, i) });
  }
  if (driver === null) return;
  for (const [c, field] of [['status', 'status'], ['notes', 'notes'], ['release', 'release']] as const) {
    track.positions.set({ feature, driver, field }, at(c));
  }
  track.positions.set({ driver, field: 'title' }, at('driver_title'));
  track.positions.set({ driver, field: 'link' }, at('driver_link'));
}

/** The long layout (also the XLSX Details sheet) into the model; `rows` exclude the header. */
export function readLong(header: string[], rows: Row[], opts: ReadOptions, track?: LongTrack): Matrix {
  const copies = new Map<string, { value: Field; at: SourcePlace }[]>();
  const index = new Map<LongColumn, number>();
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
    const fields = FEATURE_COLUMNS.map((c) => get(c));
    if (!entry) {
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
      const differs = FEATURE_COLUMNS.filter((c, n) => (fields[n] ?? '') !== (entry!.fields[n] ?? ''));
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
    if (track) trackRow(track, index, row, key, empty(dk) && status === null ? null : dk ?? '', copies);
    if (empty(dk) && status === null) continue; // a feature without cells
    const d = addDriver(dk ?? '', get('driver_title'), get('driver_link'));
    entry.feature.implementations.push({ driver: d.key, status: status ?? '', notes: get('notes'), release: get('release') });
  }
  if (track) {
    for (const [k, list] of copies) {
      if (list.length < 2) continue;
      const [feature, field] = k.split('\u0000') as [string, string];
      track.repeated.push({ ref: { feature, field }, copies: list.map((c) => ({ value: c.value, at: c.at })) });
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

