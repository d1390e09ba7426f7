/**
 * `fmx history -o FILE.sqlite`: the tables in an SQLite database, made with
 * sql.js (SQLite compiled to WebAssembly: nothing to build at install time;
 * see docs/history.md). Loaded only by this command.
 */

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Tables } from './tables.js';

/** Indexes for the usual questions: a cell over time, a commit's changes, a driver's cells. */
const INDEXES = [
  'CREATE INDEX cells_by_cell ON cells(feature, driver)',
  'CREATE INDEX cells_by_commit ON cells("commit")',
  'CREATE INDEX changes_by_commit ON changes("commit")',
  'CREATE INDEX changes_by_cell ON changes(feature, driver)',
  'CREATE INDEX drivers_by_commit ON drivers("commit")',
  'CREATE INDEX features_by_commit ON features("commit")',
];

export async function toSqlite(tables: Tables): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const initSqlJs = (await import('sql.js')).default;
  const wasm = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
  const SQL = await initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  const db = new SQL.Database();
  try {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    db.run('BEGIN');
    for (const t of tables) {
      const types = t.columns.map((c) => (c === 'position' ? 'INTEGER' : 'TEXT'));
      db.run(`CREATE TABLE ${q(t.name)} (${t.columns.map((c, i) => `${q(c)} ${types[i]}`).join(', ')})`);
      const stmt = db.prepare(`INSERT INTO ${q(t.name)} VALUES (${t.columns.map(() => '?').join(', ')})`);
      for (const r of t.rows) stmt.run(r);
      stmt.free();
    }
    for (const s of INDEXES) db.run(s);
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
