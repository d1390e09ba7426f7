/** `fmx convert`: read inputs in any format, write them in another. */

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { error, FmxError, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { formatFromExtension, getFormat, sniffFormat } from '../formats/registry.js';
import { type FormatName, type Loaded, type WriteOptions } from '../formats/types.js';
import { readInput, writeOutput } from '../io/files.js';
import type { Matrix } from '../model/matrix.js';
import { UsageError } from './usage.js';

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
}

export interface Reporter {
  /** Print a diagnostic to stderr. */
  report(d: Diagnostic): void;
}

export const stderrReporter: Reporter = {
  report(d) {
    process.stderr.write(formatDiagnostic(d) + '\n');
  },
};

/** Read one input in the format its name, the option, or its content says. */
export async function loadInput(
  file: string,
  opts: { from?: FormatName; keysFrom?: Matrix; maxSize?: number },
  reporter: Reporter,
): Promise<Loaded> {
  return (await loadBytes(await readInput(file, opts.maxSize), file, file, opts, reporter)).loaded;
}

/**
 * Read input bytes: in the `--from` format, else the one `pathName`'s
 * extension says, else the one the content looks like.
 */
export async function loadBytes(
  bytes: Uint8Array,
  file: string,
  pathName: string,
  opts: { from?: FormatName; keysFrom?: Matrix },
  reporter: Reporter,
): Promise<{ loaded: Loaded; format: FormatName }> {
  const format = opts.from ?? (pathName !== '-' ? formatFromExtension(pathName) : null) ?? sniffFormat(bytes);
  const handler = getFormat(format);
  if (!handler.reader) throw new UsageError(`reading ${format} is not supported`);
  const parser = await handler.reader();
  const loaded = await parser.read(bytes, { file, keysFrom: opts.keysFrom, warn: (d) => reporter.report(d) });
  return { loaded, format };
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
  const writer = getFormat(to);
  if (!writer.writer) throw new UsageError(`writing ${to} is not supported`);
  if (writer.binary && !opts.output && !opts.outDir && process.stdout.isTTY) {
    throw new UsageError(`${to} is a binary format: give -o FILE or --out-dir DIR`);
  }

  let keysFrom: Matrix | undefined;
  let base: Loaded | undefined;
  try {
    if (opts.keysFrom) keysFrom = (await loadInput(opts.keysFrom, { from: 'ini', maxSize: opts.maxSize }, reporter)).matrix;
    if (opts.base) {
      base = await loadInput(opts.base, { from: 'ini', maxSize: opts.maxSize }, reporter);
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
      const loaded = await loadInput(input, { from: opts.from, keysFrom, maxSize: opts.maxSize }, reporter);
      const wopts: WriteOptions = {
        file: target,
        withSource: opts.withSource,
        base: base?.ini,
        layout: opts.layout,
        formulaGuard: opts.formulaGuard,
        bom: opts.bom,
        warn: (d) => reporter.report(d),
      };
      const emitter = await writer.writer!();
      await writeOutput(target, emitter.stream ? emitter.stream(loaded, wopts) : await emitter.write(loaded, wopts));
    } catch (e) {
      status = reportFailure(e, reporter, input);
    }
  }
  return status;
}

/** `DIR/<name without its last extension>.<ext>`; standard input is `stdin`. */
export function outputName(input: string, to: FormatName): string {
  const base = input === '-' ? 'stdin' : path.basename(input);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) + '.' + to;
}

/** Print a failure and return exit code 1 (usage errors are rethrown). */
export function reportFailure(e: unknown, reporter: Reporter, file = 'fmx'): number {
  if (e instanceof UsageError) throw e;
  if (e instanceof FmxError) {
    for (const d of e.diagnostics) reporter.report(d);
    return 1;
  }
  const message = e instanceof Error ? e.message : String(e);
  reporter.report({ file, message: `internal error: ${message}`, severity: 'error' });
  if (process.env.FMX_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  return 1;
}
