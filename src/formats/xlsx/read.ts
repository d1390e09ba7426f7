/**
 * XLSX reader, without a spreadsheet library (workbook.ts reads the parts).
 * - fmx's own workbook (a "Details" sheet in the long layout): Details gives
 *   the whole model; then every edit the "Summary" sheet shows is applied or
 *   reported (statuses, feature and driver titles, notes in comments, cleared
 *   cells) at its `Sheet!A1` position; a status that is not one is an error
 *   there. A value both sheets show, differently, is given with both copies
 *   (`Loaded.repeated`): `convert --base` tells which one is the edit.
 * - any other workbook: its first sheet, read as the CSV reader reads a
 *   table (formats/tabular: a header row naming the long or the wide layout).
 * Every message names a sheet and cell, never a part of the archive.
 */

import { error, FmxError, quote, type Diagnostic } from '../../diagnostics.js';
import { PositionTable, type Loaded, type ReadOptions, type SourcePlace, type ValueRef } from '../types.js';
import { addCopies } from '../../model/carried.js';
import { FEATURE_STATUSES, IMPLEMENTATION_STATUSES, joinStatus, splitStatus, type Matrix } from '../../model/matrix.js';
import { longOmissions, longTrack, readLong, type Field, type LongTrack, type Row } from '../tabular/long.js';
import { readWide, tableLayout } from '../tabular/wide.js';
import { DEFAULT_MAX_SIZE } from '../../io/decode.js';
import { SHEETS, STATUS_OF_SYMBOL, SUMMARY_FIXED, SUMMARY_KEY_HEADER, cellRef, parseReleaseNote, releaseNote, sheetRef } from './layout.js';
import { Workbook, type Sheet } from './workbook.js';
import { isZip, readZip } from './zip.js';

/** The format registry's entry point. */
export async function read(bytes: Uint8Array, opts: ReadOptions): Promise<Loaded> {
  if (!isZip(bytes)) throw error(opts.file, 'not an XLSX workbook (an XLSX file is a ZIP archive)', undefined, undefined, 'xlsx-invalid');
  const wb = new Workbook(readZip(bytes, opts.file, opts.maxSize ?? DEFAULT_MAX_SIZE), opts.file);
  return readWorkbook(wb, opts);
}

/** A diagnostic with a row (and field) number, as the tabular readers give it, at its `Sheet!A1` cell. */
function atCell(sheet: string, d: Diagnostic): Diagnostic {
  if (d.line === undefined) return d;
  const message = d.message.replace(/^long CSV: /, '').replace(/ from line (\d+)/, (_, n: string) => ` from row ${n}`);
  return { file: d.file, severity: d.severity, ruleId: d.ruleId, message: `${sheetRef(sheet, d.column ?? 1, d.line)}: ${message}` };
}

/** Run a tabular reader on a sheet, its messages at the sheet's cells. */
function inSheet<T>(sheet: string, opts: ReadOptions, f: (o: ReadOptions) => T): T {
  try {
    return f({ ...opts, warn: (d) => opts.warn(atCell(sheet, d)) });
  } catch (e) {
    if (e instanceof FmxError) throw new FmxError(e.diagnostics.map((d) => atCell(sheet, d)));
    throw e;
  }
}

const headerOf = (row: Row | undefined): string[] => (row ? row.fields.map((h) => h ?? '') : []);

