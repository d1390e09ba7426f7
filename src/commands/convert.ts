/** `fmx convert`: read inputs in any format, write them in another. */

import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { error, UsageError } from '../diagnostics.js';
import { formatFromExtension, getFormat, keysFromRefused, loadWriter, readBytes, writableFormats } from '../formats/registry.js';
import type { FormatName, Loaded, WriteOptions } from '../formats/types.js';
import { writeOutput } from '../io/files.js';
import type { Matrix } from '../model/matrix.js';
import { loadInput, reportFailure, reportRepeated, stderrReporter, type Reporter } from './shared.js';

export interface ConvertOptions {
  from?: FormatName;
  to?: FormatName;
  output?: string;
  outDir?: string;
  withSource?: boolean;
  keysFrom?: string;
  base?: string;
  inPlace?: boolean;
  /** With --base: features, drivers and cells the edited file lacks are deleted (else refused). */
  allowDeletions?: boolean;
  /** With --base: print what would change, write nothing. */
  dryRun?: boolean;
  layout?: 'wide' | 'long';
  formulaGuard?: boolean;
  bom?: boolean;
  maxSize?: number;
  /** HTML: show each cell's last change, blamed at HEAD in the file's git repository. */
  history?: boolean;
  /** With `history`: the inputs are paths in the repository at DIR, read at HEAD (`-C`). */
  dir?: string;
}

/** Where a run's text goes (the dry run's change list). */
export interface ConvertIO {
  out(text: string): Promise<void> | void;
}
const stdoutIO: ConvertIO = { out: (t) => void process.stdout.write(t) };

/** Run `fmx convert`; returns the exit code. */
export async function convert(inputs: string[], opts: ConvertOptions, reporter: Reporter = stderrReporter, io: ConvertIO = stdoutIO): Promise<number> {
  if (inputs.length === 0) throw new UsageError('no input given');
  if (opts.output && opts.outDir) throw new UsageError('-o and --out-dir cannot be used together');
  if (inputs.length > 1 && !opts.outDir) throw new UsageError('several inputs need --out-dir');
  if (opts.inPlace && (opts.output || opts.outDir)) throw new UsageError('--in-place cannot be used with -o or --out-dir');
  if (opts.inPlace && !opts.base) throw new UsageError('--in-place needs --base (the INI file to update)');
  if (opts.allowDeletions && !opts.base) throw new UsageError('--allow-deletions applies to --base (the INI file to update)');
  if (opts.dryRun && !opts.base) throw new UsageError('--dry-run applies to --base (the INI file to update)');
  const to = outputFormat(opts);
  const writer = await loadWriter(to);
  if (getFormat(to).binary && !opts.output && !opts.outDir && process.stdout.isTTY) {
    throw new UsageError(`${to} is a binary format: give -o FILE or --out-dir DIR`);
  }
  const targets = inputs.map((input) =>
    opts.inPlace ? opts.base! : opts.outDir ? path.join(opts.outDir, outputName(input, to)) : opts.output ?? '-',
  );
  if (opts.outDir) checkDistinctTargets(inputs, targets);

  const inGit = opts.history || opts.dir !== undefined ? await historySources(inputs, to, opts) : null;

  let keysFrom: Matrix | undefined;
  let base: Loaded | undefined;
  try {
    if (opts.keysFrom) keysFrom = (await loadInput(opts.keysFrom, { from: 'ini', maxSize: opts.maxSize }, reporter)).loaded.matrix;
    if (opts.base) {
      base = (await loadInput(opts.base, { from: 'ini', maxSize: opts.maxSize }, reporter)).loaded;
      keysFrom ??= base.matrix;
    }
  } catch (e) {
    return reportFailure(e, reporter);
  }

  if (opts.outDir && !opts.dryRun) {
    try {
      mkdirSync(opts.outDir, { recursive: true });
    } catch (e) {
      return reportFailure(error(opts.outDir, `cannot create the output directory: ${(e as Error).message}`), reporter);
    }
  }
  let status = 0;
  for (const [n, input] of inputs.entries()) {
    const target = targets[n]!;
    try {
      const where = inGit?.get(input);
      const name = where && opts.dir !== undefined ? `git:HEAD:${where.path}` : input;
      let { loaded, format, keysFromUsed } = await loadInput(
        name,
        { from: opts.from, keysFrom, maxSize: opts.maxSize, allowDeletions: opts.allowDeletions, git: opts.dir !== undefined, cwd: opts.dir, keepRepeated: true },
        reporter,
      );
      if (opts.keysFrom && !keysFromUsed) throw keysFromRefused([input]);
      // The write-back contract and the edit's checks load only where an edit is written back (or the input shows a value twice, differently).
      if (base || loaded.repeated?.length) {
        if (base) {
          const { overBase } = await import('./over-base.js');
          loaded = { matrix: overBase(loaded, base.matrix, input, opts, reporter, format === 'ini' ? loaded.ini : undefined) };
        } else await reportRepeated(loaded.repeated!, input, reporter);
      }
      const history = where ? await (await import('../history/run.js')).historyAtHead(where, loaded.matrix, (d) => reporter.report(d)) : undefined;
      const wopts: WriteOptions = {
        file: target,
        withSource: opts.withSource,
        base: base?.ini,
        layout: opts.layout,
        formulaGuard: opts.formulaGuard,
        bom: opts.bom,
        history,
        warn: (d) => reporter.report(d),
      };
      if (base) {
        const text = (await writer.write(loaded, wopts)) as string;
        const written = (await readBytes(new TextEncoder().encode(text), { file: target, from: 'ini', warn: () => {} })).loaded.matrix;
        const [{ diffMatrices }, { summaryLine }] = await Promise.all([import('../diff/compare.js'), import('../diff/report.js')]);
        const changes = diffMatrices(base.matrix, written, { exact: true });
        if (opts.dryRun) {
          const { writeTextReport } = await import('../diff/text.js');
          await io.out(writeTextReport({ oldName: opts.base!, newName: input, old: base.matrix, new: written, changes, exact: true }));
          continue;
        }
        await writeOutput(target, text);
        reporter.report({ file: target === '-' ? opts.base! : target, message: `${target === '-' ? 'written to standard output' : 'written'}: ${summaryLine(changes)}`, severity: 'info' });
        continue;
      }
      await writeOutput(target, writer.stream ? writer.stream(loaded, wopts) : await writer.write(loaded, wopts));
    } catch (e) {
      status = reportFailure(e, reporter, input);
    }
  }
  return status;
}

