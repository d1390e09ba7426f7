/**
 * The write-back contract: what an input format (or one particular file)
 * omits, filled in from another version of the matrix, and how an edited
 * model is written back over its base (`fmx convert EDITED --base BASE.ini`).
 * docs/write-back.md states it per format.
 */

import { foldSpace, foldText } from './fold.js';
import { IMPLEMENTATION_STATUSES, type Driver, type Feature, type Implementation, type Matrix } from './matrix.js';

/**
 * Parts of the model an input format may not carry:
 * `notes` (feature and cell notes), `cli`, `api`, `links` (driver links),
 * `classification` (maturity, api/admin doc links, tempest test uuids),
 * `release` (cell releases), `extras`, `non-operation-features` (features
 * whose key does not start with `operation.`, which upstream's current
 * renderer does not show), `unset-status` (the format shows `optional` where
 * the INI has no status, as the renderers do), `empty-values` (an empty value
 * and an absent one look alike, as in a CSV or workbook rewritten by another
 * tool). The column omissions (`feature-title`, `feature-status` with its
 * group, `feature-notes`, `cell-notes`, `driver-title`) say that this file's
 * table lacks that column.
 */
export type Omission =
  | 'notes'
  | 'cli'
  | 'api'
  | 'links'
  | 'classification'
  | 'release'
  | 'extras'
  | 'non-operation-features'
  | 'unset-status'
  | 'empty-values'
  // One file's columns: a table whose header lacks a column carries nothing of it.
  | 'feature-title'
  | 'feature-status'
  | 'feature-group'
  | 'feature-notes'
  | 'cell-notes'
  | 'driver-title';

/**
 * What a model's origin could not carry, whatever format it was saved in
 * since: a model read from a rendered page (`provenance.foldedText`) has no
 * extras, classification or releases, shows `optional` for an unset status,
 * and no links when none of its drivers has one; nova's old renderer (the
 * `targets` dialect, which a page read says it came from) showed no API,
 * sphinx-feature-classification only `operation.*` features.
 */
export function originOmissions(m: Matrix): Omission[] {
  if (m.provenance?.foldedText !== true) return [];
  const omits: Omission[] = ['extras', 'classification', 'release', 'unset-status'];
  omits.push(m.dialect === 'targets' ? 'api' : 'non-operation-features');
  if (m.drivers.every((d) => d.link === null)) omits.push('links');
  return omits;
}

/**
 * `target` with what its input format could not carry taken from `base`
 * (where the same driver, feature or cell exists there), so that a missing
 * value is not mistaken for a deletion: when patching an INI with a wide CSV,
 * or comparing a page with an INI. `formatOmits` are the input format's
 * (`Loaded.omits`); the model's origin adds its own (`originOmissions`).
 */
