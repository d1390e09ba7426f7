/**
 * fmx as a library: read a matrix from any format, write it in another,
 * patch an INI with an edited model, compare two versions, validate. The CLI
 * is built on these functions. Everything public is exported here; nothing
 * under dist/ is public except through this module.
 *
 * Failures throw `FmxError`, whose `diagnostics` are the positioned messages
 * the CLI prints (file, line, column, rule id). A call that cannot do what
 * was asked (a format fmx does not write) throws `UsageError`.
 */

import { FmxError, UsageError, type Diagnostic, type Severity } from './diagnostics.js';
import { diffMatrices as compare, diffReport, type Change, type ChangeKind, type DiffReport } from './diff/compare.js';
import { patchIni as patchDocument } from './formats/ini/patch.js';
import { readIniText } from './formats/ini/read.js';
import { chooseFormat, keysFromRefused, loadWriter, readBytes } from './formats/registry.js';
import { FORMAT_NAMES, type FormatName, type WriteOptions } from './formats/types.js';
import type { Dialect, Driver, ExtraOption, Feature, Implementation, Matrix } from './model/matrix.js';
import { repeatedWarnings, validateEdit } from './validate/edited.js';
import { validateBytes } from './validate/input.js';

export { FmxError, UsageError, FORMAT_NAMES };
export type { Change, ChangeKind, Diagnostic, Dialect, Driver, ExtraOption, Feature, FormatName, Implementation, Matrix, Severity };
/** The `fmx/diff` contract: `{ format: 'fmx/diff', version: 1, changes }`. */
export type Diff = DiffReport;

export interface ReadMatrixOptions {
  /** The input's format; else the one `name`'s extension says; else the one the content looks like. */
  format?: FormatName;
  /** The input's name, for messages and for its extension (default `<input>`). */
  name?: string;
  /**
   * An INI whose keys a page's or a table's titles are matched to (`--keys-from`):
   * for an input whose keys were made up from titles; `UsageError` for one with keys of its own.
   */
  keysFrom?: string | Uint8Array;
  /** The most bytes the input (or what an XLSX inflates to) may hold; default 256 MiB. */
  maxSize?: number;
}

export interface WriteMatrixOptions {
  /** The output's name, for messages. */
  name?: string;
  /** CSV: `wide` (default) or `long` (lossless). */
  layout?: 'wide' | 'long';
  /** CSV: make cells that a spreadsheet would run as formulas show as text (default true). */
  formulaGuard?: boolean;
  /** CSV: start with a UTF-8 byte order mark. */
  bom?: boolean;
  /** Called with each warning (a value the format shows another way). */
  onWarning?: (d: Diagnostic) => void;
}

const INPUT = '<input>';
const bytesOf = (input: string | Uint8Array) => (typeof input === 'string' ? new TextEncoder().encode(input) : input);

/** Read a matrix from the text or bytes of any format fmx reads. The reader's warnings come back as `diagnostics`. */
export async function readMatrix(input: string | Uint8Array, options: ReadMatrixOptions = {}): Promise<{ matrix: Matrix; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const warn = (d: Diagnostic) => void diagnostics.push(d);
  let keysFrom: Matrix | undefined;
  if (options.keysFrom !== undefined) {
    keysFrom = (await readBytes(bytesOf(options.keysFrom), { file: '<keys-from>', from: 'ini', maxSize: options.maxSize, warn })).loaded.matrix;
  }
  const file = options.name ?? INPUT;
  const { loaded, keysFromUsed } = await readBytes(bytesOf(input), { file, from: options.format, keysFrom, maxSize: options.maxSize, warn });
  if (keysFrom && !keysFromUsed) throw keysFromRefused([file], 'keysFrom');
  // A value the input shows twice, differently (a Summary and its Details): the first copy is the model's.
  diagnostics.push(...repeatedWarnings(loaded.repeated, file));
  return { matrix: loaded.matrix, diagnostics };
}

/** Write a matrix in a format: text formats give a string, XLSX a `Uint8Array`. */
export async function writeMatrix(matrix: Matrix, format: FormatName, options: WriteMatrixOptions = {}): Promise<string | Uint8Array> {
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) throw new UsageError(`unknown format '${String(format)}'`);
  const writer = await loadWriter(format);
  const wopts: WriteOptions = {
    file: options.name ?? '<output>',
    layout: options.layout,
    formulaGuard: options.formulaGuard,
    bom: options.bom,
    warn: options.onWarning ?? (() => {}),
  };
  return writer.write({ matrix }, wopts);
}

/**
 * The INI `base` with `edited` written into it, changing only the lines
 * whose values differ (what `fmx convert --base` and `fmx set` do). Throws
 * FmxError for a value upstream would reject that the edit brings in, unless
 * `force` (`fmx set --force`).
 */
export function patchIni(base: string, edited: Matrix, options: { name?: string; force?: boolean } = {}): string {
  const name = options.name ?? INPUT;
  const text = base.charCodeAt(0) === 0xfeff ? base.slice(1) : base;
  const { matrix, doc } = readIniText(text, name, text !== base);
  // What `fmx validate` would call an error, brought in by the edit, is refused before anything is patched.
  const errors = options.force ? [] : validateEdit(edited, matrix, name);
  if (errors.length) throw new FmxError(errors);
  return patchDocument(doc, edited, name);
}

/** What changed from `older` to `newer`, as the `fmx/diff` contract. */
export function diffMatrices(older: Matrix, newer: Matrix, options: { exact?: boolean } = {}): Diff {
  return diffReport(compare(older, newer, { exact: options.exact }));
}

/**
 * Check an input against upstream's rules and common mistakes, as
 * `fmx validate` does. Never throws for bad input: a file that cannot be read
 * gives its errors as diagnostics. With `strict`, warnings count as errors
 * (their severity becomes `error`).
 */
export async function validateMatrix(
  input: string | Uint8Array,
  options: { format?: FormatName; name?: string; strict?: boolean; maxSize?: number } = {},
): Promise<Diagnostic[]> {
  const bytes = bytesOf(input);
  const name = options.name ?? INPUT;
  const found = await validateBytes(bytes, name, chooseFormat(bytes, options.name, options.format), options.maxSize);
  return options.strict ? found.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d)) : found;
}