export function readWorkbook(wb: Workbook, opts: ReadOptions): Loaded {
  const detailsAt = wb.sheetNames.indexOf(SHEETS.details);
  if (detailsAt !== -1) {
    const details = wb.sheet(detailsAt);
    const header = headerOf(details.rows[0]);
    if (tableLayout(header) === 'long') {
      const rows = details.rows.slice(1);
      // Where each value is (for messages about an edit): its Details cell, where the Summary shows it, its Summary cell.
      const track = longTrack((row, column) => ({ cell: sheetRef(details.name, column + 1, row.line) }));
      const matrix = inSheet(details.name, opts, (o) => readLong(header, rows, o, track));
      const summaryAt = wb.sheetNames.indexOf(SHEETS.summary);
      if (summaryAt !== -1) applySummary(matrix, wb.sheet(summaryAt), opts, track);
      // A workbook saved again by a spreadsheet may have lost the difference between empty and absent ('empty-values'),
      // and a user may have deleted a column of the Details sheet: what is absent comes from the base.
      return { matrix, omits: longOmissions(header, track.sawMeta), positions: track.positions, repeated: track.repeated };
    }
  }
  // Another workbook: its first sheet, as a table the CSV reader would read.
  const sheet = wb.sheet(0);
  const first = sheet.rows[0];
  if (!first) throw error(opts.file, `${sheetRef(sheet.name, 1, 1)}: the sheet is empty: fmx reads a table whose first row names its columns`, undefined, undefined, 'xlsx-sheet');
  const header = headerOf(first);
  const rows = sheet.rows.slice(1);
  const layout = tableLayout(header);
  const place = (row: Row, column: number) => ({ cell: sheetRef(sheet.name, column + 1, row.line) });
  if (layout === 'long') {
    const track = longTrack(place);
    const matrix = inSheet(sheet.name, opts, (o) => readLong(header, rows, o, track));
    return { matrix, omits: longOmissions(header, track.sawMeta), positions: track.positions, repeated: track.repeated };
  }
  if (layout === 'wide') {
    const positions = new PositionTable();
    return { ...inSheet(sheet.name, opts, (o) => readWide(header, rows, o, (ref, row, column) => positions.set(ref, place(row, column)))), positions };
  }
  throw error(
    opts.file,
    `${sheetRef(sheet.name, 1, first.line)}: not a matrix: fmx reads its own workbook (a "${SHEETS.details}" sheet), or a first sheet whose first row names ` +
      `a feature_key column (long layout) or a key or title column (wide layout), as in its CSV`,
    undefined,
    undefined,
    'xlsx-sheet',
  );
}

/** A cell status as typed: exact, or a case or symbol away from one (normalised, with why); null where it is none. */
function readCellStatus(shown: string): { status: string; why?: string } | null {
  if ((IMPLEMENTATION_STATUSES as readonly string[]).includes(shown)) return { status: shown };
  const t = shown.trim();
  const lower = t.toLowerCase();
  if ((IMPLEMENTATION_STATUSES as readonly string[]).includes(lower)) return { status: lower, why: `${quote(shown)} is read as '${lower}'` };
  const symbol = STATUS_OF_SYMBOL.get(t);
  if (symbol) return { status: symbol, why: `the symbol ${quote(shown)} is read as '${symbol}'` };
  return null;
}

/** A feature status as typed (`status` or `status(group)`), exact or a case away from one. */
function readFeatureStatus(shown: string): { status: string; group: string | null; why?: string } | null {
  const { status, group } = splitStatus(shown.trim());
  if ((FEATURE_STATUSES as readonly string[]).includes(status)) return shown === shown.trim() ? { status, group } : { status, group, why: `${quote(shown)} is read as '${joinStatus(status, group)}'` };
  const lower = status.toLowerCase();
  if ((FEATURE_STATUSES as readonly string[]).includes(lower)) return { status: lower, group, why: `${quote(shown)} is read as '${joinStatus(lower, group)}'` };
  return null;
}

/** A cell's comment shows its release and notes, where an empty value and an absent one are the same. */
function sameNote(comment: string | null, release: string | null, notes: string | null): boolean {
  const text = comment ?? '';
  const alike = (v: string | null) => (v === null || v === '' ? [null, ''] : [v]);
  return alike(release).some((r) => alike(notes).some((n) => releaseNote(r, n) === text));
}

/**
 * Apply what was edited in the Summary sheet to the model read from Details,
 * each edit with a warning at its cell; statuses that are none are errors. A
 * feature's title and status and a cell's status shown differently in the two
 * sheets are one value shown twice (`repeated`, the Summary's copy first and
 * in the model): `convert --base` takes the copy that differs from the base.
 */
