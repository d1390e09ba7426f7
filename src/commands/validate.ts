/**
 * `fmx validate FILE...`: check matrices against upstream's rules and the
 * mistakes upstream lets through (see `../validate/`). Reports in the style
 * of unified's vfile-reporter, or as JSON for CI.
 *
 * Exit codes: 0 no errors (warnings allowed unless --strict), 1 an error (or
 * with --strict a warning) in some file, 2 usage error.
 */

import { UsageError, type Diagnostic } from '../diagnostics.js';
import { chooseFormat } from '../formats/registry.js';
import type { FormatName } from '../formats/types.js';
import { readInput } from '../io/files.js';
import { failureFindings, validateBytes } from '../validate/input.js';
import { ruleById } from '../validate/validate.js';
import { useColor } from './shared.js';

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
    return { file, format: null, messages: failureFindings(file, e) };
  }
  const format = chooseFormat(bytes, file, opts.from);
  return { file, format, messages: await validateBytes(bytes, file, format, opts.maxSize) };
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
      // A workbook has cells, not lines: the cell leads the message (`Summary!D7: ...`).
      const text = place === undefined && d.cell !== undefined ? `${d.cell}: ${d.message}` : d.message;
      const msg = vf.message(text, { place, ruleId: d.ruleId });
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
        cell: d.cell ?? null,
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
    const color = useColor(opts.color, { isTTY: process.stdout.isTTY === true, env: process.env });
    write((await textReport(reports, color)) + '\n');
  }
  return reports.some((r) => fails(r.messages, opts.strict)) ? 1 : 0;
}
