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
import { newFeature, newMatrix } from '../../model/matrix.js';
import { empty, readLong, type Field, type Row } from '../tabular/long.js';
import { META, parseWideDriverHeader, startsLikeFormula, unguard } from '../tabular/columns.js';


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
  const scan = scanRecords(text, delimiter, file);
  const options = { delimiter, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] };
  let records: { record: Field[]; info: { lines: number } }[];
  try {
    // csv-parse alone, then the scan's record lines and unquoted empty fields: a `cast` callback
    // would make csv-parse build a context object per field (five times slower).
    const plain = parse(text, options) as Field[][];
    if (plain.length === scan.length && plain.every((r, n) => r.length === scan[n]!.fields)) {
      records = plain.map((record, n) => {
        for (const i of scan[n]!.blanks) record[i] = null;
        return { record, info: { lines: scan[n]!.line } };
      });
    } else {
      records = parse(text, { ...options, info: true, cast: (value, context) => (context.quoting ? value : value === '' ? null : value) }) as unknown as typeof records;
    }
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

/** Per record: the line it ends on, its number of fields, and which fields are empty without quotes. */
interface RecordScan {
  line: number;
  fields: number;
  blanks: number[];
}

/**
 * One pass over the text as csv-parse splits it (records end at CR, LF or
 * CRLF outside quotes; empty lines are skipped): where each record ends and
 * which of its fields are empty without quotes (absent, not ""). Refuses a
 * record wider than any spreadsheet before csv-parse spends seconds on a
 * million fields.
 */
export function scanRecords(text: string, delimiter: string, file: string): RecordScan[] {
  const sep = delimiter.charCodeAt(0);
  const out: RecordScan[] = [];
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let recordStart = 0;
  let fieldStart = 0;
  let fieldQuoted = false;
  let blanks: number[] = [];
  let field = 0;
  // Plain locals, no closures: this loop sees every character of the file.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (i === fieldStart) fieldQuoted = true;
      // Inside quotes up to the closing one (a doubled quote closes and opens again): csv-parse
      // counts each CR and each LF there as a line.
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x22) break;
        if (d === 0x0a || d === 0x0d) {
          line++;
          lineStart = j + 1;
        }
      }
      if (j >= n) return out; // unterminated: csv-parse reports it
      i = j;
    } else if (c === 0x0a || c === 0x0d) {
      if (i > recordStart) {
        if (!fieldQuoted && i === fieldStart) blanks.push(field);
        out.push({ line, fields: field + 1, blanks });
        blanks = [];
      }
      field = 0;
      // A CRLF that ends a record is one line.
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      recordStart = fieldStart = i + 1;
      fieldQuoted = false;
      line++;
      lineStart = i + 1;
    } else if (c === sep) {
      if (!fieldQuoted && i === fieldStart) blanks.push(field);
      field++;
      fieldStart = i + 1;
      fieldQuoted = false;
      if (field >= MAX_COLUMNS) {
        throw error(file, `more than ${MAX_COLUMNS.toLocaleString('en')} columns: no spreadsheet holds that many, and no matrix needs them`, line, i - lineStart + 2, 'csv-too-wide');
      }
    }
  }
  // The last record, when the text does not end with a line break (the line count is then the last line's).
  if (n > recordStart) {
    if (!fieldQuoted && n === fieldStart) blanks.push(field);
    out.push({ line, fields: field + 1, blanks });
  }
  return out;
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
