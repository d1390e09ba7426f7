/**
 * What the commands share: reading an input in the format it is in (through
 * the registry), turning a failure into the diagnostics a user reads,
 * printing them, and whether to colour output.
 */

import { diagnosticsOf, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { readBytes } from '../formats/registry.js';
import type { FormatName, Loaded, Repeated, SourcePlace } from '../formats/types.js';
import { readInput } from '../io/files.js';
import { parseGitSpec, readGitFile } from '../io/git.js';
import type { Matrix } from '../model/matrix.js';

export interface Reporter {
  /** Print a diagnostic to stderr. */
  report(d: Diagnostic): void;
}

export const stderrReporter: Reporter = {
  report(d) {
    process.stderr.write(formatDiagnostic(d) + '\n');
  },
};

export interface LoadOptions {
  from?: FormatName;
  keysFrom?: Matrix;
  maxSize?: number;
  /** A cleared cell of a workbook's Summary is a deletion, not an error (`--allow-deletions`). */
  allowDeletions?: boolean;
  /** Also accept `git:REV:PATH` (read in `cwd`). */
  git?: boolean;
  cwd?: string;
  /**
   * Values the input shows twice, differently (`Loaded.repeated`), are the
   * caller's to settle (`convert --base` asks the base); otherwise each is
   * reported here: the first copy is the model's.
   */
  keepRepeated?: boolean;
}

/**
 * Read one input (a file, `-` for standard input, or with `git` a
 * `git:REV:PATH`) in the `--from` format, else the one its name's extension
 * says, else the one its content looks like.
 */
export async function loadInput(name: string, opts: LoadOptions, reporter: Reporter): Promise<{ loaded: Loaded; format: FormatName; keysFromUsed: boolean }> {
  const spec = opts.git ? parseGitSpec(name) : null;
  const bytes = spec ? await readGitFile(spec, { cwd: opts.cwd, maxSize: opts.maxSize }) : await readInput(name, opts.maxSize);
  const read = await readBytes(bytes, {
    file: name,
    name: spec ? spec.path : name,
    from: opts.from,
    keysFrom: opts.keysFrom,
    maxSize: opts.maxSize,
    allowDeletions: opts.allowDeletions,
    warn: (d) => reporter.report(d),
  });
  if (!opts.keepRepeated && read.loaded.repeated?.length) await reportRepeated(read.loaded.repeated, name, reporter);
  return read;
}

/** Without a base to tell the edit, each value whose copies disagree keeps its first copy: say so, once per value. */
export async function reportRepeated(repeated: readonly Repeated<SourcePlace>[], file: string, reporter: Reporter): Promise<void> {
  // Loaded only here: the edit checks' module.
  const { repeatedWarnings } = await import('../validate/edited.js');
  for (const d of repeatedWarnings(repeated, file)) reporter.report(d);
}

/** Print a failure and return exit code 1 (usage errors are thrown on). */
export function reportFailure(e: unknown, reporter: Reporter, file = 'fmx'): number {
  for (const d of diagnosticsOf(e, file)) reporter.report(d);
  if (process.env.FMX_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  return 1;
}

/**
 * Colour for a report: `--color` forces it, `--no-color` refuses it;
 * otherwise a terminal gets it unless NO_COLOR is set or TERM is `dumb`.
 */
export function useColor(flag: boolean | undefined, io: { isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return io.isTTY;
}
