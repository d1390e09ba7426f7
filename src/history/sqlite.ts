/**
 * `fmx history -o FILE.sqlite`: the tables in an SQLite database, made with
 * sql.js (SQLite compiled to WebAssembly: nothing to build at install time;
 * see docs/history.md). Loaded only by this command.
 *
 * `commits`, `versions` and `changes` are tables. `drivers`, `features` and
 * `cells` hold every version in full, which is mostly the same rows again
 * (cinder: 113,000 cells for 175 commits): they are views over `*_spans`
 * tables, where a row holds values that stayed the same over a run of
 * consecutive commits (positions `first` to `last` in `commits.position`).
 * Queries see the same rows either way; the file is 40 times smaller and
 * written in a fraction of the time.
 */

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Cell, Table, Tables } from './tables.js';

/** The tables kept as spans: their key columns (besides `commit`); the other columns are values. */
const SPANNED: Record<string, string[]> = {
  drivers: ['key'],
  features: ['key'],
  cells: ['feature', 'driver'],
};

const INDEXES = [
  'CREATE INDEX commits_by_commit ON commits("commit")',
  'CREATE INDEX changes_by_commit ON changes("commit")',
  'CREATE INDEX changes_by_cell ON changes(feature, driver)',
  'CREATE INDEX cells_spans_by_cell ON cells_spans(feature, driver)',
];

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Runs of equal rows: each row of `t` (without `commit`) with the first and last position it holds at. */
export function spans(t: Table, keys: string[], position: ReadonlyMap<string, number>): Table {
  const commitCol = t.columns.indexOf('commit');
  const keyCols = keys.map((k) => t.columns.indexOf(k));
  const valueCols = t.columns.map((_, i) => i).filter((i) => i !== commitCol && !keyCols.includes(i));
  const width = keyCols.length + valueCols.length;
  // The open run of each key, found through one Map level per key column (no string per row).
  const open = new Map<Cell, unknown>();
  const rows: Cell[][] = [];
  for (const r of t.rows) {
    const pos = position.get(r[commitCol] as string)!;
    let level = open;
    for (let k = 0; k < keyCols.length - 1; k++) {
      let next = level.get(r[keyCols[k]!]!) as Map<Cell, unknown> | undefined;
      if (!next) level.set(r[keyCols[k]!]!, (next = new Map()));
      level = next;
    }
    const lastKey = r[keyCols[keyCols.length - 1]!]!;
    const o = level.get(lastKey) as Cell[] | undefined;
    if (o) {
      const last = o[width + 1] as number;
      if (last === pos) continue; // a key repeated within one version: the first stands
      if (last === pos - 1 && valueCols.every((c, i) => o[keyCols.length + i] === r[c])) {
        o[width + 1] = pos;
        continue;
      }
    }
    const row: Cell[] = [...keyCols.map((i) => r[i]!), ...valueCols.map((i) => r[i]!), pos, pos];
    rows.push(row);
    level.set(lastKey, row);
  }
  return { name: `${t.name}_spans`, columns: [...keys, ...valueCols.map((i) => t.columns[i]!), 'first', 'last'], rows };
}

export async function toSqlite(tables: Tables): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const initSqlJs = (await import('sql.js')).default;
  const wasm = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
  const SQL = await initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  const db = new SQL.Database();
  try {
    const commits = tables.find((t) => t.name === 'commits')!;
    const position = new Map(commits.rows.map((r) => [r[1] as string, r[0] as number]));
    db.run('BEGIN');
    for (const full of tables) {
      const keys = SPANNED[full.name];
      const t = keys ? spans(full, keys, position) : full;
      const types = t.columns.map((c) => (c === 'position' || c === 'first' || c === 'last' ? 'INTEGER' : 'TEXT'));
      db.run(`CREATE TABLE ${q(t.name)} (${t.columns.map((c, i) => `${q(c)} ${types[i]}`).join(', ')})`);
      const stmt = db.prepare(`INSERT INTO ${q(t.name)} VALUES (${t.columns.map(() => '?').join(', ')})`);
      for (const r of t.rows) stmt.run(r);
      stmt.free();
      if (keys) {
        const cols = full.columns.map((c) => (c === 'commit' ? `k."commit" AS "commit"` : `s.${q(c)}`));
        db.run(`CREATE VIEW ${q(full.name)} AS SELECT ${cols.join(', ')} FROM ${q(t.name)} s JOIN commits k ON k.position BETWEEN s.first AND s.last`);
      }
    }
    for (const s of INDEXES) db.run(s);
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
