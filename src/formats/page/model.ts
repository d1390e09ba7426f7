/**
 * What a published matrix page says, read by the text or the HTML reader,
 * and how it becomes the canonical model: keys (made up, taken from ids, or
 * mapped with `--keys-from`), order, the summary table cross-check, and the
 * warnings for what the page does not explain.
 */

import type { Diagnostic } from '../../diagnostics.js';
import { quote } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { foldSpace, foldTypography } from '../../model/fold.js';
import {
  FEATURE_STATUSES,
  IMPLEMENTATION_STATUSES,
  markProvenance,
  newFeature,
  newMatrix,
  splitStatus,
  type Feature,
  type Implementation,
  type Matrix,
} from '../../model/matrix.js';
import {
  ambiguityMessage,
  driverIdFromCellId,
  driverIds,
  featureIds,
  featureKeyFromId,
  KeyAllocator,
  matchKeys,
  orderLike,
  slugify,
  titleKey,
  type KeyMatch,
} from '../../model/keys.js';

/**
 * Which renderer made the page: nova's own extension up to 17.0.0 (`drivers:`,
 * feature notes after `Status:`; the INI was in the targets dialect), or
 * sphinx-feature-classification (`Driver Support:`, `Notes:`).
 */
export type Renderer = 'nova' | 'sfc';

export interface PageCell {
  title: string;
  /** The HTML id of the cell's status (`<feature id>_driver_<key>`). */
  id: string | null;
  status: string;
  notes: string | null;
  line?: number;
}

export interface PageFeature {
  title: string;
  /** The HTML id of the feature title (the key with non-alphanumerics as `_`). */
  id: string | null;
  /** As shown: `optional`, `choice(console)`. */
  status: string | null;
  notes: string | null;
  cli: string[];
  api: string | null;
  cells: PageCell[];
  line?: number;
}

/** A driver column of the summary table. */
export interface PageColumn {
  title: string;
  link: string | null;
  line?: number;
}

/** One row of a structured summary table (HTML). */
export interface SummaryRow {
  title: string;
  id: string | null;
  status: string | null;
  cells: { status: string | null; symbol: string; line?: number }[];
  line?: number;
}

/** A summary table symbol seen in text, in reading order. */
export interface SummarySymbol {
  symbol: string;
  line: number;
}

export interface PageData {
  renderer: Renderer;
  title: string | null;
  preamble: string[];
  postscript: string[];
  features: PageFeature[];
  /** Driver columns of the summary table, when the page shows them structurally. */
  columns: PageColumn[] | null;
  /** Rows of the summary table (HTML). */
  summaryRows: SummaryRow[] | null;
  /** The table's ✔ ✖ ? in reading order (text). Null when the page has no table. */
  summarySymbols: SummarySymbol[] | null;
}

export const IMPLEMENTATION_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['complete', '\u2714'],
  ['partial', '\u2714'],
  ['missing', '\u2716'],
  ['incomplete', '\u2716'],
  ['unknown', '?'],
]);

const KNOWN_CELL_STATUSES = new Set<string>([...IMPLEMENTATION_STATUSES, 'incomplete']);
const KNOWN_FEATURE_STATUSES = new Set<string>([...FEATURE_STATUSES, 'required', 'conditional']);

/** Python's `sorted()` over str: by code point. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

interface DriverSlot {
  title: string;
  link: string | null;
  /** The driver part of a cell id, when the page has ids. */
  idPart: string | null;
  key: string;
  /** Where the page first shows the driver. */
  line?: number;
}

