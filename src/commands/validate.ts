/**
 * `fmx validate FILE...`: check matrices against upstream's rules and the
 * mistakes upstream lets through (see `../validate.ts`). Reports in the style
 * of unified's vfile-reporter, or as JSON for CI.
 *
 * Exit codes: 0 no errors (warnings allowed unless --strict), 1 an error (or
 * with --strict a warning) in some file, 2 usage error.
 */

import { FmxError, type Diagnostic } from '../diagnostics.js';
import { formatFromExtension, getFormat, sniffFormat } from '../formats/registry.js';
import { type FormatName } from '../formats/types.js';
import { decodeUtf8 } from '../io/decode.js';
import { readInput } from '../io/files.js';
import type { Matrix } from '../model/matrix.js';
import { Findings, ruleById, validateIniText, validateMatrix, type Locator, type Position } from '../validate/validate.js';
import { UsageError } from './usage.js';

export interface ValidateOptions {
  format?: 'text' | 'json';
  from?: FormatName;
  strict?: boolean;
  maxSize?: number;
  /** Colour the text report (default: when standard output is a terminal and NO_COLOR is unset). */
  color?: boolean;
}

export interface FileReport {
  file: string;
  /** The format the file was read as, or null when it could not be read. */
  format: FormatName | null;
  messages: Diagnostic[];
}

/** Validate one input: the findings, never an exception for bad input. */
export async function validateFile(file: string, opts: ValidateOptions = {}): Promise<FileReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readInput(file, opts.maxSize);
  } catch (e) {
    return { file, format: null, messages: failed(file, e) };
  }
  const format = opts.from ?? (file !== '-' ? formatFromExtension(file) : null) ?? sniffFormat(bytes);
  return { file, format, messages: await validateBytes(bytes, file, format) };
}

/** Validate bytes in a known format. */
export async function validateBytes(bytes: Uint8Array, file: string, format: FormatName): Promise<Diagnostic[]> {
  if (format === 'ini') {
    try {
      const { text, bom } = decodeUtf8(bytes, file);
      return validateIniText(text, file, bom);
    } catch (e) {
      return failed(file, e);
    }
  }
  const handler = getFormat(format);
  if (!handler.reader) throw new UsageError(`reading ${format} is not supported`);
  const readerWarnings: Diagnostic[] = [];
  let matrix: Matrix;
  try {
    const parser = await handler.reader();
    matrix = (await parser.read(bytes, { file, warn: (d) => readerWarnings.push({ ...d, severity: 'warning', ruleId: d.ruleId ?? 'reader-warning' }) })).matrix;
  } catch (e) {
    return [...readerWarnings, ...failed(file, e)];
  }
  let locator: Locator | undefined;
  if (!handler.binary) {
    try {
      locator = textLocator(decodeUtf8(bytes, file).text, matrix);
    } catch {
      locator = undefined;
    }
  }
  return [...readerWarnings, ...validateMatrix(matrix, file, locator)];
}

function failed(file: string, e: unknown): Diagnostic[] {
  if (e instanceof UsageError) throw e;
  const out = new Findings(file);
  if (e instanceof FmxError) out.addError(e);
  else out.list.push({ file, message: `internal error: ${e instanceof Error ? e.message : String(e)}`, severity: 'error', ruleId: 'internal-error' });
  return out.done();
}

/**
 * Positions in a page or table: the first line that shows a feature's or a
 * driver's title. Options have no place of their own there, so they point at
 * their feature.
 */
export function textLocator(text: string, m: Matrix): Locator {
  const titles = new Map<string, string>();
  for (const f of m.features) if (f.title) titles.set(f.key, f.title);
  for (const d of m.drivers) if (d.title) titles.set('driver.' + d.key, d.title).set('target.' + d.key, d.title);
  const cache = new Map<string, Position | undefined>();
  const section = (name: string): Position | undefined => {
    if (cache.has(name)) return cache.get(name);
    const title = titles.get(name);
    let pos: Position | undefined;
    const at = title ? text.indexOf(title) : -1;
    if (at !== -1) {
      let line = 1;
      let lineStart = 0;
      for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      pos = { line, column: at - lineStart + 1 };
    }
    cache.set(name, pos);
    return pos;
  };
  return { section, option: (s) => section(s), value: (s) => section(s) };
}

/** Whether a report fails: errors always, warnings with --strict. */
export function fails(messages: readonly Diagnostic[], strict = false): boolean {
  return messages.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

/** The text report, as vfile-reporter prints it. */
export async function textReport(reports: readonly FileReport[], color = false): Promise<string> {
  const [{ VFile }, { reporter }] = await Promise.all([import('vfile'), import('vfile-reporter')]);
  const files = reports.map((r) => {
    const vf = new VFile({ path: r.file === '-' ? '<stdin>' : r.file });
    for (const d of r.messages) {
      const place = d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : undefined;
      const msg = vf.message(d.message, { place, ruleId: d.ruleId });
      msg.fatal = d.severity === 'error' ? true : d.severity === 'warning' ? false : undefined;
    }
    return vf;
  });
  return reporter(files, { color });
}

/** The JSON report for CI. */
export function jsonReport(reports: readonly FileReport[], strict = false): string {
  let errors = 0;
  let warnings = 0;
  const files = reports.map((r) => ({
    file: r.file,
    format: r.format,
    ok: !fails(r.messages, strict),
    messages: r.messages.map((d) => {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      return {
        line: d.line ?? null,
        column: d.column ?? null,
        severity: d.severity,
        message: d.message,
        ruleId: d.ruleId ?? null,
        upstream: (d.ruleId && ruleById(d.ruleId)?.upstream) ?? null,
      };
    }),
  }));
  return JSON.stringify({ format: 'fmx/validate', version: 1, strict, errors, warnings, files }, null, 2) + '\n';
}

/** Run `fmx validate`; returns the exit code. */
export async function validateCommand(
  files: string[],
  opts: ValidateOptions,
  write: (s: string) => void = (s) => void process.stdout.write(s),
): Promise<number> {
  if (files.length === 0) throw new UsageError('no input given');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const reports: FileReport[] = [];
  for (const file of files) reports.push(await validateFile(file, opts));
  if (opts.format === 'json') write(jsonReport(reports, opts.strict));
  else {
    const color = opts.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
    write((await textReport(reports, color)) + '\n');
  }
  return reports.some((r) => fails(r.messages, opts.strict)) ? 1 : 0;
}
