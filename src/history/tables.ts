/**
 * `fmx history`: the whole walk as tables (what the SQLite file holds, the
 * JSON lists, and the CSV export's `changes`). Every listed commit's version
 * is in full (drivers, features, cells); `changes` are the `fmx/diff` change
 * objects of each commit against its parent's version.
 */

import type { Value } from '../diff/compare.js';
import { stepChanges } from './changes.js';
import type { Walk } from './walk.js';

export type Cell = string | number | null;

export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
  /**
   * Kept as runs (`drivers`, `features`, `cells` for SQLite): `name` is
   * `<table>_spans`, each row holds its keys, its values and the first and
   * last position (in `commits.position`) of a run of consecutive commits
   * where they stayed the same; `full` names the table of every row, and its
   * columns (`commit`, the keys, the values).
   */
  full?: { name: string; columns: string[] };
}

export type Tables = Table[];

/** A list value (cli, tempest ids, old/new of a list field) in one column: joined with `;` as in the INI. */
const flat = (v: Value | undefined): Cell => (v === undefined ? null : Array.isArray(v) ? v.join(';') : v);

/**
 * Rows as runs of equal values over consecutive positions, built as the
 * versions come (no row per version and cell: cinder's 113,000 cells are
 * 2,189 runs). A key's run goes on when the next position has the same
 * values; a key repeated within one version keeps its first row.
 */
class Runs {
  readonly rows: Cell[][] = [];
  private readonly open = new Map<Cell, Map<Cell, Cell[]>>();
  constructor(private readonly width: number) {}

  add(pos: number, k1: Cell, k2: Cell, values: Cell[]): void {
    let level = this.open.get(k1);
    if (!level) this.open.set(k1, (level = new Map()));
    const o = level.get(k2);
    const w = this.width;
    if (o) {
      const last = o[w + 1] as number;
      if (last === pos) return;
      if (last === pos - 1) {
        let same = true;
        for (let i = 0; i < values.length; i++) if (o[w - values.length + i] !== values[i]) same = false;
        if (same) {
          o[w + 1] = pos;
          return;
        }
      }
    }
    const row: Cell[] = w - values.length === 2 ? [k1, k2, ...values, pos, pos] : [k1, ...values, pos, pos];
    this.rows.push(row);
    level.set(k2, row);
  }
}

export function historyTables(w: Walk, releases: ReadonlyMap<string, string>, opts: { spans?: boolean } = {}): Tables {
  const commits: Table = { name: 'commits', columns: ['position', 'commit', 'date', 'author', 'subject', 'path', 'release'], rows: [] };
  const versions: Table = { name: 'versions', columns: ['commit', 'blob', 'dialect', 'error'], rows: [] };
  const drivers: Table = { name: 'drivers', columns: ['commit', 'key', 'title', 'link'], rows: [] };
  const features: Table = {
    name: 'features',
    columns: ['commit', 'key', 'title', 'status', 'group', 'notes', 'cli', 'api', 'maturity', 'api_doc_link', 'admin_doc_link', 'tempest_test_uuids'],
    rows: [],
  };
  const cells: Table = { name: 'cells', columns: ['commit', 'feature', 'driver', 'status', 'notes', 'release'], rows: [] };
  const changes: Table = { name: 'changes', columns: ['commit', 'kind', 'feature', 'driver', 'field', 'old', 'new'], rows: [] };
  const runs = opts.spans ? { drivers: new Runs(3), features: new Runs(11), cells: new Runs(5) } : null;
  w.steps.forEach((s, position) => {
    const c = s.commit;
    commits.rows.push([position, c, s.date, s.author, s.subject, s.path, releases.get(c) ?? null]);
    const v = s.version;
    versions.rows.push([c, v?.blob ?? null, v?.matrix?.dialect ?? null, v ? v.error : 'deleted']);
    const m = v?.matrix;
    if (m && runs) {
      for (const d of m.drivers) runs.drivers.add(position, d.key, null, [d.title, d.link]);
      for (const f of m.features) {
        runs.features.add(position, f.key, null, [f.title, f.status, f.group, f.notes, flat(f.cli), f.api, f.maturity, f.apiDocLink, f.adminDocLink, flat(f.tempestTestUuids)]);
        for (const i of f.implementations) runs.cells.add(position, f.key, i.driver, [i.status, i.notes, i.release]);
      }
    } else if (m) {
      for (const d of m.drivers) drivers.rows.push([c, d.key, d.title, d.link]);
      for (const f of m.features) {
        features.rows.push([c, f.key, f.title, f.status, f.group, f.notes, flat(f.cli), f.api, f.maturity, f.apiDocLink, f.adminDocLink, flat(f.tempestTestUuids)]);
        for (const i of f.implementations) cells.rows.push([c, f.key, i.driver, i.status, i.notes, i.release]);
      }
    }
    for (const ch of stepChanges(s)?.changes ?? []) {
      const x = ch as { kind: string; feature?: string; driver?: string; field?: string; old?: Value; new?: Value };
      changes.rows.push([c, x.kind, x.feature ?? null, x.driver ?? null, x.field ?? null, flat(x.old), flat(x.new)]);
    }
  });
  if (!runs) return [commits, versions, drivers, features, cells, changes];
  const spanned = (t: Table, r: Runs): Table => ({
    name: `${t.name}_spans`,
    columns: [...t.columns.slice(1), 'first', 'last'],
    rows: r.rows,
    full: { name: t.name, columns: t.columns },
  });
  return [commits, versions, spanned(drivers, runs.drivers), spanned(features, runs.features), spanned(cells, runs.cells), changes];
}

/** `fmx history --format json`: `{"format":"fmx/history","version":1,"path",tables:{name:[{column:value}]}}`. */
export function tablesJson(path: string, tables: Tables): string {
  const parts: string[] = [];
  for (const t of tables) {
    const rows = t.rows.map((r) => '    ' + JSON.stringify(Object.fromEntries(t.columns.map((col, i) => [col, r[i]]))));
    parts.push(`  ${JSON.stringify(t.name)}: [${rows.length ? '\n' + rows.join(',\n') + '\n  ' : ''}]`);
  }
  return `{"format": "fmx/history", "version": 1, "path": ${JSON.stringify(path)}, "tables": {\n${parts.join(',\n')}\n}}\n`;
}
