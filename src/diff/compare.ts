/**
 * What changed between two versions of a matrix, in terms of the matrix:
 * drivers, features and implementations (cells), matched by key. Pure: no
 * I/O; `commands/diff.ts` reads the inputs, the report writers print.
 *
 * Semantics (the `fmx/diff` version 1 contract, see schema/diff.schema.json):
 * - drivers are matched by key, features by key; implementations of a feature
 *   by driver key. Order is not a change; the INI dialect is not a change.
 *   Where a side's keys were made up from titles (a page, or a model saved
 *   from one: its `provenance`), its drivers and features are first given
 *   the other side's keys by title (the one title matcher, model/keys.ts).
 * - string values are compared folded (runs of white space as one space,
 *   ends trimmed, typographic punctuation as ASCII: `../fold.ts`), unless
 *   `exact`. Lists compare element by element.
 * - when a side was read from a page (`pageSides`, by default its
 *   provenance's `foldedText`), a null feature status
 *   equals `optional` (the renderers' default); unless `exact`, an empty
 *   string equals null (a page cannot show the difference) and URLs in notes
 *   are not compared (renderers turn them into links, whose text copying a
 *   page may lose: the nova 15.0.0 page shows nothing for the note
 *   `https://bugs.launchpad.net/nova/+bug/1192192`). A page side whose
 *   features are all `operation.*` was rendered by sphinx-feature-
 *   classification, which shows no others: the other side's features that
 *   are not `operation.*` are then left out of the comparison.
 * - implementation changes are reported only for a feature and a driver that
 *   are present in both versions (a new driver's cells are part of its being
 *   added).
 *
 * Order of the changes (stable, so that reports and tests can rely on it):
 *   driver-removed (old order), driver-added (new order), driver-changed (new
 *   order; title, link), feature-removed (old order), feature-added (new
 *   order), then for each feature present in both, in new order: its
 *   feature-changed (fields in FEATURE_FIELDS order), implementation-removed
 *   (old cell order), implementation-added (new cell order),
 *   implementation-changed (new cell order; status, notes, release).
 */

import { foldText } from '../model/fold.js';
import { fillOmitted, type Omission } from '../model/carried.js';
import { adoptKeys, type Ambiguity } from '../model/keys.js';
import type { Matrix } from '../model/matrix.js';

export const DIFF_FORMAT = 'fmx/diff';
export const DIFF_VERSION = 1;

export const DRIVER_FIELDS = ['title', 'link'] as const;
export const FEATURE_FIELDS = [
  'title',
  'status',
  'group',
  'notes',
  'cli',
  'api',
  'maturity',
  'apiDocLink',
  'adminDocLink',
  'tempestTestUuids',
] as const;
export const IMPLEMENTATION_FIELDS = ['status', 'notes', 'release'] as const;

export type DriverField = (typeof DRIVER_FIELDS)[number];
export type FeatureField = (typeof FEATURE_FIELDS)[number];
export type ImplementationField = (typeof IMPLEMENTATION_FIELDS)[number];

/** A value as in the model JSON. */
export type Value = string | null | string[];

export type Change =
  | { kind: 'driver-added'; driver: string }
  | { kind: 'driver-removed'; driver: string }
  | { kind: 'driver-changed'; driver: string; field: DriverField; old: Value; new: Value }
  | { kind: 'feature-added'; feature: string }
  | { kind: 'feature-removed'; feature: string }
  | { kind: 'feature-changed'; feature: string; field: FeatureField; old: Value; new: Value }
  | { kind: 'implementation-added'; feature: string; driver: string }
  | { kind: 'implementation-removed'; feature: string; driver: string }
  | {
      kind: 'implementation-changed';
      feature: string;
      driver: string;
      field: ImplementationField;
      old: Value;
      new: Value;
    };

export type ChangeKind = Change['kind'];

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'driver-removed',
  'driver-added',
  'driver-changed',
  'feature-removed',
  'feature-added',
  'feature-changed',
  'implementation-removed',
  'implementation-added',
  'implementation-changed',
];

/** The JSON report. */
export interface DiffReport {
  format: typeof DIFF_FORMAT;
  version: typeof DIFF_VERSION;
  changes: Change[];
}