/**
 * The format to write: `--to`, else `-o`'s extension, else (with --base) INI,
 * else JSON. An output name whose extension fmx does not write, and --base
 * with anything but INI, are usage errors.
 */
function outputFormat(opts: ConvertOptions): FormatName {
  if (opts.inPlace) return 'ini';
  const writes = writableFormats();
  const hint = `fmx writes ${writes.join(', ')}`;
  let fromName: FormatName | null = null;
  if (opts.output && opts.output !== '-' && path.extname(opts.output) !== '') {
    fromName = formatFromExtension(opts.output);
    if (fromName === null || !writes.includes(fromName)) {
      if (!opts.to) {
        throw new UsageError(
          `cannot write '${opts.output}': ${fromName ? `fmx reads ${fromName} but does not write it` : `fmx does not know the extension '${path.extname(opts.output)}'`} (${hint}); name the output with one of their extensions or give --to FORMAT`,
        );
      }
    }
  }
  const to = opts.to ?? fromName ?? (opts.base ? 'ini' : 'json');
  if (opts.base && to !== 'ini') {
    throw new UsageError(`--base writes the edit into an INI file, but the output format is ${to}${opts.to ? ' (--to)' : ` (from '${opts.output}')`}: drop --base, or write an INI`);
  }
  return to;
}

/** Two inputs whose output files in --out-dir would be the same file. */
function checkDistinctTargets(inputs: string[], targets: string[]): void {
  const seen = new Map<string, string>();
  for (const [n, t] of targets.entries()) {
    const k = path.resolve(t);
    const first = seen.get(k);
    if (first !== undefined) throw new UsageError(`'${first}' and '${inputs[n]}' would both be written to '${t}': convert them into different --out-dir directories`);
    seen.set(k, inputs[n]!);
  }
}

/**
 * `--history`: where git tracks each input (usage errors, before anything is
 * written, when it cannot apply). Without `-C`, each input must be a file git
 * tracks in a work tree; with `-C DIR`, each is a path in that repository.
 */
async function historySources(inputs: string[], to: FormatName, opts: ConvertOptions): Promise<Map<string, { dir: string; path: string }>> {
  if (!opts.history) throw new UsageError('-C is only used with --history');
  if (to !== 'html') throw new UsageError(`--history needs --to html (the page shows each cell's last change), not ${to}`);
  const { locateInGit } = await import('../history/run.js');
  const found = new Map<string, { dir: string; path: string }>();
  for (const input of inputs) {
    if (opts.dir !== undefined) found.set(input, { dir: opts.dir, path: input });
    else {
      const where = input === '-' ? null : await locateInGit(input);
      if (!where) throw new UsageError(`--history: ${input} is not a file git tracks in a work tree (give -C DIR and its path in the repository)`);
      found.set(input, where);
    }
  }
  return found;
}

/** `DIR/<name without its last extension>.<ext>`; standard input is `stdin`. */
export function outputName(input: string, to: FormatName): string {
  const base = input === '-' ? 'stdin' : path.basename(input);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) + '.' + to;
}
