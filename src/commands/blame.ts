/** `fmx blame [-C DIR] PATH [REV]`: each cell of the matrix at REV with the commit that last changed it. */

import { writeOutput } from '../io/files.js';
import { reportFailure, stderrReporter, type Reporter } from './shared.js';
import { UsageError } from '../diagnostics.js';
import { loadWriter } from '../formats/registry.js';

export interface BlameCommandOptions {
  dir?: string;
  format?: 'text' | 'md' | 'json' | 'csv' | 'html';
}

export async function blameCommand(path: string, rev: string | undefined, opts: BlameCommandOptions, reporter: Reporter = stderrReporter): Promise<number> {
  const format = opts.format ?? 'text';
  if (!['text', 'md', 'json', 'csv', 'html'].includes(format)) throw new UsageError(`unknown format '${format}': expected text, md, json, csv or html`);
  if (rev !== undefined && rev.includes('..')) throw new UsageError(`blame takes one revision, not a range: '${rev}'`);
  try {
    const { runBlame } = await import('../history/run.js');
    const { blameReport, cellHistories } = await import('../history/blame.js');
    const { head, cells } = await runBlame({ dir: opts.dir, path, rev }, (d) => reporter.report(d));
    let out: string;
    const report = await import('../history/report.js');
    if (format === 'json') out = JSON.stringify(blameReport(path, rev ?? 'HEAD', cells), null, 2) + '\n';
    else if (format === 'csv') out = (await import('../history/csv.js')).blameCsv(cells);
    else if (format === 'md') out = report.blameMarkdown(path, rev ?? 'HEAD', head, cells);
    else if (format === 'html') {
      // The page `--to html` writes, of the matrix at REV, each cell with its last change.
      const writer = await loadWriter('html');
      const page = await writer.write({ matrix: head }, { file: '-', history: cellHistories(cells), warn: (d) => reporter.report(d) });
      out = typeof page === 'string' ? page : Buffer.from(page).toString('utf8');
    }
    else out = report.blameText(head, cells);
    await writeOutput('-', out);
    return 0;
  } catch (e) {
    return reportFailure(e, reporter);
  }
}
