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
  lineStart: Uint32Array;
  /** Offset just past each line's content (before its line terminator). */
  contentEnd: Uint32Array;
}

export interface IniOption {
  /** Its row in the document's option table. */
  readonly row: number;
  /** Name as configparser stores it: right-stripped and lower-cased. */
  readonly name: string;
  /** The line of `name=value`. */
  readonly line: number;
  /** One past the last line that belongs to the value (continuations). */
  readonly endLine: number;
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
  /** This block's options are the rows `[first, end)` of its document's option table. */
  readonly first: number;
  readonly end: number;
  /** Own options in file order. */
  readonly options: readonly IniOption[];
  /** Own options by configparser name (the last of a name, where a name repeats). */
  readonly byName: ReadonlyMap<string, IniOption>;
}

/**
 * Every option of a document, in file order, a column per field: a large file
 * has a hundred thousand options, and an object each (with its copies by the
 * young generation's collector, on fresh pages) was a third of the parse.
 * A block's options are consecutive rows. Names and values are references
 * into one list of strings, where a name or a short value that repeats
 * (`complete`, `driver.libvirt-kvm-x86`) is held once. `IniOption` objects
 * are made only when asked for (`IniSection.options`), as views of their row.
 */
export class OptionTable {
  count = 0;
  /** The strings the rows refer to: each shared name or short value once, each other value once per row. */
  private readonly strings: string[] = [];
  /**
   * The columns, made once for the most rows a text of that many lines can
   * have (one per line): typed arrays, whose pages beyond the last row are
   * never touched, and which the collector never copies.
   */
  readonly nameRefs: Uint32Array;
  readonly rawRefs: Uint32Array;
  readonly lines: Uint32Array;
  readonly endLines: Uint32Array;

  constructor(capacity: number) {
    this.nameRefs = new Uint32Array(capacity);
    this.rawRefs = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.endLines = new Uint32Array(capacity);
  }

  /** A string added to the list; its reference. */
  ref(s: string): number {
    return this.strings.push(s) - 1;
  }

  /** A new row: a one-line option (a value's continuation lines are added by `setRaw` and `endLines`). */
  add(nameRef: number, line: number, rawRef: number): number {
    const row = this.count++;
    this.nameRefs[row] = nameRef;
    this.rawRefs[row] = rawRef;
    this.lines[row] = line;
    this.endLines[row] = line + 1;
    return row;
  }

  /** The option name of a row, as configparser stores it. */
  name(row: number): string {
    return this.strings[this.nameRefs[row]!]!;
  }

  /** The raw value of a row. */
  raw(row: number): string {
    return this.strings[this.rawRefs[row]!]!;
  }

  /**
   * Set a row's raw value. `alone`: the row is the only one referring to its
   * current string, which is then replaced rather than kept beside the new one.
   */
  setRaw(row: number, value: string, alone = false): void {
    if (alone) this.strings[this.rawRefs[row]!] = value;
    else this.rawRefs[row] = this.ref(value);
  }

  /** The string a reference refers to. */
  string(ref: number): string {
    return this.strings[ref]!;
  }
}

/** An option as a view of its row: what is set on it (a value taken literally) is set in the table. */
class OptionView implements IniOption {
  constructor(
    private readonly table: OptionTable,
    readonly row: number,
  ) {}
  get name(): string {
    return this.table.name(this.row);
  }
  get line(): number {
    return this.table.lines[this.row]!;
  }
  get endLine(): number {
    return this.table.endLines[this.row]!;
  }
  get raw(): string {
    return this.table.raw(this.row);
  }
  set raw(value: string) {
    this.table.setRaw(this.row, value);
  }
}

/**
 * A section as the parser builds it: a range of rows of the option table.
 * Its options as objects, and its index by name, are made when first asked
 * for: a large file has thousands of sections that nothing ever looks up by name.
 */
export class ParsedSection implements IniSection {
  end: number;
  private views: IniOption[] | null = null;
  private index: Map<string, IniOption> | null = null;

  constructor(
    public name: string,
    public line: number,
    public endLine: number,
    public isDefault: boolean,
    private readonly table: OptionTable,
    readonly first: number,
  ) {
    this.end = first;
  }

  get options(): readonly IniOption[] {
    if (this.views === null) {
      this.views = [];
      for (let r = this.first; r < this.end; r++) this.views.push(new OptionView(this.table, r));
    }
    return this.views;
  }

  get byName(): ReadonlyMap<string, IniOption> {
    if (this.index === null) {
      this.index = new Map();
      for (const o of this.options) this.index.set(o.name, o);
    }
    return this.index;
  }
}

export interface IniDocument {
  file: string;
  source: IniSource;
  /** Every option of every block, in file order. */
  options: OptionTable;
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
export function effectiveOptions(doc: IniDocument, section: IniSection): readonly IniOption[] {
  if (doc.defaults.size === 0) return section.options;
  const out = [...section.options];
  for (const [name, opt] of doc.defaults) if (!section.byName.has(name)) out.push(opt);
  return out;
}

/**
 * `effectiveOptions` as rows of the option table, without making an object
 * per option: null where the section's own rows `[first, end)` are all.
 */
export function effectiveRows(doc: IniDocument, section: IniSection): number[] | null {
  if (doc.defaults.size === 0) return null;
  const rows: number[] = [];
  const own = new Set<string>();
  for (let r = section.first; r < section.end; r++) {
    rows.push(r);
    own.add(doc.options.name(r));
  }
  for (const [name, opt] of doc.defaults) if (!own.has(name)) rows.push(opt.row);
  return rows;
}

/** configparser's `has_option` + raw `get`: the section's option, else the default. */
export function lookupOption(doc: IniDocument, section: IniSection | null, name: string): IniOption | undefined {
  return section?.byName.get(name) ?? doc.defaults.get(name);
}
