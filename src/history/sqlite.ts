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
import type { Tables } from './tables.js';

const INDEXES = [
  'CREATE INDEX commits_by_commit ON commits("commit")',
  'CREATE INDEX changes_by_commit ON changes("commit")',
  'CREATE INDEX changes_by_cell ON changes(feature, driver)',
  'CREATE INDEX cells_spans_by_cell ON cells_spans(feature, driver)',
];

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

type SqlJs = Awaited<ReturnType<(typeof import('sql.js'))['default']>>;

/** Load and compile SQLite (WebAssembly): started before the walk, it is ready when the tables are. */
export function loadSqlite(): Promise<SqlJs> {
  return (async () => {
    const require = createRequire(import.meta.url);
    const initSqlJs = (await import('sql.js')).default;
    const wasm = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
    return initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  })();
}

/** The tables as an SQLite file; tables kept as runs (`historyTables(..., { spans: true })`) get a view of every row. */
export async function toSqlite(tables: Tables, sqlite: Promise<SqlJs> = loadSqlite()): Promise<Uint8Array> {
  const SQL = await sqlite;
  const db = new SQL.Database();
  try {
    db.run('BEGIN');
    for (const t of tables) {
      const types = t.columns.map((c) => (c === 'position' || c === 'first' || c === 'last' ? 'INTEGER' : 'TEXT'));
      db.run(`CREATE TABLE ${q(t.name)} (${t.columns.map((c, i) => `${q(c)} ${types[i]}`).join(', ')})`);
      const stmt = db.prepare(`INSERT INTO ${q(t.name)} VALUES (${t.columns.map(() => '?').join(', ')})`);
      for (const r of t.rows) stmt.run(r);
      stmt.free();
      const full = t.full;
      if (full) {
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
