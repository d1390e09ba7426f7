/**
 * `fmx diff OLD NEW`: what changed between two versions of a matrix, read
 * from any format or from git (`git:REV:PATH`). Exit codes as diff(1): 0 no
 * changes, 1 changes, 2 trouble (unreadable input, missing file, bad git
 * revision, wrong usage).
 */

import { diagnosticsOf, quote, UsageError } from '../diagnostics.js';
import { compareSides, diffMatrices, diffReport } from '../diff/compare.js';
import type { ReportInput } from '../diff/report.js';
import type { FormatName, Loaded } from '../formats/types.js';
import { writeOutput } from '../io/files.js';
import { ambiguityMessage } from '../model/keys.js';
import type { Matrix } from '../model/matrix.js';
import { keysFromRefused } from '../formats/registry.js';
import { loadInput, stderrReporter, useColor, type Reporter } from './shared.js';

export interface DiffCommandOptions {
  format?: 'text' | 'md' | 'json' | 'html';
  from?: FormatName;
  keysFrom?: string;
  exact?: boolean;
  /** true: always colour the text report; false: never; unset: on a terminal without NO_COLOR. */
  color?: boolean;
  maxSize?: number;
}

/** Where the command writes; tests pass their own. */
export interface DiffIO {
  write(text: string): Promise<void>;
  reporter: Reporter;
  /** Whether standard output is a terminal (for colour). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Directory git runs in. */
  cwd?: string;
}

const processIO: DiffIO = {
  write: (text) => writeOutput('-', text),
  reporter: stderrReporter,
  get isTTY() {
    return !!process.stdout.isTTY;
  },
  env: process.env,
};

interface Side {
  loaded: Loaded;
  format: FormatName;
  keysFromUsed: boolean;
}

/** Run `fmx diff`; returns the exit code (0 same, 1 different, 2 trouble). */
export async function diffCommand(oldName: string, newName: string, opts: DiffCommandOptions, io: DiffIO = processIO): Promise<number> {
  try {
    if (oldName === '-' && newName === '-') throw new UsageError('only one of OLD and NEW can be standard input');
    let keysFrom: Matrix | undefined;
    if (opts.keysFrom) keysFrom = (await loadSide(opts.keysFrom, { ...opts, from: 'ini' }, undefined, io)).loaded.matrix;
    const a = await loadSide(oldName, opts, keysFrom, io);
    const b = await loadSide(newName, opts, keysFrom, io);
    if (keysFrom && !a.keysFromUsed && !b.keysFromUsed) {
      throw keysFromRefused([oldName, newName]);
    }
    // Made-up keys take the other side's by title; what a side's format or origin cannot carry is not a change.
    const sides = compareSides(a.loaded.matrix, b.loaded.matrix, { omits: { old: a.loaded.omits, new: b.loaded.omits } });
    for (const x of sides.ambiguous) {
      const [from, to] = x.side === 'old' ? [oldName, newName] : [newName, oldName];
      io.reporter.report({ file: from, message: ambiguityMessage(x.kind, x, to, quote), severity: 'warning', ruleId: 'keys-ambiguous' });
    }
    // Whether a side was a page is its provenance (which the prepared sides keep).
    const changes = diffMatrices(sides.old, sides.new, { exact: opts.exact, inferredKeys: {} });
    const input: ReportInput = { oldName, newName, old: sides.old, new: sides.new, changes, exact: opts.exact };
    await io.write(await render(input, opts, io));
    return changes.length ? 1 : 0;
  } catch (e) {
    // diff's trouble is exit 2, usage error or not: its 1 means "different".
    const list = e instanceof UsageError ? [{ file: 'fmx', message: e.message, severity: 'error' as const }] : diagnosticsOf(e, 'fmx');
    for (const d of list) io.reporter.report(d);
    if (io.env.FMX_DEBUG && e instanceof Error && e.stack) io.reporter.report({ file: 'fmx', message: e.stack, severity: 'info' });
    return 2;
  }
}

async function render(input: ReportInput, opts: DiffCommandOptions, io: DiffIO): Promise<string> {
  switch (opts.format ?? 'text') {
    case 'json':
      return JSON.stringify(diffReport(input.changes), null, 2) + '\n';
    case 'md':
      return (await import('../diff/markdown.js')).writeMarkdownReport(input);
    case 'html':
      return (await import('../diff/html.js')).writeHtmlReport(input);
    case 'text':
      return (await import('../diff/text.js')).writeTextReport(input, { color: useColor(opts.color, io) });
    default:
      throw new UsageError(`unknown report format '${String(opts.format)}': expected text, md, json or html`);
  }
}

/** Read one side: a file, standard input or `git:REV:PATH`, in the format its name, `--from` or its content says. */
async function loadSide(name: string, opts: DiffCommandOptions, keysFrom: Matrix | undefined, io: DiffIO): Promise<Side> {
  return loadInput(name, { from: opts.from, keysFrom, maxSize: opts.maxSize, git: true, cwd: io.cwd }, io.reporter);
}

export { useColor };
