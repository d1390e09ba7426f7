/**
 * CSV reader, with csv-parse: the long layout (header starting with
 * `feature_key`) back into the whole model, the wide layout (header starting
 * with `key`) into drivers, features and cell statuses. Accepts what another
 * tool may have made of our CSV: other quoting, CRLF, a BOM or none, columns
 * in another order.
 */

import { parse } from 'csv-parse/sync';
import { error, type Diagnostic } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { decodeUtf8 } from '../../io/decode.js';
import { slugify } from '../../model/keys.js';
import { DIALECTS, newFeature, newMatrix, splitList, type Dialect, type Driver, type Feature, type Matrix } from '../../model/matrix.js';
import { FEATURE_COLUMNS, LONG_COLUMNS, META, parseWideDriverHeader, startsLikeFormula, unguard, type LongColumn } from '../tabular/columns.js';

export type Field = string | null;

export interface Row {
  fields: Field[];
  /** 1-based line where the record ends. */
  line: number;
}

/** The format registry's entry point. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { text } = decodeUtf8(bytes, opts.file);
  return readCsvText(text, opts);
}

export function readCsvText(text: string, opts: ReadOptions): Loaded {
  const rows = parseRows(text, opts.file);
  if (rows.length === 0) throw error(opts.file, 'empty CSV: no header row', 1, 1, 'csv-empty');
  const header = rows[0]!.fields.map((h) => h ?? '');
  // Another tool may have rewritten `""` (empty) as nothing (absent): with --base, the base decides.
  if (header.includes('feature_key')) return { matrix: readLong(header, rows.slice(1), opts), omits: ['empty-values'] };
  if (header.includes('key') || header.includes('title')) return readWide(header, rows.slice(1), opts);
  throw error(
    opts.file,
    'not an fmx CSV: the header must name a feature_key column (long layout) or a key column (wide layout)',
    1,
    1,
    'csv-header',
  );
}

/** Records with `null` for an unquoted empty field, formula guard undone, CRLF inside fields made LF in a CRLF file. */
export function parseRows(text: string, file: string): Row[] {
  const delimiter = detectDelimiter(text);
  checkWidth(text, delimiter, file);
  let records: { record: Field[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      cast: (value, context) => (context.quoting ? value : value === '' ? null : value),
    }) as unknown as { record: Field[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number; code?: string };
    const message = (err.message ?? String(e)).replace(/ at line \d+/, '');
    throw error(file, `invalid CSV: ${message}`, typeof err.lines === 'number' ? err.lines : undefined, undefined, 'csv-syntax');
  }
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  // A file written with the guard has no field that starts like a formula; a long one written without says so.
  const guarded = !records.some((r) => r.record.some((v) => v !== null && (startsLikeFormula(v) || v === META.unguarded)));
  return records.map((r) => ({
    line: r.info.lines,
    fields: r.record.map((v) => {
      if (v === null) return v;
      let s = guarded ? unguard(v) : v;
      if (crlf) s = s.replace(/\r\n/g, '\n');
      return s;
    }),
  }));
}

/** No spreadsheet holds more columns than this (Excel's and LibreOffice's XFD). */
export const MAX_COLUMNS = 16_384;

/**
 * Refuse a record wider than any spreadsheet before csv-parse spends seconds
 * on a million fields: one pass counting separators outside quotes.
 */
function checkWidth(text: string, delimiter: string, file: string): void {
  const sep = delimiter.charCodeAt(0);
  let quoted = false;
  let fields = 1;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted; // a doubled quote inside quotes toggles twice
    else if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      line++;
      lineStart = i + 1;
      if (!quoted) fields = 1;
    } else if (c === sep && !quoted && ++fields > MAX_COLUMNS) {
      throw error(file, `more than ${MAX_COLUMNS.toLocaleString('en')} columns: no spreadsheet holds that many, and no matrix needs them`, line, i - lineStart + 2, 'csv-too-wide');
    }
  }
}

/**
 * The field separator: `,` unless the header line has more `;` or tabs
 * (spreadsheets in many locales save CSV with `;`).
 */