/** Turn what a page says into the model. */
export function buildLoaded(page: PageData, opts: ReadOptions): Loaded {
  const warn = (message: string, line: number | undefined, ruleId: string) => {
    const d: Diagnostic = { file: opts.file, line, message, severity: 'warning', ruleId };
    opts.warn(d);
  };
  const base = opts.keysFrom;
  let inferred = false;

  // Drivers: the summary header's columns, then any title the details add.
  const slots: DriverSlot[] = [];
  const slotByTitle = new Map<string, DriverSlot>();
  // The summary header and the details name a driver alike up to typography (Sphinx writes
  // “...” in one and ”...” in the other for a title with literal quotes): match as diff does.
  const addSlot = (title: string, link: string | null, line?: number): DriverSlot => {
    const k = titleKey(title);
    let s = slotByTitle.get(k);
    if (!s) {
      s = { title: foldSpace(title), link, idPart: null, key: '', line };
      slotByTitle.set(k, s);
      slots.push(s);
    } else if (s.link === null && link !== null) s.link = link;
    return s;
  };
  for (const c of page.columns ?? []) addSlot(c.title, c.link, c.line);
  for (const f of page.features) {
    for (const c of f.cells) {
      const s = addSlot(c.title, null, c.line);
      s.line ??= c.line;
      if (s.idPart === null && c.id !== null) s.idPart = driverIdFromCellId(c.id, f.id);
    }
  }

  // Driver keys.
  const dMatch = base ? matchKeys(slots.map((s) => ({ title: s.title, id: s.idPart })), base.drivers.map((d) => ({ ...d, ids: driverIds(d.key) }))) : null;
  const dAlloc = new KeyAllocator();
  const pendingDrivers: DriverSlot[] = [];
  slots.forEach((s, i) => {
    const real = dMatch?.keys[i] ?? null;
    if (real !== null) {
      s.key = real;
      dAlloc.reserve(real);
    } else pendingDrivers.push(s);
  });
  for (const s of pendingDrivers) {
    inferred = true;
    let wanted = s.idPart !== null ? s.idPart.replace(page.renderer === 'sfc' ? /^driver_/ : /^$/, '') : slugify(s.title);
    if (wanted === '') wanted = 'driver';
    s.key = dAlloc.take(wanted);
    if (base && !ambiguousTitle(dMatch!, s.title)) warn(`--keys-from has no driver titled ${quote(s.title)}: its key ${quote(s.key)} is made up`, s.line, 'page-key-unmatched');
  }
  for (const a of dMatch?.ambiguous ?? []) warn(ambiguityMessage('driver', a, '--keys-from', quote), slots.find((s) => titleKey(s.title) === titleKey(a.title))?.line, 'page-key-ambiguous');

  // Feature keys.
  const fMatch = base ? matchKeys(page.features, base.features.map((f) => ({ ...f, ids: featureIds(f.key) }))) : null;
  const fAlloc = new KeyAllocator();
  const fKeys: (string | null)[] = page.features.map((_, i) => {
    const real = fMatch?.keys[i] ?? null;
    if (real !== null) fAlloc.reserve(real);
    return real;
  });
  page.features.forEach((f, i) => {
    if (fKeys[i] !== null) return;
    inferred = true;
    const slug = slugify(f.title);
    const wanted = f.id !== null ? featureKeyFromId(f.id) : 'operation.' + (slug === '' ? 'feature' : slug);
    fKeys[i] = fAlloc.take(wanted);
    if (base && !ambiguousTitle(fMatch!, f.title)) warn(`--keys-from has no feature titled ${quote(f.title)}: its key ${quote(fKeys[i]!)} is made up`, f.line, 'page-key-unmatched');
  });
  for (const a of fMatch?.ambiguous ?? []) warn(ambiguityMessage('feature', a, '--keys-from', quote), page.features.find((f) => titleKey(f.title) === titleKey(a.title))?.line, 'page-key-ambiguous');

  const m: Matrix = newMatrix(page.renderer === 'nova' ? 'targets' : 'support-matrix');
  for (const s of slots) m.drivers.push({ key: s.key, title: s.title, link: s.link });

  page.features.forEach((pf, i) => {
    const f: Feature = newFeature(fKeys[i]!, pf.title);
    if (pf.status !== null) {
      const s = splitStatus(pf.status);
      f.status = s.status;
      f.group = s.group;
      if (!KNOWN_FEATURE_STATUSES.has(s.status)) {
        warn(`feature ${quote(pf.title)} has status ${quote(pf.status)}, which upstream's renderers do not explain`, pf.line, 'page-unknown-status');
      }
    }
    f.notes = pf.notes;
    f.cli = [...pf.cli];
    f.api = pf.api;
    const seen = new Set<string>();
    for (const c of pf.cells) {
      const slot = slotByTitle.get(titleKey(c.title))!;
      if (seen.has(slot.key)) {
        warn(`feature ${quote(pf.title)} lists driver ${quote(c.title)} twice; the first is kept`, c.line, 'page-duplicate-cell');
        continue;
      }
      seen.add(slot.key);
      if (!KNOWN_CELL_STATUSES.has(c.status)) {
        warn(`driver ${quote(c.title)} of ${quote(pf.title)} has status ${quote(c.status)}, which upstream's renderers do not explain`, c.line, 'page-unknown-status');
      }
      const impl: Implementation = { driver: slot.key, status: c.status, notes: c.notes, release: null };
      f.implementations.push(impl);
    }
    m.features.push(f);
  });
  // With --keys-from: the base's driver order, and each feature's cells in the base feature's order.
  if (base) orderLike(m, base);

  m.document = { title: page.title, preamble: [...page.preamble], postscript: [...page.postscript] };
  crossCheck(page, warn);
  // What a page cannot show follows from this (model/carried.ts originOmissions), in every format it is saved in.
  markProvenance(m, { foldedText: true, inferredKeys: inferred });
  return { matrix: m };
}

