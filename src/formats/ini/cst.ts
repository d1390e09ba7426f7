/**
 * The concrete syntax tree of an INI file as CPython's configparser reads it.
 *
 * The tree never copies the text: it records, for every section and option,
 * which lines of the source it occupies. Printing an unmodified tree is
 * printing its source; an edit replaces only the lines of what it changes
 * (see `patch.ts`). Lines are 0-based indices into `IniSource`.
 */

import { skipSpace, trimEnd } from './pyspace.js';

export interface IniSource {
  /** Decoded text, without a leading BOM. */
  text: string;
  bom: boolean;
  /** Offset of the first character of each line. */
  lineStart: number[];
  /** Offset just past each line's content (before its line terminator). */
  contentEnd: number[];
}

export interface IniOption {
  /** Name as configparser stores it: right-stripped and lower-cased. */
  name: string;
  /** The line of `name=value`. */
  line: number;
  /** One past the last line that belongs to the value (continuations). */
  endLine: number;
  /** configparser's raw value: lines stripped, joined with `\n`, right-stripped. */
  raw: string;
}

/**
 * How an option's first line is laid out. Computed from the line when asked
 * (`optionLayout`), not stored: a large file has a million options, and the
 * few readers of these (positions in messages, the patcher) ask for a handful.
 */
export interface OptionLayout {
  /** Name as written in the file (right-stripped). */
  rawName: string;
  /** 0-based column of the name's first character. */
  column: number;
  /** `=` or `:`. */
  delimiter: string;
  /** 0-based column of the first character of the value on its first line. */
  valueColumn: number;
}

export interface IniSection {
  /** The header's name exactly as written between the brackets. */
  name: string;
  /** The header line. */
  line: number;
  /** One past the last line of the block (the line before the next header, or the end). */
  endLine: number;
  /** A `[DEFAULT]` block: its options apply to every section. */
  isDefault: boolean;
  /** Own options in file order. */
  readonly options: IniOption[];
  /** Own options by configparser name (the last of a name, where a name repeats). */
  readonly byName: ReadonlyMap<string, IniOption>;
}

/** Sections with this many options or fewer are searched option by option while they are read. */
const SCANNED = 16;

/**
 * A section as the parser builds it. Its index by name is made when first
 * asked for: a large file has hundreds of thousands of sections that nothing
 * ever looks up by name (a `Map` each was a tenth of the parse), and a small
 * section is searched faster than it is indexed.
 */
export class ParsedSection implements IniSection {
  readonly options: IniOption[] = [];
  private index: Map<string, IniOption> | null = null;

  constructor(
    public name: string,
    public line: number,
    public endLine: number,
    public isDefault: boolean,
  ) {}

  get byName(): ReadonlyMap<string, IniOption> {
    if (this.index === null) {
      this.index = new Map();
      for (const o of this.options) this.index.set(o.name, o);
    }
    return this.index;
  }

  /** The last option added under `name`. */
  find(name: string): IniOption | undefined {
    if (this.index === null && this.options.length <= SCANNED) {
      for (let i = this.options.length - 1; i >= 0; i--) if (this.options[i]!.name === name) return this.options[i];
      return undefined;
    }
    return this.byName.get(name);
  }

  add(option: IniOption): void {
    this.options.push(option);
    this.index?.set(option.name, option);
  }
}

export interface IniDocument {
  file: string;
  source: IniSource;
  /** Every header block in file order, `[DEFAULT]` blocks included. */
  blocks: IniSection[];
  /** Non-default sections, by name, in file order (configparser's `sections()`). */
  sections: Map<string, IniSection>;
  /** The `[DEFAULT]` options, merged over all `[DEFAULT]` blocks. */
  defaults: Map<string, IniOption>;
}

export function lineCount(src: IniSource): number {
  return src.lineStart.length;
}

/** The text of a line without its terminator. */
export function lineText(src: IniSource, line: number): string {
  return src.text.slice(src.lineStart[line], src.contentEnd[line]);
}

/** The line terminator of a line: `\n`, `\r\n`, `\r` or `` (last line without one). */
export function lineEol(src: IniSource, line: number): string {
  const end = line + 1 < src.lineStart.length ? src.lineStart[line + 1]! : src.text.length;
  return src.text.slice(src.contentEnd[line], end);
}

/** The first `=` or `:` in `text[from, to)`, or `to`: configparser splits an option line there. */
export function delimiterAt(text: string, from: number, to: number): number {
  let d = from;
  while (d < to) {
    const c = text.charCodeAt(d);
    if (c === 61 || c === 58) break;
    d++;
  }
  return d;
}

/** The layout of an option's first line, read again from the source as the parser read it. */
export function optionLayout(src: IniSource, opt: IniOption): OptionLayout {
  const text = src.text;
  const ls = src.lineStart[opt.line]!;
  const first = skipSpace(text, ls, src.contentEnd[opt.line]!);
  const last = trimEnd(text, first, src.contentEnd[opt.line]!);
  const d = delimiterAt(text, first, last);
  return {
    rawName: text.slice(first, trimEnd(text, first, d)),
    column: first - ls,
    delimiter: text.charAt(d),
    valueColumn: skipSpace(text, d + 1, last) - ls,
  };
}

/** Offset where a line begins, or the end of the text for `line === lineCount`. */
export function offsetOfLine(src: IniSource, line: number): number {
  return line < src.lineStart.length ? src.lineStart[line]! : src.text.length;
}

/**
 * configparser's `options(section)`: the section's own options in file order,
 * then the `[DEFAULT]` options it does not override.
 */
export function effectiveOptions(doc: IniDocument, section: IniSection): IniOption[] {
  if (doc.defaults.size === 0) return section.options;
  const out = [...section.options];
  for (const [name, opt] of doc.defaults) if (!section.byName.has(name)) out.push(opt);
  return out;
}

/** configparser's `has_option` + raw `get`: the section's option, else the default. */
export function lookupOption(doc: IniDocument, section: IniSection | null, name: string): IniOption | undefined {
  return section?.byName.get(name) ?? doc.defaults.get(name);
}
