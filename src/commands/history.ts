/** `fmx history [-C DIR] PATH [REV-RANGE] -o FILE.sqlite | -o FILE.csv | --format json`: the whole walk as tables. */

import { writeOutput } from '../io/files.js';
import { reportFailure, stderrReporter, type Reporter } from './shared.js';
import { UsageError } from '../diagnostics.js';

export interface HistoryCommandOptions {
  dir?: string;
  output?: string;
  format?: 'json' | 'csv' | 'sqlite';
}

export async function historyCommand(path: string, range: string | undefined, opts: HistoryCommandOptions, reporter: Reporter = stderrReporter): Promise<number> {
  const format = opts.format ?? (opts.output ? (/\.(sqlite3?|db)$/i.test(opts.output) ? 'sqlite' : /\.csv$/i.test(opts.output) ? 'csv' : /\.json$/i.test(opts.output) ? 'json' : null) : null);
  if (format === null) throw new UsageError('say what to write: -o FILE.sqlite, -o FILE.csv, or --format json (or csv)');
  if (format === 'sqlite' && (!opts.output || opts.output === '-')) throw new UsageError('an SQLite file needs -o FILE.sqlite');
  try {
    const { openWalk } = await import('../history/open.js');
    const { historyTables } = await import('../history/tables.js');
    // SQLite (WebAssembly) compiles while git walks.
    const sqlite = format === 'sqlite' ? await import('../history/sqlite.js') : null;
    const engine = sqlite?.loadSqlite();
    engine?.catch(() => {});
    const w = await openWalk({ dir: opts.dir, path, range, releases: true }, (d) => reporter.report(d));
    const tables = historyTables(w, await w.releases(w.steps.map((s) => s.commit)), { spans: format === 'sqlite' });
    const target = opts.output ?? '-';
    if (sqlite) await writeOutput(target, await sqlite.toSqlite(tables, engine));
    else if (format === 'csv') await writeOutput(target, (await import('../history/csv.js')).changesCsv(tables));
    else await writeOutput(target, (await import('../history/tables.js')).tablesJson(path, tables));
    return 0;
  } catch (e) {
    return reportFailure(e, reporter);
  }
}
