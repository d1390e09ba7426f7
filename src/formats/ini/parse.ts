/**
 * Read INI text into a concrete syntax tree, accepting exactly what CPython's
 * `configparser.ConfigParser()` accepts at its defaults and rejecting what it
 * rejects (its `RawConfigParser._read`):
 *
 * - lines end at `\n`, `\r\n` or `\r` (Python's universal newlines);
 * - a line whose stripped text starts with `#` or `;` is a comment, wherever
 *   it stands (also inside a multi-line value, which it does not end);
 * - an empty line inside a value is kept as an empty line of the value;
 * - a line indented deeper than the current option's line continues its value;
 * - otherwise `[name]` (up to the last `]`) opens a section, and
 *   `name = value` / `name : value` (first delimiter wins) sets an option;
 * - option names are right-stripped and lower-cased, values stripped;
 * - duplicate sections and duplicate options (within one file) are errors, as
 *   are text before the first section and lines that are none of the above.
 *
 * Interpolation (`%(name)s`) happens when values are read: see `interpolate.ts`.
 */

import { FmxError, type Diagnostic, quote } from '../../diagnostics.js';
import { delimiterAt, OptionTable, ParsedSection, type IniDocument, type IniOption, type IniSection, type IniSource } from './cst.js';
import { pyRstrip, skipSpace, trimEnd } from './pyspace.js';

const MAX_ERRORS = 20;
/** Distinct names and short values shared per file, and the longest value shared. */
const MAX_INTERNED = 65536;
const MAX_INTERNED_LENGTH = 24;

/**
 * Split text into lines the way Python's universal-newline reader does. The
 * lines are counted first and their offsets written into two typed arrays of
 * exactly that length: a large file has hundreds of thousands of lines, and
 * arrays grown by `push` were copied at each growth (on these machines a
 * tenth of the parse went to faulting in the copies' fresh pages).
 */
export function splitLines(text: string, bom: boolean): IniSource {
  const n = text.length;
  if (text.indexOf('\r') === -1) {
    let count = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) count++;
    if (n > 0 && text.charCodeAt(n - 1) !== 10) count++;
    const lineStart = new Uint32Array(count);
    const contentEnd = new Uint32Array(count);
    let start = 0;
    for (let ln = 0; ln < count; ln++) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? n : nl;
      lineStart[ln] = start;
      contentEnd[ln] = end;
      start = end + 1;
    }
    return { text, bom, lineStart, contentEnd };
  }
  // `\r\n`, `\r` and `\n` all end a line: one pass to count, one to record.
  let count = 0;
  for (let i = 0; i < n; ) {
    const end = lineEnd(text, i, n);
    count++;
    i = end < n ? end + eolLength(text, end) : n;
  }
  const lineStart = new Uint32Array(count);
  const contentEnd = new Uint32Array(count);
  let i = 0;
  for (let ln = 0; ln < count; ln++) {
    const end = lineEnd(text, i, n);
    lineStart[ln] = i;
    contentEnd[ln] = end;
    i = end < n ? end + eolLength(text, end) : n;
  }
  return { text, bom, lineStart, contentEnd };
}

/** The offset of the first `\r` or `\n` at or after `i`, or `n`. */
function lineEnd(text: string, i: number, n: number): number {
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return n;
}

/** The length of the line terminator at `i`: 2 for `\r\n`, else 1. */
function eolLength(text: string, i: number): number {
  return text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
}

/**
 * Close an option's value once its last line is known: configparser joins
 * the lines with `\n` and right-strips the result. (Not a closure: the parse
 * loop's state stays in local variables.)
 */
function closeValue(table: OptionTable, opt: number, parts: string[] | null, lastValueLine: number, own: boolean): void {
  if (opt !== -1 && parts) {
    // The first line's string, if the row alone refers to it, is replaced (not kept beside the whole value).
    table.setRaw(opt, pyRstrip(parts.join('\n')), own);
    table.endLines[opt] = lastValueLine + 1;
  }
}

