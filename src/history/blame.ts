/**
 * `fmx blame`: for each cell of the matrix at REV, the commit that last
 * changed it. A commit changes a cell when the cell's status differs from the
 * status in the version the commit is compared with (its parent's; a cell
 * that appears is a change from nothing). The blamed commit is the newest
 * one, in `git log` order, whose change gave the cell the status it has at
 * REV (a change on a side branch that did not survive is passed over).
 *
 * The `fmx/blame` version 1 contract: schema/blame.schema.json.
 */

import { error } from '../diagnostics.js';
import type { CellHistory } from '../model/history.js';
import type { Matrix } from '../model/matrix.js';
import type { Step, Walk } from './walk.js';

export const BLAME_FORMAT = 'fmx/blame';
export const BLAME_VERSION = 1;

export interface BlameCell {
  feature: string;
  driver: string;
  status: string;
  /** Null only when no readable version explains the status (every older version unreadable). */
  commit: string | null;
  date: string | null;
  author: string | null;
  subject: string | null;
  release: string | null;
}

export interface BlameReport {
  format: typeof BLAME_FORMAT;
  version: typeof BLAME_VERSION;
  path: string;
  rev: string;
  cells: BlameCell[];
}

/** Statuses of a version's cells: feature key -> driver key -> status. */
export type StatusMap = Map<string, Map<string, string>>;

const statusCache = new WeakMap<Matrix, StatusMap>();

/** The status of every cell of declared drivers (the first, where a key repeats). */
export function statuses(m: Matrix): StatusMap {
  let map = statusCache.get(m);
  if (map) return map;
  map = new Map();
  for (const f of m.features) {
    let row = map.get(f.key);
    if (!row) map.set(f.key, (row = new Map()));
    for (const i of f.implementations) if (!row.has(i.driver)) row.set(i.driver, i.status);
  }
  statusCache.set(m, map);
  return map;
}

/** The cells whose status a step changed: feature -> drivers. Empty for an unreadable version. */
export function changedCells(step: Step): { feature: string; driver: string; old: string | null; new: string }[] {
  const m = step.version?.matrix;
  if (!m) return [];
  const now = statuses(m);
  const before = step.base?.matrix ? statuses(step.base.matrix) : null;
  const out: { feature: string; driver: string; old: string | null; new: string }[] = [];
  for (const [feature, row] of now) {
    const old = before?.get(feature);
    for (const [driver, status] of row) {
      const was = old?.get(driver) ?? null;
      if (was !== status) out.push({ feature, driver, old: was, new: status });
    }
  }
  return out;
}

/** The matrix at the walk's newest commit; an FmxError when it is deleted there or cannot be read. */
export function headMatrix(w: Walk, path: string, rev: string): Matrix {
  const head = w.steps[0];
  if (!head) throw error('fmx', `${path} has no history at ${rev}`, undefined, undefined, 'input-git');
  if (!head.version) throw error('fmx', `${path} was deleted at ${head.commit.slice(0, 12)} (${rev})`, undefined, undefined, 'input-git');
  if (!head.version.matrix) throw error('fmx', `the newest version cannot be read: ${head.version.error}`, undefined, undefined, 'input-git');
  return head.version.matrix;
}

/** Blame every cell of the matrix at the walk's newest commit, in the matrix's feature and driver order. */
export function blame(w: Walk, head: Matrix, releases: ReadonlyMap<string, string> = new Map()): BlameCell[] {
  const want = statuses(head);
  const found = new Map<string, Step>();
  const keyOf = (f: string, d: string) => `${f}\0${d}`;
  let open = 0;
  for (const row of want.values()) open += row.size;
  for (const step of w.steps) {
    if (open === 0) break;
    for (const c of changedCells(step)) {
      const k = keyOf(c.feature, c.driver);
      if (found.has(k) || want.get(c.feature)?.get(c.driver) !== c.new) continue;
      found.set(k, step);
      open--;
    }
  }
  const cells: BlameCell[] = [];
  for (const f of head.features) {
    const row = want.get(f.key)!;
    const seen = new Set<string>();
    // The matrix's driver order (declarations), as the renderers lay the columns out.
    for (const d of head.drivers) {
      const status = row.get(d.key);
      if (status === undefined || seen.has(d.key)) continue;
      seen.add(d.key);
      const s = found.get(keyOf(f.key, d.key));
      cells.push({
        feature: f.key,
        driver: d.key,
        status,
        commit: s?.commit ?? null,
        date: s?.date ?? null,
        author: s?.author ?? null,
        subject: s?.subject ?? null,
        release: s ? (releases.get(s.commit) ?? null) : null,
      });
    }
  }
  return cells;
}

export function blameReport(path: string, rev: string, cells: BlameCell[]): BlameReport {
  return { format: BLAME_FORMAT, version: BLAME_VERSION, path, rev, cells };
}

/** The blame as the HTML writer takes it (cells whose commit is known). */
export function cellHistories(cells: readonly BlameCell[]): CellHistory[] {
  return cells
    .filter((c) => c.commit !== null)
    .map((c) => ({ feature: c.feature, driver: c.driver, commit: c.commit!, date: c.date!, author: c.author!, subject: c.subject!, release: c.release }));
}