export interface DiffOptions {
  /** Compare raw values: no white space or typography folding. */
  exact?: boolean;
  /** Which sides were read from a rendered page; default: what their provenance says (`foldedText`). */
  pageSides?: { old?: boolean; new?: boolean };
  /**
   * Which sides had their keys made up from titles: they are matched by
   * title; default: what their provenance says (`inferredKeys`). `{}` for
   * sides already aligned (`alignKeys`).
   */
  inferredKeys?: { old?: boolean; new?: boolean };
  /** What each side's input format could not carry (`Loaded.omits`); its origin adds its own (model/carried.ts). */
  omits?: { old?: readonly Omission[]; new?: readonly Omission[] };
}

/** The changes from `a` (old) to `b` (new), in the documented order. */
export function diffMatrices(a: Matrix, b: Matrix, opts: DiffOptions = {}): Change[] {
  const pageSides = opts.pageSides ?? { old: a.provenance?.foldedText === true, new: b.provenance?.foldedText === true };
  ({ old: a, new: b } = compareSides(a, b, opts));
  const page = !!(pageSides.old || pageSides.new);
  if (page) ({ old: a, new: b } = onlyWhatPagesShow(a, b, pageSides));
  const same = valueEquality(!!opts.exact, page);
  const sameNotes = page && !opts.exact ? valueEquality(false, true, true) : same;
  const changes: Change[] = [];

  // Drivers.
  const drivers = pair(a.drivers, b.drivers, (d) => d.key);
  for (const d of drivers.removed) changes.push({ kind: 'driver-removed', driver: d.key });
  for (const d of drivers.added) changes.push({ kind: 'driver-added', driver: d.key });
  for (const [o, n] of drivers.both) {
    for (const field of DRIVER_FIELDS) {
      if (!same(o[field], n[field])) changes.push({ kind: 'driver-changed', driver: n.key, field, old: o[field], new: n[field] });
    }
  }
  const oldDrivers = new Set(a.drivers.map((d) => d.key));
  const newDrivers = new Set(b.drivers.map((d) => d.key));
  const inBoth = (key: string) => oldDrivers.has(key) && newDrivers.has(key);

  // Features.
  const features = pair(a.features, b.features, (f) => f.key);
  for (const f of features.removed) changes.push({ kind: 'feature-removed', feature: f.key });
  for (const f of features.added) changes.push({ kind: 'feature-added', feature: f.key });
  for (const [o, n] of features.both) {
    const feature = n.key;
    for (const field of FEATURE_FIELDS) {
      let ov: Value = o[field];
      let nv: Value = n[field];
      if (field === 'status' && page) {
        if (ov === null && nv === 'optional') nv = null;
        else if (nv === null && ov === 'optional') ov = null;
      }
      if (!(field === 'notes' ? sameNotes : same)(ov, nv)) changes.push({ kind: 'feature-changed', feature, field, old: o[field], new: n[field] });
    }
    const cells = pair(
      o.implementations.filter((i) => inBoth(i.driver)),
      n.implementations.filter((i) => inBoth(i.driver)),
      (i) => i.driver,
    );
    for (const i of cells.removed) changes.push({ kind: 'implementation-removed', feature, driver: i.driver });
    for (const i of cells.added) changes.push({ kind: 'implementation-added', feature, driver: i.driver });
    for (const [oi, ni] of cells.both) {
      for (const field of IMPLEMENTATION_FIELDS) {
        if (!(field === 'notes' ? sameNotes : same)(oi[field], ni[field])) {
          changes.push({ kind: 'implementation-changed', feature, driver: ni.driver, field, old: oi[field], new: ni[field] });
        }
      }
    }
  }
  return changes;
}

const OPERATION = 'operation.';

/**
 * Leave out the features a page could not show: when a page side has only
 * `operation.*` features (sphinx-feature-classification renders no others),
 * the other side's other features are not compared.
 */
function onlyWhatPagesShow(a: Matrix, b: Matrix, pages: { old?: boolean; new?: boolean }): { old: Matrix; new: Matrix } {
  const onlyOperations = (m: Matrix) => m.features.length > 0 && m.features.every((f) => f.key.startsWith(OPERATION));
  const trim = (m: Matrix): Matrix => ({ ...m, features: m.features.filter((f) => f.key.startsWith(OPERATION)) });
  const trimNew = !!pages.old && onlyOperations(a) && !(pages.new && onlyOperations(b));
  const trimOld = !!pages.new && onlyOperations(b) && !(pages.old && onlyOperations(a));
  return { old: trimOld ? trim(a) : a, new: trimNew ? trim(b) : b };
}

/** The JSON report of a list of changes. */
export function diffReport(changes: Change[]): DiffReport {
  return { format: DIFF_FORMAT, version: DIFF_VERSION, changes };
}