export function parseIni(text: string, file: string, bom = false): IniDocument {
  const src = splitLines(text, bom);
  const { lineStart, contentEnd } = src;
  const table = new OptionTable(lineStart.length);
  const blocks: ParsedSection[] = [];
  const sections = new Map<string, IniSection>();
  const defaultRows = new Map<string, number>();
  // The last row of each option name outside [DEFAULT]: a duplicate in the current block is a row at
  // or after the block's first (one map for the file, not an index per block).
  const lastRow = new Map<string, number>();
  const errors: Diagnostic[] = [];
  // Option names, and short values such as `complete`, repeat from section to section: one copy
  // of each in the table's strings, so that a large file does not hold (and the GC does not move)
  // a million copies. `intern` gives a string's reference.
  const seen = new Map<string, number>();
  const intern = (s: string): number => {
    let k = seen.get(s);
    if (k === undefined) {
      k = table.ref(s);
      if (seen.size < MAX_INTERNED) seen.set(s, k);
    }
    return k;
  };
  // A matrix's sections list their options in the same order, often with the same short values:
  // the name that followed the previous one last time, and the value this name had last time, are
  // compared in place first, before a copy is sliced and looked up.
  const follows = new Map<string, { raw: string; name: string; nameRef: number }>();
  const lastValue = new Map<string, number>();
  let previous = ''; // the raw name of the section's previous option
  const fail = (line: number, column: number, message: string, ruleId: string) => {
    errors.push({ file, line: line + 1, column: column + 1, message, severity: 'error', ruleId });
  };

  let cur: ParsedSection | null = null; // the block lines are added to
  let opt = -1; // the row of configparser's optname
  let own = false; // whether opt's first line is a string of its own (not shared)
  let parts: string[] | null = null; // pieces of opt's value, once it has a continuation line
  let blanks = 0; // empty lines since opt's last piece (they count only if a piece follows)
  let lastValueLine = -1; // last continuation line with content
  let indentLevel = 0;

  const count = lineStart.length;
  for (let ln = 0; ln < count; ln++) {
    const ls = lineStart[ln]!;
    const le = contentEnd[ln]!;
    const first = skipSpace(text, ls, le);
    if (first === le) {
      // An empty line: part of the value if one is open.
      if (opt !== -1) blanks++;
      continue;
    }
    const c0 = text.charCodeAt(first);
    if (c0 === 35 /* # */ || c0 === 59 /* ; */) continue; // comment, even inside a value
    const last = trimEnd(text, first, le);
    const indent = first - ls;

    if (opt !== -1 && cur && indent > indentLevel) {
      parts ??= [table.raw(opt)];
      for (; blanks > 0; blanks--) parts.push('');
      parts.push(text.slice(first, last));
      lastValueLine = ln;
      continue;
    }
    indentLevel = indent;

    // A section header: `[` ... last `]`, at least one character between.
    if (c0 === 91 /* [ */) {
      const close = text.lastIndexOf(']', last - 1);
      if (close > first + 1) {
        closeValue(table, opt, parts, lastValueLine, own);
        parts = null;
        blanks = 0;
        opt = -1;
        if (cur) cur.endLine = ln;
        const name = text.slice(first + 1, close);
        const block = new ParsedSection(name, ln, count, name === 'DEFAULT', table, table.count);
        previous = '';
        if (!block.isDefault) {
          const prev = sections.get(name);
          if (prev) {
            // configparser stops here; its options are not checked against the first block's.
            fail(ln, first - ls, `duplicate section [${name}] (first at line ${prev.line + 1})`, 'ini-duplicate-section');
          } else {
            sections.set(name, block);
          }
        }
        blocks.push(block);
        cur = block;
        continue;
      }
    }

    if (!cur) {
      throw new FmxError({
        file,
        line: ln + 1,
        column: first - ls + 1,
        message: `text before the first section header: ${quote(text.slice(first, last))} (a matrix starts with a [section])`,
        severity: 'error',
        ruleId: 'ini-missing-section-header',
      });
    }

    // An option: the first `=` or `:` separates name and value.
    const d = delimiterAt(text, first, last);
    if (d === last) {
      if (c0 === 91) {
        fail(ln, first - ls, `unclosed section header ${quote(text.slice(first, last))}: expected ']'`, 'ini-unclosed-section');
      } else {
        fail(
          ln,
          first - ls,
          `${quote(text.slice(first, last))} is neither a [section], a name=value option, a comment nor an indented continuation`,
          'ini-invalid-line',
        );
      }
      // configparser keeps reading (and reports every such line at the end);
      // the open option, if any, stays open.
      continue;
    }
    closeValue(table, opt, parts, lastValueLine, own);
    parts = null;
    blanks = 0;
    const nameEnd = trimEnd(text, first, d);
    if (nameEnd === first) {
      fail(ln, first - ls, `option without a name: ${quote(text.slice(first, last))}`, 'ini-empty-option-name');
    }
    let guess = follows.get(previous);
    if (guess === undefined || guess.raw.length !== nameEnd - first || !text.startsWith(guess.raw, first)) {
      const raw = text.slice(first, nameEnd);
      const nameRef = intern(raw.toLowerCase());
      guess = { raw, name: table.string(nameRef), nameRef };
      if (follows.size < MAX_INTERNED) follows.set(previous, guess);
    }
    previous = guess.raw;
    const name = guess.name;
    const vStart = skipSpace(text, d + 1, last);
    let rawRef: number;
    own = last - vStart > MAX_INTERNED_LENGTH;
    if (own) rawRef = table.ref(text.slice(vStart, last));
    else {
      const was = lastValue.get(name);
      const s = was === undefined ? undefined : table.string(was);
      if (s !== undefined && s.length === last - vStart && text.startsWith(s, vStart)) rawRef = was!;
      else {
        rawRef = intern(text.slice(vStart, last));
        if (lastValue.size < MAX_INTERNED) lastValue.set(name, rawRef);
      }
    }
    // configparser's cursect: the merged `[DEFAULT]` options (a name in an earlier [DEFAULT] block is a
    // duplicate too), or this block's.
    const existing = cur.isDefault ? (defaultRows.get(name) ?? -1) : (lastRow.get(name) ?? -1);
    if (existing !== -1 && (cur.isDefault || existing >= cur.first)) {
      fail(
        ln,
        first - ls,
        `duplicate option '${name}' in section [${cur.name}] (first at line ${table.lines[existing]! + 1})`,
        'ini-duplicate-option',
      );
    }
    const row = table.add(guess.nameRef, ln, rawRef);
    if (cur.isDefault) defaultRows.set(name, row);
    else lastRow.set(name, row);
    cur.end = row + 1;
    // An option without a name (an error) takes no continuation lines: configparser's optname is falsy.
    opt = name === '' ? -1 : row;
    parts = null;
    blanks = 0;
    lastValueLine = ln;
  }
  closeValue(table, opt, parts, lastValueLine, own);

  if (errors.length) {
    errors.sort((a, b) => a.line! - b.line! || a.column! - b.column!);
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) {
      shown.push({ file, message: `${errors.length - MAX_ERRORS} more errors not shown`, severity: 'error' });
    }
    throw new FmxError(shown);
  }
  return { file, source: src, options: table, blocks, sections, defaults: defaultsOf(blocks) };
}

/** The `[DEFAULT]` options merged over every `[DEFAULT]` block, in file order (the last of a name wins). */
function defaultsOf(blocks: readonly ParsedSection[]): Map<string, IniOption> {
  const defaults = new Map<string, IniOption>();
  for (const b of blocks) if (b.isDefault) for (const o of b.options) defaults.set(o.name, o);
  return defaults;
}

