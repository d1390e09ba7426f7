/** `fmx convert`: read inputs in any format, write them in another. */

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { error, UsageError } from '../diagnostics.js';
import { formatFromExtension, getFormat, keysFromRefused, loadWriter } from '../formats/registry.js';
import type { FormatName, Loaded, WriteOptions } from '../formats/types.js';
import { writeOutput } from '../io/files.js';
import type { Matrix } from '../model/matrix.js';
import { loadInput, reportFailure, stderrReporter, type Reporter } from './shared.js';

export interface ConvertOptions {
  from?: FormatName;
  to?: FormatName;
  output?: string;
  outDir?: string;
  withSource?: boolean;
  keysFrom?: string;
  base?: string;
  inPlace?: boolean;
  layout?: 'wide' | 'long';
  formulaGuard?: boolean;
  bom?: boolean;
  maxSize?: number;
  /** HTML: show each cell's last change, blamed at HEAD in the file's git repository. */
  history?: boolean;
  /** With `history`: the inputs are paths in the repository at DIR, read at HEAD (`-C`). */
  dir?: string;
}

/** Run `fmx convert`; returns the exit code. */
export async function convert(inputs: string[], opts: ConvertOptions, reporter: Reporter = stderrReporter): Promise<number> {
  if (inputs.length === 0) throw new UsageError('no input given');
  if (opts.output && opts.outDir) throw new UsageError('-o and --out-dir cannot be used together');
  if (inputs.length > 1 && !opts.outDir) throw new UsageError('several inputs need --out-dir');
  if (opts.inPlace && (opts.output || opts.outDir)) throw new UsageError('--in-place cannot be used with -o or --out-dir');
  if (opts.inPlace && !opts.base) throw new UsageError('--in-place needs --base (the INI file to update)');
  const to: FormatName = opts.inPlace
    ? 'ini'
    : opts.to ?? (opts.output && opts.output !== '-' ? formatFromExtension(opts.output) : null) ?? 'json';
  const writer = await loadWriter(to);
  if (getFormat(to).binary && !opts.output && !opts.outDir && process.stdout.isTTY) {
    throw new UsageError(`${to} is a binary format: give -o FILE or --out-dir DIR`);
  }

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

  if (opts.outDir) {
    try {
      await mkdir(opts.outDir, { recursive: true });
    } catch (e) {
      return reportFailure(error(opts.outDir, `cannot create the output directory: ${(e as Error).message}`), reporter);
    }
  }
  let status = 0;
  for (const input of inputs) {
    const target = opts.inPlace
      ? opts.base!
      : opts.outDir
        ? path.join(opts.outDir, outputName(input, to))
        : opts.output ?? '-';
    try {
      const where = inGit?.get(input);
      const name = where && opts.dir !== undefined ? `git:HEAD:${where.path}` : input;
      const { loaded, keysFromUsed } = await loadInput(name, { from: opts.from, keysFrom, maxSize: opts.maxSize, git: opts.dir !== undefined, cwd: opts.dir }, reporter);
      if (opts.keysFrom && !keysFromUsed) throw keysFromRefused([input]);
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
      await writeOutput(target, writer.stream ? writer.stream(loaded, wopts) : await writer.write(loaded, wopts));
    } catch (e) {
      status = reportFailure(e, reporter, input);
    }
  }
  return status;
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