function applySummary(m: Matrix, ws: Sheet, opts: ReadOptions, track: Pick<LongTrack, 'positions' | 'locate' | 'repeated'>): void {
  const { positions, locate, repeated } = track;
  const errors: Diagnostic[] = [];
  const at = (col: number, row: number, message: string, ruleId: string, severity: 'warning' | 'error' = 'warning') => {
    const d: Diagnostic = { file: opts.file, message: `${sheetRef(ws.name, col, row)}: ${message}`, severity, ruleId };
    if (severity === 'error') errors.push(d);
    else opts.warn(d);
  };
  const headerRow = ws.rows[0];
  if (!headerRow) return;
  const header = headerRow.fields;
  const top = headerRow.line;
  const keyCol = header.lastIndexOf(SUMMARY_KEY_HEADER) + 1;
  if (keyCol === 0) {
    at(1, top, `the sheet has no "${SUMMARY_KEY_HEADER}" column (hidden, after the drivers): its edits cannot be matched to features and are not read; edit the ${SHEETS.details} sheet`, 'xlsx-summary-edit');
    return;
  }
  const first = SUMMARY_FIXED.length + 1;
  // A spreadsheet that saves the workbook again may drop empty cells (and Details' empty values with them):
  // blank and absent are the same here, as everywhere the model is read with 'empty-values'.
  const same = (shown: Field, value: string | null) => (shown ?? '') === (value ?? '');
  const sameTitle = (shown: Field, title: string | null, key: string) => (title === null ? shown === null || shown === key : same(shown, title));
  // Driver columns by title (columns may have been moved); a column whose title names no driver is the
  // driver at its place, its title edited, when there are as many columns as drivers and that driver has no other.
  const columns = new Map<number, string>();
  const matched = new Set<string>();
  const unmatched: number[] = [];
  for (let c = first; c < keyCol; c++) {
    const title = header[c - 1] ?? null;
    const d = m.drivers.find((x) => !matched.has(x.key) && sameTitle(title, x.title, x.key));
    if (d) {
      columns.set(c, d.key);
      matched.add(d.key);
    } else unmatched.push(c);
  }
  const positional = keyCol - first === m.drivers.length;
  for (const c of unmatched) {
    const title = header[c - 1] ?? null;
    const d = positional ? m.drivers[c - first] : undefined;
    if (d && !matched.has(d.key)) {
      at(c, top, `driver ${d.key}: title ${JSON.stringify(title)} in the Summary, ${JSON.stringify(d.title)} in ${SHEETS.details}: the Summary is used`, 'xlsx-summary-edit');
      d.title = title;
      columns.set(c, d.key);
      matched.add(d.key);
    } else at(c, top, `the column ${JSON.stringify(title)} names no driver of the ${SHEETS.details} sheet: its cells are not read`, 'xlsx-summary-edit');
  }

  // Where Details shows a value (messages name the Summary's cell for it).
  const inDetails = (feature: string, field: string, driver?: string) => locate(driver === undefined ? { feature, field } : { feature, driver, field });
  /** A value the Summary shows as `shown` and Details as `value` (at `at`): the Summary's copy, the model's, joins the Details rows' own. */
  const twice = (ref: ValueRef, shown: string | null, here: SourcePlace, value: string | null, at: SourcePlace | undefined) =>
    addCopies(repeated, ref, { value: shown, at: here }, { value, at: at ?? here });

  const byKey = new Map(m.features.map((f) => [f.key, f]));
  const seen = new Set<string>();
  for (const row of ws.rows) {
    const r = row.line;
    if (r <= top) continue;
    const get = (c: number): Field => row.fields[c - 1] ?? null;
    const key = get(keyCol);
    if (key === null) continue; // the legend, or a blank row
    const f = byKey.get(key);
    if (!f) {
      at(keyCol, r, `feature ${JSON.stringify(key)} is not in the ${SHEETS.details} sheet: a row added to the Summary is not read; add the feature in ${SHEETS.details}`, 'xlsx-summary-edit');
      continue;
    }
    seen.add(key);
    const comment = (c: number): string | null => ws.comments.get(cellRef(c, r)) ?? null;
    const here = (c: number) => ({ cell: sheetRef(ws.name, c, r) });
    positions.put({ feature: f.key, field: 'row' }, here(1));
    positions.put({ feature: f.key, field: 'title' }, here(1));
    positions.put({ feature: f.key, field: 'status' }, here(2));
    for (const [c, driver] of columns) positions.put({ feature: f.key, driver, field: 'status' }, here(c));

    const title = get(1);
    if (!sameTitle(title, f.title, f.key)) {
      twice({ feature: f.key, field: 'title' }, title, here(1), f.title, inDetails(f.key, 'title'));
      f.title = title;
    }
    const notes = comment(1);
    if (!same(notes, f.notes)) {
      at(1, r, `feature ${f.key}: notes edited in the Summary's comment: the comment is used`, 'xlsx-summary-edit');
      f.notes = notes === '' ? null : notes;
    }

    const status = get(2);
    if (!same(status, joinStatus(f.status, f.group))) {
      if (status === null) {
        at(2, r, `feature ${f.key}: status cleared in the Summary (was ${JSON.stringify(joinStatus(f.status, f.group))}): the feature has no status`, 'xlsx-summary-edit');
        f.status = null;
        f.group = null;
      } else {
        const s = readFeatureStatus(status);
        if (!s) at(2, r, `${quote(status)} is not a feature status: ${FEATURE_STATUSES.join(', ')} (optionally with a (group))`, 'feature-status-invalid', 'error');
        else {
          if (s.why) at(2, r, `feature ${f.key}: ${s.why}`, 'xlsx-summary-edit');
          if (s.status !== f.status) twice({ feature: f.key, field: 'status' }, s.status, here(2), f.status, inDetails(f.key, 'status'));
          if (s.group !== f.group) twice({ feature: f.key, field: 'group' }, s.group, here(2), f.group, inDetails(f.key, 'group'));
          f.status = s.status;
          f.group = s.group;
        }
      }
    }

    for (const [c, driver] of columns) {
      const shown = get(c);
      const index = f.implementations.findIndex((x) => x.driver === driver);
      const impl = index === -1 ? undefined : f.implementations[index]!;
      if (shown === null) {
        if (impl && impl.status !== '') {
          if (opts.allowDeletions) {
            at(c, r, `feature ${f.key}, driver ${driver}: status cleared in the Summary (was ${JSON.stringify(impl.status)}): the cell is deleted`, 'xlsx-summary-cleared');
            f.implementations.splice(index, 1);
          } else {
            at(c, r, `feature ${f.key}, driver ${driver}: status cleared (was ${JSON.stringify(impl.status)}): that would delete the cell; give it a status (unknown if not known), or pass --allow-deletions`, 'cell-deleted', 'error');
          }
        } else if (comment(c)) {
          at(c, r, `feature ${f.key}, driver ${driver}: a comment on a cell without a status is not read: give the cell a status`, 'xlsx-summary-edit');
        }
        continue;
      }
      if (!impl || shown !== impl.status) {
        const s = readCellStatus(shown);
        if (!s) {
          at(c, r, `${quote(shown)} is not a cell status: ${IMPLEMENTATION_STATUSES.join(', ')}`, 'cell-status-invalid', 'error');
          continue;
        }
        const why = s.why ? ` (${s.why})` : '';
        if (impl) {
          if (s.why) at(c, r, `feature ${f.key}, driver ${driver}: ${s.why}`, 'xlsx-summary-edit');
          if (s.status !== impl.status) twice({ feature: f.key, driver, field: 'status' }, s.status, here(c), impl.status, inDetails(f.key, 'status', driver));
          impl.status = s.status;
        } else {
          at(c, r, `feature ${f.key}, driver ${driver}: ${JSON.stringify(shown)} added in the Summary${why}`, 'xlsx-summary-edit');
          f.implementations.push({ driver, status: s.status, notes: null, release: null });
        }
      }
      const cell = f.implementations.find((x) => x.driver === driver)!;
      const note = comment(c);
      if (!sameNote(note, cell.release, cell.notes)) {
        const edited = parseReleaseNote(note);
        at(c, r, `feature ${f.key}, driver ${driver}: notes edited in the Summary's comment: the comment is used`, 'xlsx-summary-edit');
        cell.release = edited.release;
        cell.notes = edited.notes;
      }
    }
  }
  for (const f of m.features) {
    if (!seen.has(f.key)) at(keyCol, top, `feature ${f.key} has no row in the Summary: it is read from the ${SHEETS.details} sheet unchanged`, 'xlsx-summary-edit');
  }
  if (errors.length) throw new FmxError(errors);
}
