/**
 * CSV reader, with csv-parse: the long layout (header starting with
 * `feature_key`) back into the whole model, the wide layout (header starting
 * with `key`) into drivers, features and cell statuses. Accepts what another
 * tool may have made of our CSV: other quoting, CRLF, a BOM or none, columns
 * in another order.
 */

import { parse } from 'csv-parse/sync';
import { error } from '../../diagnostics.js';
import type { Loaded, ReadOptions, SourcePlace } from '../types.js';
import { PositionTable } from '../types.js';
import { decodeUtf8 } from '../../io/decode.js';
import { longOmissions, longTrack, readLong, type Field, type Row } from '../tabular/long.js';
import { readWide, tableLayout } from '../tabular/wide.js';
import { META, startsLikeFormula, unguard } from '../tabular/columns.js';

/** The format registry's entry point. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { text } = decodeUtf8(bytes, opts.file);
  return readCsvText(text, opts);
}

export function readCsvText(text: string, opts: ReadOptions): Loaded {
  const rows = parseRows(text, opts.file);
  if (rows.length === 0) throw error(opts.file, 'empty CSV: no header row', 1, 1, 'csv-empty');
  const header = rows[0]!.fields.map((h) => h ?? '');
  const place = placesOf(rows);
  const layout = tableLayout(header);
  if (layout === 'long') {
    const track = longTrack(place);
    const matrix = readLong(header, rows.slice(1), opts, track);
    // Another tool may have rewritten `""` (empty) as nothing (absent): with --base, the base decides.
    return { matrix, omits: longOmissions(header, track.sawMeta), positions: track.positions, repeated: track.repeated };
  }
  if (layout === 'wide') {
    const positions = new PositionTable();
    return { ...readWide(header, rows.slice(1), opts, (ref, row, column) => positions.set(ref, place(row, column))), positions };
  }
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

/** A record's place: the line it starts on (the line after the previous record) and its field number. */
function placesOf(rows: Row[]): (row: Row, column: number) => SourcePlace {
  const start = new Map<Row, number>();
  rows.forEach((r, n) => start.set(r, n === 0 ? 1 : rows[n - 1]!.line + 1));
  return (row, column) => ({ line: start.get(row) ?? row.line, column: column + 1 });
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