function ambiguousTitle(match: KeyMatch, title: string): boolean {
  return match.ambiguous.some((a) => titleKey(a.title) === titleKey(title));
}

type Warn = (message: string, line: number | undefined, ruleId: string) => void;

function symbolOf(status: string): string {
  return IMPLEMENTATION_SYMBOLS.get(status) ?? '';
}

/** The summary table, when present, must agree with the details. */
/** Detailed disagreements reported before the rest are counted in one warning. */
const MAX_DETAILED = 5;

function crossCheck(page: PageData, warn: Warn): void {
  let n = 0;
  let first: number | undefined;
  const limited: Warn = (message, line, ruleId) => {
    if (n === 0) first = line;
    if (++n <= MAX_DETAILED) warn(message, line, ruleId);
  };
  if (page.summaryRows) checkRows(page, page.summaryRows, limited);
  else if (page.summarySymbols && page.summarySymbols.length) checkSymbols(page, page.summarySymbols, limited);
  if (n > MAX_DETAILED) {
    warn(`the summary table disagrees with the details in ${n - MAX_DETAILED} more places (${n} in all; the details are what the model holds)`, first, 'page-summary-mismatch');
  }
}

function checkRows(page: PageData, rows: SummaryRow[], warn: Warn): void {
  const features = page.features;
  if (rows.length !== features.length) {
    warn(`the summary table has ${rows.length} features, the details ${features.length}`, rows[0]?.line, 'page-summary-mismatch');
  }
  const columns = page.columns ?? [];
  const n = Math.min(rows.length, features.length);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const f = features[i]!;
    if (titleKey(r.title) !== titleKey(f.title)) {
      warn(`summary table row ${i + 1} is ${quote(r.title)} but the details have ${quote(f.title)}`, r.line, 'page-summary-mismatch');
      continue;
    }
    const fStatus = f.status === null ? null : splitStatus(f.status).status;
    if (r.status !== null && fStatus !== null && r.status !== fStatus) {
      warn(`summary table says ${quote(f.title)} is ${quote(r.status)}, the details say ${quote(fStatus)}`, r.line, 'page-summary-mismatch');
    }
    const cellByTitle = new Map(f.cells.map((c) => [titleKey(c.title), c]));
    r.cells.forEach((rc, k) => {
      const col = columns[k];
      if (!col) return;
      const c = cellByTitle.get(titleKey(col.title));
      const detail = c ? c.status : null;
      const tableSays = rc.status ?? rc.symbol;
      const agrees = c ? (rc.status !== null ? rc.status === c.status : rc.symbol === symbolOf(c.status)) : false;
      if (!agrees) {
        warn(
          `summary table says ${quote(col.title)} is ${quote(tableSays)} for ${quote(f.title)}, the details say ${detail === null ? 'nothing' : quote(detail)}`,
          rc.line ?? r.line,
          'page-summary-mismatch',
        );
      }
    });
  }
}

/**
 * Text: the table's layout is the tool's, but its symbols come row by row,
 * one per driver. The current renderer sorts the columns by driver title (as
 * its details do); nova's old one by key, which the page does not show, so
 * there only each row's counts are compared.
 */
function checkSymbols(page: PageData, symbols: SummarySymbol[], warn: Warn): void {
  const expected = page.features.reduce((n, f) => n + f.cells.length, 0);
  if (symbols.length !== expected) {
    warn(
      `the summary table shows ${symbols.length} support symbols, the details give ${expected} driver statuses`,
      symbols[0]?.line,
      'page-summary-mismatch',
    );
    return;
  }
  let at = 0;
  for (const f of page.features) {
    const row = symbols.slice(at, at + f.cells.length);
    at += f.cells.length;
    const want = f.cells.map((c) => symbolOf(c.status));
    if (page.renderer === 'sfc') {
      // It sorts the INI's titles, where Sphinx's curly quotes and dashes were still plain ASCII.
      const sorted = f.cells
        .map((c) => ({ c, key: foldTypography(c.title) }))
        .sort((a, b) => byCodePoint(a.key, b.key))
        .map((x) => x.c);
      for (let k = 0; k < row.length; k++) {
        const w = symbolOf(sorted[k]!.status);
        if (row[k]!.symbol !== w) {
          warn(
            `summary table shows ${row[k]!.symbol} for ${quote(sorted[k]!.title)} in ${quote(f.title)}, the details say ${quote(sorted[k]!.status)}`,
            row[k]!.line,
            'page-summary-mismatch',
          );
        }
      }
    } else {
      const count = (list: string[]) => list.sort().join('');
      if (count(row.map((s) => s.symbol)) !== count(want)) {
        warn(`the summary table row of ${quote(f.title)} does not agree with its details`, row[0]?.line, 'page-summary-mismatch');
      }
    }
  }
}