/** How many changes of each kind, in CHANGE_KINDS order. */
export function countKinds(changes: readonly Change[]): Map<ChangeKind, number> {
  const counts = new Map<ChangeKind, number>(CHANGE_KINDS.map((k) => [k, 0]));
  for (const c of changes) counts.set(c.kind, counts.get(c.kind)! + 1);
  return counts;
}

interface Pairing<T> {
  /** Only in the old list, in old order. */
  removed: T[];
  /** Only in the new list, in new order. */
  added: T[];
  /** In both, in new order. */
  both: [T, T][];
}

/**
 * Pair two lists by key. A key repeated in one list (possible in JSON or a
 * page, never in an INI) pairs its n-th occurrence with the other list's n-th.
 */
function pair<T>(olds: readonly T[], news: readonly T[], key: (t: T) => string): Pairing<T> {
  const pending = new Map<string, T[]>();
  for (const o of olds) {
    const k = key(o);
    const list = pending.get(k);
    if (list) list.push(o);
    else pending.set(k, [o]);
  }
  const added: T[] = [];
  const both: [T, T][] = [];
  const matched = new Set<T>();
  for (const n of news) {
    const o = pending.get(key(n))?.shift();
    if (o === undefined) added.push(n);
    else {
      both.push([o, n]);
      matched.add(o);
    }
  }
  const removed = olds.filter((o) => !matched.has(o));
  return { removed, added, both };
}

const URL = /\bhttps?:\/\/\S*/g;

/** The equality of two model values under the options. */
function valueEquality(exact: boolean, page: boolean, withoutUrls = false): (x: Value, y: Value) => boolean {
  const norm = (s: string | null): string | null => {
    if (s === null || exact) return s;
    const f = foldText(withoutUrls ? s.replace(URL, ' ') : s);
    return page && f === '' ? null : f;
  };
  return (x, y) => {
    if (x === y) return true;
    if (Array.isArray(x) || Array.isArray(y)) {
      const xs = Array.isArray(x) ? x : [];
      const ys = Array.isArray(y) ? y : [];
      return xs.length === ys.length && xs.every((s, i) => norm(s) === norm(ys[i]!));
    }
    return norm(x) === norm(y);
  };
}

/** Two sides whose keys match, and the titles that could not be matched because they are ambiguous. */
export interface AlignedSides {
  old: Matrix;
  new: Matrix;
  /** Ambiguous titles of the side that took the other's keys. */
  ambiguous: (Ambiguity & { kind: 'driver' | 'feature'; side: 'old' | 'new' })[];
}

/**
 * The two sides with matching keys: a side whose keys were made up from
 * titles (its provenance says so, unless `inferred` is given) takes the
 * other side's keys by title, with the one title matcher (model/keys.ts
 * `adoptKeys`); when both were, the old side takes the new side's (two
 * readers may make keys up differently).
 */
export function alignKeys(a: Matrix, b: Matrix, inferred: { old?: boolean; new?: boolean } = inferredSides(a, b)): AlignedSides {
  const side: 'old' | 'new' | null = inferred.old ? 'old' : inferred.new ? 'new' : null;
  if (side === null) return { old: a, new: b, ambiguous: [] };
  const adopted = side === 'old' ? adoptKeys(a, b) : adoptKeys(b, a);
  const ambiguous = adopted.ambiguous.map((x) => ({ ...x, side }));
  return side === 'old' ? { old: adopted.matrix, new: b, ambiguous } : { old: a, new: adopted.matrix, ambiguous };
}

/**
 * The two sides as they are compared: keys aligned (`alignKeys`), and what
 * a side's format or origin could not carry (a wide CSV has no notes, a page
 * no releases) taken from the other side, so that it is not a change.
 * `diffMatrices` does this itself; a report that shows the sides uses it too
 * (doing it twice changes nothing).
 */
export function compareSides(a: Matrix, b: Matrix, opts: Pick<DiffOptions, 'inferredKeys' | 'omits'> = {}): AlignedSides {
  const aligned = alignKeys(a, b, opts.inferredKeys);
  return {
    old: fillOmitted(aligned.old, aligned.new, opts.omits?.old ?? []),
    new: fillOmitted(aligned.new, aligned.old, opts.omits?.new ?? []),
    ambiguous: aligned.ambiguous,
  };
}

function inferredSides(a: Matrix, b: Matrix): { old: boolean; new: boolean } {
  return { old: a.provenance?.inferredKeys === true, new: b.provenance?.inferredKeys === true };
}