export function detectDelimiter(text: string): string {
  const end = text.search(/\r?\n|\r/);
  const header = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const count = (c: string) => header.split(c).length - 1;
  let best = ',';
  for (const c of [';', '\t']) if (count(c) > count(best)) best = c;
  return best;
}

const empty = (v: Field | undefined): boolean => v === null || v === undefined || v === '';

/** The long layout (also the XLSX Details sheet) into the model; `rows` exclude the header. */
export function readLong(header: string[], rows: Row[], opts: ReadOptions): Matrix {
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
        readMeta(tag!, get('feature_status'), get('feature_group'), get('feature_notes'), row.line);
        continue;
      }
      if (dk === null && row.fields.every((v) => v === null)) continue;
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
    } else {
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
    if (empty(dk) && status === null) continue; // a feature without cells
    const d = addDriver(dk ?? '', get('driver_title'), get('driver_link'));
    entry.feature.implementations.push({ driver: d.key, status: status ?? '', notes: get('notes'), release: get('release') });
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

function readWide(header: string[], rows: Row[], opts: ReadOptions): Loaded {
  const col = (name: string) => header.indexOf(name);
  const keyCol = col('key');
  const titleCol = col('title');
  const statusCol = col('status');
  const groupCol = col('group');
  const fixed = new Set<number>([keyCol, titleCol, statusCol, groupCol].filter((i) => i !== -1));
  const m = newMatrix(opts.keysFrom?.dialect ?? 'support-matrix');
  let inferred = keyCol === -1;

  const byTitle = new Map<string, string>();
  for (const d of opts.keysFrom?.drivers ?? []) if (d.title !== null && !byTitle.has(d.title)) byTitle.set(d.title, d.key);
  const featureByTitle = new Map<string, string>();
  for (const f of opts.keysFrom?.features ?? []) if (f.title !== null && !featureByTitle.has(f.title)) featureByTitle.set(f.title, f.key);

  const driverCols: { index: number; key: string }[] = [];
  const seen = new Set<string>();
  header.forEach((h, index) => {
    if (fixed.has(index)) return;
    const parsed = parseWideDriverHeader(h);
    let key = parsed.key;
    if (key === null) {
      key = byTitle.get(h) ?? slug(h);
      inferred = true;
    }
    if (seen.has(key)) throw error(opts.file, `driver ${JSON.stringify(key)} has two columns`, 1, index + 1, 'csv-header');
    seen.add(key);
    m.drivers.push({ key, title: parsed.title, link: null });
    driverCols.push({ index, key });
  });

  const warn = (d: Diagnostic) => opts.warn(d);
  for (const row of rows) {
    const get = (i: number): Field => (i === -1 ? null : (row.fields[i] ?? null));
    const title = get(titleCol);
    let key = get(keyCol);
    if (empty(key)) {
      if (empty(title)) {
        if (row.fields.every((v) => v === null)) continue;
        warn({ file: opts.file, line: row.line, message: 'a row without key nor title is skipped', severity: 'warning', ruleId: 'csv-wide' });
        continue;
      }
      key = featureByTitle.get(title!) ?? slug(title!);
      inferred = true;
    }
    const f = newFeature(key!, title);
    f.status = get(statusCol);
    f.group = get(groupCol);
    for (const { index, key: driver } of driverCols) {
      const status = get(index);
      if (status !== null) f.implementations.push({ driver, status, notes: null, release: null });
    }
    m.features.push(f);
  }
  // The summary has no notes, commands, links, releases or extras: with --base they stay as they were.
  const loaded: Loaded = { matrix: m, omits: ['notes', 'cli', 'api', 'links', 'classification', 'release', 'extras', 'empty-values'] };
  if (inferred) loaded.inferredKeys = true;
  return loaded;
}

/** A key made up from a title: `Libvirt KVM (x86)` -> `libvirt-kvm-x86` (the title itself if nothing is left). */
function slug(title: string): string {
  return slugify(title) || title;
}
