/** CSV exports of the history commands: `fmx history -o x.csv` (the changes table), `fmx log` and `fmx blame --format csv`. */

import { stringify } from 'csv-stringify/sync';
import type { BlameCell } from './blame.js';
import type { Flag } from './check.js';
import type { LogEntry } from './log.js';
import type { Cell, Tables } from './tables.js';

/** Cells starting like a formula get a leading `'` (csv-stringify's guard), as `fmx convert --to csv` does. */
const csv = (rows: Cell[][]) => stringify(rows.map((r) => r.map((v) => (v === null ? '' : String(v)))), { escape_formulas: true, record_delimiter: 'unix' });

export function changesCsv(tables: Tables): string {
  const t = tables.find((x) => x.name === 'changes')!;
  return csv([t.columns, ...t.rows]);
}

export function logCsv(entries: readonly LogEntry[], flags?: ReadonlyMap<string, Flag[]>): string {
  const rows: Cell[][] = [['commit', 'date', 'author', 'subject', 'path', 'kind', 'feature', 'driver', 'field', 'old', 'new', ...(flags ? ['rule', 'reason'] : [])]];
  const v = (x: unknown): Cell => (x === undefined || x === null ? null : Array.isArray(x) ? x.join(';') : String(x));
  for (const e of entries) {
    const head = [e.commit, e.date, e.author, e.subject, e.path];
    if (e.error !== undefined) rows.push([...head, 'unreadable', null, null, null, null, e.error]);
    for (const c of e.changes) {
      const x = c as Record<string, unknown>;
      const row: Cell[] = [...head, c.kind, v(x.feature), v(x.driver), v(x.field), v(x.old), v(x.new)];
      if (flags) {
        const f = flags.get(e.commit)?.filter((f) => c.kind.startsWith('implementation') && f.feature === x.feature && f.driver === x.driver && (x.field === undefined || x.field === 'status'));
        row.push(f?.length ? f.map((y) => y.rule).join(';') : null, f?.length ? f.map((y) => y.reason).join('; ') : null);
      }
      rows.push(row);
    }
  }
  return csv(rows);
}

export function blameCsv(cells: readonly BlameCell[]): string {
  return csv([
    ['feature', 'driver', 'status', 'commit', 'date', 'author', 'subject', 'release'],
    ...cells.map((c) => [c.feature, c.driver, c.status, c.commit, c.date, c.author, c.subject, c.release]),
  ]);
}
