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

/**
 * Cells (feature, driver) and statuses as numbers, each version as an array
 * of its cells' statuses (-1: no cell), so that comparing two versions is
 * comparing two arrays. A version's array is as long as the index was when
 * it was made: cells numbered later are not in it.
 */
export class CellIndex {
  private readonly cells = new Map<string, Map<string, number>>();
  private readonly statusIds = new Map<string, number>();
  private readonly vectors = new WeakMap<Matrix, Int32Array>();
  private size = 0;
  private readonly ids: number[] = [];

  id(feature: string, driver: string): number | undefined {
    return this.cells.get(feature)?.get(driver);
  }

  vector(m: Matrix): Int32Array {
    let v = this.vectors.get(m);
    if (v) return v;
    // The ids first (new cells take the next ones), then a dense array.
    const ids = this.ids;
    ids.length = 0;
    for (const f of m.features) {
      let row = this.cells.get(f.key);
      if (!row) this.cells.set(f.key, (row = new Map()));
      for (const i of f.implementations) {
        let id = row.get(i.driver);
        if (id === undefined) row.set(i.driver, (id = this.size++));
        ids.push(id);
      }
    }
    v = new Int32Array(this.size).fill(-1);
    let k = 0;
    for (const f of m.features) {
      for (const i of f.implementations) {
        const id = ids[k++]!;
        // The first, where a key repeats (as `statuses`).
        if (v[id] !== -1) continue;
        let sid = this.statusIds.get(i.status);
        if (sid === undefined) this.statusIds.set(i.status, (sid = this.statusIds.size));
        v[id] = sid;
      }
    }
    this.vectors.set(m, v);
    return v;
  }

  /**
   * What blame keeps of an older version (`WalkOptions.keep`): its array,
   * made now, while git walks on, under a stand-in matrix with no features
   * (the notes of every version are not kept).
   */
  readonly keep = (m: Matrix): Matrix => {
    const lean: Matrix = { ...m, drivers: [], features: [] };
    this.vectors.set(lean, this.vector(m));
    return lean;
  };
}

/** The matrix at the walk's newest commit; an FmxError when it is deleted there or cannot be read. */
export function headMatrix(w: Walk, path: string, rev: string): Matrix {
  const head = w.steps[0];
  if (!head) throw error('fmx', `${path} has no history at ${rev}`, undefined, undefined, 'input-git');
  if (!head.version) throw error('fmx', `${path} was deleted at ${head.commit.slice(0, 12)} (${rev})`, undefined, undefined, 'input-git');
  if (!head.version.matrix) throw error('fmx', `the newest version cannot be read: ${head.version.error}`, undefined, undefined, 'input-git');
  return head.version.matrix;
}

/**
 * Blame every cell of the matrix at the walk's newest commit, in the
 * matrix's feature and driver order. `steps` are the walk's, newest first
 * (a prefix of them is enough once every cell is explained: see `explainsAll`).
 */
export function blame(steps: readonly Step[], head: Matrix, releases: ReadonlyMap<string, string> = new Map(), index = new CellIndex()): BlameCell[] {
  const want = statuses(head);
  const wanted = index.vector(head);
  const found: (Step | undefined)[] = new Array(wanted.length).fill(undefined);
  let open = 0;
  for (const s of wanted) if (s !== -1) open++;
  const none = new Int32Array(0);
  for (const step of steps) {
    if (open === 0) break;
    const m = step.version?.matrix;
    // One matrix per distinct blob: the same object on both sides changed nothing.
    if (!m || step.base?.matrix === m) continue;
    const now = index.vector(m);
    const before = step.base?.matrix ? index.vector(step.base.matrix) : none;
    // A step explains a cell when it gave the cell the status it has at the head (a cell that
    // appears is a change from nothing). Cells the head does not have are past its length.
    const n = Math.min(now.length, wanted.length);
    for (let id = 0; id < n; id++) {
      const s = now[id]!;
      if (s === -1 || s !== wanted[id] || (id < before.length && before[id] === s) || found[id] !== undefined) continue;
      found[id] = step;
      open--;
    }
  }
  const stepOf = (f: string, d: string) => found[index.id(f, d)!];
  const cells: BlameCell[] = [];
  for (const f of head.features) {
    const row = want.get(f.key)!;
    const seen = new Set<string>();
    // The matrix's driver order (declarations), as the renderers lay the columns out.
    for (const d of head.drivers) {
      const status = row.get(d.key);
      if (status === undefined || seen.has(d.key)) continue;
      seen.add(d.key);
      const s = stepOf(f.key, d.key);
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

/**
 * The blame, when these steps (the newest ones of a walk, down to the commit
 * that created the file) explain every cell of their newest version; else
 * null. Older commits cannot change it then (blame takes the newest
 * explaining step), and the walk can stop there.
 */
export function explained(steps: readonly Step[], index?: CellIndex): BlameCell[] | null {
  const head = steps[0]?.version?.matrix;
  if (!head) return null;
  const cells = blame(steps, head, undefined, index);
  return cells.every((c) => c.commit !== null) ? cells : null;
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
