/**
 * Positioned messages, in the spirit of unified's VFile messages: every
 * reader reports problems as diagnostics with a file, a 1-based line and
 * column where known, a severity and a rule id.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  /** 1-based; absent when the problem has no position in the input. */
  line?: number;
  /** 1-based, counted in UTF-16 code units of the decoded line. */
  column?: number;
  /** In a workbook: the cell, `Sheet!A1` (instead of line and column). */
  cell?: string;
  message: string;
  severity: Severity;
  /** A stable identifier of the rule or check, e.g. `ini-duplicate-section`. */
  ruleId?: string;
}

/** An input could not be read or converted. Carries one or more positioned errors. */
export class FmxError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'FmxError';
    this.diagnostics = list;
  }
}

export function error(file: string, message: string, line?: number, column?: number, ruleId?: string): FmxError {
  return new FmxError({ file, line, column, message, severity: 'error', ruleId });
}

/** `FILE:LINE:COL: message`, `FILE:LINE: message`, `FILE: Sheet!A1: message` or `FILE: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.cell !== undefined && d.line === undefined) where += `: ${d.cell}`;
  else if (d.line !== undefined) {
    where += `:${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${prefix}${d.message}`;
}

/** Show a piece of user text in a message: quoted, escaped and shortened. */
export function quote(text: string, max = 60): string {
  let t = text.length > max ? text.slice(0, max) + '…' : text;
  t = t.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${t}'`;
}

/**
 * A call that cannot do what was asked (an option that does not apply, an
 * unknown format): the CLI exits 2 with its message.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The one way a failure becomes what the user reads: an FmxError's own
 * positioned diagnostics, anything else an `internal error` naming `file`.
 * A UsageError is not a diagnostic: it is thrown on.
 */
export function diagnosticsOf(e: unknown, file: string): Diagnostic[] {
  if (e instanceof UsageError) throw e;
  if (e instanceof FmxError) return e.diagnostics;
  return [{ file, message: `internal error: ${e instanceof Error ? e.message : String(e)}`, severity: 'error', ruleId: 'internal-error' }];
}
