/** `fmx log [-C DIR] PATH [REV-RANGE]`: each commit of a matrix's history with its changes; `--check` flags accidents. */

import type { Flag } from '../history/check.js';
import { writeOutput } from '../io/files.js';
import { reportFailure, stderrReporter, type Reporter } from './shared.js';
import { UsageError } from '../diagnostics.js';

export interface LogCommandOptions {
  dir?: string;
  feature?: string;
  driver?: string;
  format?: 'text' | 'md' | 'json' | 'csv';
  check?: boolean;
}

/** Run `fmx log`; 0, or 1 when the input cannot be read (and, with --check, when something is flagged). */
export async function logCommand(path: string, range: string | undefined, opts: LogCommandOptions, reporter: Reporter = stderrReporter): Promise<number> {
  const format = opts.format ?? 'text';
  if (!['text', 'md', 'json', 'csv'].includes(format)) throw new UsageError(`unknown format '${format}': expected text, md, json or csv`);
  try {
    const { openWalk } = await import('../history/open.js');
    const { logEntries, logReport } = await import('../history/log.js');
    const w = await openWalk({ dir: opts.dir, path, range }, (d) => reporter.report(d));
    let entries = logEntries(w, { feature: opts.feature, driver: opts.driver });
    let flags: Map<string, Flag[]> | undefined;
    if (opts.check) {
      flags = (await import('../history/check.js')).check(w);
      entries = entries.filter((e) => flags!.has(e.commit));
    }
    let text: string;
    if (format === 'json') text = JSON.stringify(logReport(path, entries, flags), null, 2) + '\n';
    else if (format === 'csv') text = (await import('../history/csv.js')).logCsv(entries, flags);
    else if (format === 'md') text = (await import('../history/report.js')).logMarkdown(path, entries, flags);
    else text = (await import('../history/report.js')).logText(entries, flags);
    await writeOutput('-', text);
    return flags && flags.size > 0 && entries.length > 0 ? 1 : 0;
  } catch (e) {
    return reportFailure(e, reporter);
  }
}