export function fillOmitted(target: Matrix, base: Matrix, formatOmits: readonly Omission[]): Matrix {
  const omits = [...formatOmits, ...originOmissions(target)];
  if (omits.length === 0) return target;
  const has = (x: Omission) => omits.includes(x);
  // Where empty and absent look alike, the base's choice stands.
  const blank = has('empty-values')
    ? (t: string | null, b: string | null) => ((t === null && b === '') || (t === '' && b === null) ? b : t)
    : (t: string | null) => t;
  const baseDrivers = new Map(base.drivers.map((d) => [d.key, d]));
  const baseFeatures = new Map(base.features.map((f) => [f.key, f]));
  const drivers = target.drivers.map((d) => {
    const b = baseDrivers.get(d.key);
    if (!b) return d;
    const out: Driver = { ...d, title: has('driver-title') ? b.title : blank(d.title, b.title), link: has('links') ? b.link : blank(d.link, b.link) };
    if (has('extras')) {
      if (b.extras) out.extras = b.extras;
      else delete out.extras;
    }
    return out;
  });
  const features = target.features.map((f) => {
    const b = baseFeatures.get(f.key);
    if (!b) return f;
    const out: Feature = {
      ...f,
      title: has('feature-title') ? b.title : blank(f.title, b.title),
      notes: has('notes') || has('feature-notes') ? b.notes : blank(f.notes, b.notes),
      api: blank(f.api, b.api),
      maturity: blank(f.maturity, b.maturity),
      apiDocLink: blank(f.apiDocLink, b.apiDocLink),
      adminDocLink: blank(f.adminDocLink, b.adminDocLink),
    };
    if (has('unset-status') && b.status === null && f.status === 'optional' && f.group === null) out.status = null;
    if (has('feature-status')) out.status = b.status;
    if (has('feature-status') || has('feature-group')) out.group = b.group;
    if (has('cli')) out.cli = b.cli;
    if (has('api')) out.api = b.api;
    if (has('classification')) {
      out.maturity = b.maturity;
      out.apiDocLink = b.apiDocLink;
      out.adminDocLink = b.adminDocLink;
      out.tempestTestUuids = b.tempestTestUuids;
    }
    if (has('extras')) {
      if (b.extras) out.extras = b.extras;
      else delete out.extras;
    }
    const baseCells = new Map(b.implementations.map((i) => [i.driver, i]));
    out.implementations = f.implementations.map((i) => {
      const bi = baseCells.get(i.driver);
      if (!bi) return i;
      return {
        ...i,
        notes: has('notes') || has('cell-notes') ? bi.notes : blank(i.notes, bi.notes),
        release: has('release') ? bi.release : blank(i.release, bi.release),
      };
    });
    return out;
  });
  if (has('non-operation-features')) {
    // Features the input could not show stay where they are.
    const shown = new Set(features.map((f) => f.key));
    for (const [i, f] of base.features.entries()) {
      if (!f.key.startsWith('operation.') && !shown.has(f.key)) features.splice(Math.min(i, features.length), 0, f);
    }
  }
  const out: Matrix = { ...target, drivers, features };
  if (has('extras')) {
    if (base.extras) out.extras = base.extras;
    else delete out.extras;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Write-back: an edited model over its base

/** Which value of a model: a feature's field (`feature`), a cell's (`feature`, `driver`), a driver's (`driver`). */
export interface ValueRef {
  feature?: string;
  driver?: string;
  /** A model field name (`title`, `status`, `group`, `notes`, `cli`, ..., `release`, `link`), or `row` for the feature itself. */
  field: string;
}

/**
 * A value one file shows more than once whose copies disagree: a feature's
 * fields on each of its long-layout rows, a cell's status in a Markdown
 * file's Summary and in its Details.
 */
export interface Repeated<P = unknown> {
  ref: ValueRef;
  /** Every distinct copy with where it first appears (`P`: the reader's position type), in file order. */
  copies: { value: string | null; at: P }[];
}

/**
 * Record that a file shows the value `ref` names as `first` (the copy the
 * model holds) and again as `second`: they join the copies already listed
 * for it, `first` in front.
 */
export function addCopies<P>(repeated: Repeated<P>[], ref: ValueRef, first: { value: string | null; at: P }, second: { value: string | null; at: P }): void {
  const known = repeated.find((x) => x.ref.feature === ref.feature && x.ref.driver === ref.driver && x.ref.field === ref.field);
  if (!known) {
    repeated.push({ ref, copies: [first, second] });
    return;
  }
  known.copies = [first, ...known.copies.filter((c) => c.value !== first.value)];
  if (!known.copies.some((c) => c.value === second.value)) known.copies.push(second);
}

/** What one edited file carries, beyond its model. */
export interface Carried<P = unknown> {
  omits?: readonly Omission[];
  /** The text was read from a rendered page at some step: typography was folded as well as white space. */
  foldedText?: boolean;
  repeated?: readonly Repeated<P>[];
}

export interface WriteBackProblem<P = unknown> {
  ref: ValueRef;
  message: string;
  severity: 'error' | 'warning';
  ruleId: string;
  /** Where the copies are, for a value shown twice. */
  at?: P[];
}

/** What the edited file would delete from the base. */
export interface Deletions {
  features: string[];
  drivers: string[];
  /** Cells of kept features and drivers (a cleared status cell). */
  cells: { feature: string; driver: string }[];
  /** Options the model keeps aside (extras: orphan cell notes, unknown options) of kept sections: `[section] name`. */
  options: { section: string; name: string }[];
}

export interface WriteBackResult<P = unknown> {
  /** The model to write: the edit, with what the file does not carry taken from the base. */
  matrix: Matrix;
  deletions: Deletions;
  problems: WriteBackProblem<P>[];
}

/** Symbols the renderers show for cell statuses (the Summary, the text page): read as the status they stand for. */
const STATUS_BY_SYMBOL = new Map([
  ['✔', 'complete'],
  ['✓', 'complete'],
  ['✖', 'missing'],
  ['✘', 'missing'],
  ['✗', 'missing'],
  ['◐', 'partial'],
  ['?', 'unknown'],
]);

/** The status an obvious spelling stands for (other case, a renderer's symbol, `✔ complete`), or null. */
export function normalStatus(shown: string): string | null {
  const t = shown.trim();
  const statuses = IMPLEMENTATION_STATUSES as readonly string[];
  if (statuses.includes(t.toLowerCase())) return t.toLowerCase();
  const bySymbol = STATUS_BY_SYMBOL.get(t);
  if (bySymbol) return bySymbol;
  const m = /^(\S)\s+(\S+)$/.exec(t);
  if (m && STATUS_BY_SYMBOL.get(m[1]!) === m[2]!.toLowerCase()) return m[2]!.toLowerCase();
  return null;
}

/** Cell fields a reader may report as repeated (a status a Markdown file shows in its Summary and in Details). */
const CELL_FIELDS: Record<string, { get: (i: Implementation) => string | null; set: (i: Implementation, v: string | null) => void }> = {
  status: { get: (i) => i.status, set: (i, v) => void (i.status = v ?? '') },
};

/** The value `ref` names in feature `f` (a field of it, or of its cell for `ref.driver`), or null where it has none. */
function repeatedValue(f: Feature, ref: ValueRef): { get: () => string | null; set: (v: string | null) => void } | null {
  if (ref.driver === undefined) {
    const field = FEATURE_FIELDS[ref.field];
    return field ? { get: () => field.get(f), set: (v) => field.set(f, v) } : null;
  }
  const field = CELL_FIELDS[ref.field];
  const cell = f.implementations.find((i) => i.driver === ref.driver);
  return field && cell ? { get: () => field.get(cell), set: (v) => field.set(cell, v) } : null;
}

/** How a repeated value is named in messages: `status of feature F, driver D`. */
export function repeatedName(ref: ValueRef): string {
  return `${ref.field} of feature ${ref.feature}${ref.driver === undefined ? '' : `, driver ${ref.driver}`}`;
}

/** Feature fields a reader may report as repeated, with how to get and set them as one string. */
const FEATURE_FIELDS: Record<string, { get: (f: Feature) => string | null; set: (f: Feature, v: string | null) => void }> = {
  title: { get: (f) => f.title, set: (f, v) => void (f.title = v) },
  status: { get: (f) => f.status, set: (f, v) => void (f.status = v) },
  group: { get: (f) => f.group, set: (f, v) => void (f.group = v) },
  notes: { get: (f) => f.notes, set: (f, v) => void (f.notes = v) },
  cli: { get: (f) => (f.cli.length ? f.cli.join(';') : null), set: (f, v) => void (f.cli = v ? v.split(';') : []) },
  api: { get: (f) => f.api, set: (f, v) => void (f.api = v) },
  maturity: { get: (f) => f.maturity, set: (f, v) => void (f.maturity = v) },
  apiDocLink: { get: (f) => f.apiDocLink, set: (f, v) => void (f.apiDocLink = v) },
  adminDocLink: { get: (f) => f.adminDocLink, set: (f, v) => void (f.adminDocLink = v) },
  tempestTestUuids: {
    get: (f) => (f.tempestTestUuids.length ? f.tempestTestUuids.join(';') : null),
    set: (f, v) => void (f.tempestTestUuids = v ? v.split(';') : []),
  },
};

/**
 * An edited model written back over its base, as the contract says:
 * - what the file does not carry (`omits`) is the base's, never a deletion;
 * - a note that differs from the base's only in white space (and, for text
 *   that came from a page, any text field that differs only in typography)
 *   is not an edit: the base's text is kept byte for byte;
 * - a value shown more than once (on several rows, in a Summary and in
 *   Details) is one value: the copy that differs from the base is the edit;
 *   two copies that differ from the base and from each other are an error
 *   naming both;
 * - an edited cell status in another case or as a renderer's symbol is
 *   normalised, with a warning;
 * - features, drivers and cells of the base that the result lacks are listed
 *   as deletions (the caller refuses them unless told to delete).
 */
export function writeBack<P>(edited: Matrix, base: Matrix, carried: Carried<P> = {}): WriteBackResult<P> {
  const problems: WriteBackProblem<P>[] = [];
  const folded = carried.foldedText === true || edited.provenance?.foldedText === true;
  const sameText = (a: string | null, b: string | null, notes: boolean): boolean => {
    if (a === b) return true;
    if (a === null || b === null) return false;
    if (folded) return foldText(a) === foldText(b);
    return notes && foldSpace(a) === foldSpace(b);
  };
  const baseFeatures = new Map(base.features.map((f) => [f.key, f]));
  const baseDrivers = new Map(base.drivers.map((d) => [d.key, d]));

  // A value shown more than once: the copy that is not the base's is the edit.
  const own = structuredClone(edited);
  const ownFeatures = new Map(own.features.map((f) => [f.key, f]));
  const omits = new Set(carried.omits ?? []);
  for (const r of carried.repeated ?? []) {
    const f = ownFeatures.get(r.ref.feature ?? '');
    const value = f ? repeatedValue(f, r.ref) : null;
    if (!f || !value) continue;
    const b = baseFeatures.get(f.key);
    const inBase = b ? repeatedValue(b, r.ref) : null;
    const blank = (v: string | null) => (v === '' && omits.has('empty-values') ? null : v);
    const baseValue = inBase ? blank(inBase.get()) : undefined;
    const edits = r.copies.filter((c) => baseValue === undefined || !sameText(blank(c.value), baseValue, r.ref.field === 'notes'));
    const distinct = edits.filter((c, n) => edits.findIndex((x) => blank(x.value) === blank(c.value)) === n);
    if (distinct.length === 0) value.set(baseValue ?? null);
    else if (distinct.length === 1) value.set(distinct[0]!.value);
    else {
      const [one, two] = distinct;
      problems.push({
        ref: r.ref,
        message: `${repeatedName(r.ref)} is edited differently in two places (${show(one!.value)} and ${show(two!.value)}): make them agree`,
        severity: 'error',
        ruleId: 'edit-conflict',
        at: [one!.at, two!.at],
      });
    }
  }

  // A model read from a page at some step has no extras (the page cannot show them), whatever format it is in now.
  const omitted = folded && !omits.has('extras') ? [...omits, 'extras' as const] : [...omits];
  const m = fillOmitted(own, base, omitted);

  // Text the renderers cannot show differently is the base's, byte for byte.
  for (const d of m.drivers) {
    const b = baseDrivers.get(d.key);
    if (b && folded && sameText(d.title, b.title, false)) d.title = b.title;
  }
  for (const f of m.features) {
    const b = baseFeatures.get(f.key);
    if (!b) continue;
    if (sameText(f.notes, b.notes, true)) f.notes = b.notes;
    // A page does not show every note (a text copy loses one that is only a link): its absence is not a deletion.
    if (folded && f.notes === null) f.notes = b.notes;
    if (folded) {
      if (sameText(f.title, b.title, false)) f.title = b.title;
      if (sameText(f.api, b.api, false)) f.api = b.api;
    }
    const baseCells = new Map(b.implementations.map((i) => [i.driver, i]));
    for (const i of f.implementations) {
      const bi = baseCells.get(i.driver);
      if (bi && (sameText(i.notes, bi.notes, true) || (folded && i.notes === null))) i.notes = bi.notes;
    }
  }

  // Edited statuses in an obvious other spelling.
  for (const f of m.features) {
    const baseCells = new Map((baseFeatures.get(f.key)?.implementations ?? []).map((i) => [i.driver, i]));
    for (const i of f.implementations) normaliseCell(f, i, baseCells.get(i.driver));
  }

  return { matrix: m, deletions: deletionsOf(base, m), problems };

  function normaliseCell(f: Feature, i: Implementation, b: Implementation | undefined): void {
    if (b && b.status === i.status) return;
    if ((IMPLEMENTATION_STATUSES as readonly string[]).includes(i.status)) return;
    const status = normalStatus(i.status);
    if (status === null) return;
    problems.push({
      ref: { feature: f.key, driver: i.driver, field: 'status' },
      message: `${show(i.status)} is read as the cell status '${status}'`,
      severity: 'warning',
      ruleId: 'edit-status-normalised',
    });
    i.status = status;
  }
}

/** What `result` lacks of `base`: whole features and drivers, and cells of what both keep. */
export function deletionsOf(base: Matrix, result: Matrix): Deletions {
  const features = new Map(result.features.map((f) => [f.key, f]));
  const drivers = new Map(result.drivers.map((d) => [d.key, d]));
  const out: Deletions = { features: [], drivers: [], cells: [], options: [] };
  const lostExtras = (section: string, have: { name: string }[] | undefined, kept: { name: string }[] | undefined) => {
    const names = new Set((kept ?? []).map((e) => e.name));
    for (const e of have ?? []) if (!names.has(e.name)) out.options.push({ section, name: e.name });
  };
  for (const d of base.drivers) {
    const r = drivers.get(d.key);
    if (!r) out.drivers.push(d.key);
    else lostExtras(`driver ${d.key}`, d.extras, r.extras);
  }
  for (const bf of base.features) {
    const f = features.get(bf.key);
    if (!f) {
      out.features.push(bf.key);
      continue;
    }
    const cells = new Set(f.implementations.map((i) => i.driver));
    for (const i of bf.implementations) if (drivers.has(i.driver) && !cells.has(i.driver)) out.cells.push({ feature: bf.key, driver: i.driver });
    lostExtras(bf.key, bf.extras, f.extras);
  }
  const kept = new Set((result.extras ?? []).map((e) => `${e.section}\u0000${e.name}`));
  for (const e of base.extras ?? []) if (!kept.has(`${e.section}\u0000${e.name}`)) out.options.push({ section: e.section, name: e.name });
  return out;
}

/** `would delete 2 features, 1 driver and 1 cell: [a], [b], driver c, c in [a]` (null when nothing is). */
export function describeDeletions(d: Deletions, max = 12): string | null {
  const n = d.features.length + d.drivers.length + d.cells.length + d.options.length;
  if (n === 0) return null;
  const count = (k: number, one: string, many: string) => (k ? [`${k} ${k === 1 ? one : many}`] : []);
  const parts = [...count(d.features.length, 'feature', 'features'), ...count(d.drivers.length, 'driver', 'drivers'), ...count(d.cells.length, 'cell', 'cells'), ...count(d.options.length, 'other option', 'other options')];
  const counted = parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0]!;
  const names = [...d.features.map((k) => `[${k}]`), ...d.drivers.map((k) => `driver ${k}`), ...d.cells.map((c) => `the ${c.driver} cell of [${c.feature}]`), ...d.options.map((o) => `${o.name} of [${o.section}]`)];
  const list = names.slice(0, max).join(', ') + (names.length > max ? `, and ${names.length - max} more` : '');
  return `would delete ${counted}: ${list}`;
}

function show(v: string | null): string {
  if (v === null) return 'empty';
  const t = v.length > 40 ? v.slice(0, 40) + '…' : v;
  return `'${t.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
