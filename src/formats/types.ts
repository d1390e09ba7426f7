/**
 * The contract between fmx and its formats: what a reader takes and gives,
 * what a writer takes. Every format module imports this file and `model/`,
 * nothing else of fmx's formats; the registry (registry.ts) imports the
 * formats, never the other way round.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { Matrix, Omission, Repeated, ValueRef } from '../model/index.js';
import type { CellHistory } from '../model/history.js';
import type { Pump } from '../io/files.js';

export type { Omission, Pump, Repeated, ValueRef };

/** Where a value sits in the input: a line and column (1-based) in text, a cell (`Sheet!A1`) in a workbook. */
export type SourcePlace = { line: number; column: number } | { cell: string };

/**
 * Where each value of a model came from, for messages about edited values
 * (`convert --base` validates what changed and points into the edited file).
 * Keys are `ValueRef`s: `{ feature, field }` a feature's field, `{ feature,
 * driver, field }` a cell's (`status`, `notes`, `release`), `{ driver, field }`
 * a driver's (`title`, `link`), `{ feature, field: 'row' }` the feature itself.
 */
export interface Positions {
  get(ref: ValueRef): SourcePlace | undefined;
}

/** A position map filled as a reader goes (the first place given for a value wins). */
export class PositionTable implements Positions {
  private readonly map = new Map<string, SourcePlace>();
  /** Asked for a value it has no place for, before giving up. */
  constructor(private readonly fallback?: (ref: ValueRef) => SourcePlace | undefined) {}
  set(ref: ValueRef, place: SourcePlace | undefined): void {
    if (!place) return;
    const k = refKey(ref);
    if (!this.map.has(k)) this.map.set(k, place);
  }
  /** Set a value's place over any place given before (a workbook's Summary cell over its Details row). */
  put(ref: ValueRef, place: SourcePlace | undefined): void {
    if (place) this.map.set(refKey(ref), place);
  }
  /** A value's place; else where its feature's row is. */
  get(ref: ValueRef): SourcePlace | undefined {
    return this.lookup(ref) ?? (ref.field !== 'row' && ref.feature !== undefined ? this.lookup({ feature: ref.feature, field: 'row' }) : undefined);
  }
  private lookup(ref: ValueRef): SourcePlace | undefined {
    return this.map.get(refKey(ref)) ?? this.fallback?.(ref);
  }
}

function refKey(r: ValueRef): string {
  return `${r.feature ?? ''}\u0000${r.driver ?? ''}\u0000${r.field}`;
}

/**
 * The INI text behind a model (an INI input, or a JSON that embeds its
 * source), kept so that the file can be written back or patched byte for
 * byte. `tree` is the INI format's own syntax tree once it has parsed the
 * text; no other format looks inside it.
 */
export interface IniSourceText {
  /** Where messages about the text point (`x.json (embedded source)`). */
  name: string;
  /** The text, without a leading byte order mark. */
  text: string;
  bom: boolean;
  tree?: unknown;
}

export const FORMAT_NAMES = ['ini', 'json', 'txt', 'html', 'md', 'csv', 'xlsx'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a reader gives: the model, and the INI it came from when there is one. */
export interface Loaded {
  matrix: Matrix;
  /** The INI document behind the model (an INI input, or a JSON carrying its source). */
  ini?: IniSourceText;
  /**
   * What the input format cannot carry. When the model is written into a
   * base INI (`--base`), these are taken from the base, not read as deletions.
   */
  omits?: Omission[];
  // Whether the keys were made up, or the text folded, is the model's own `provenance`.
  /** Where each value came from in the input (see `Positions`); absent where the reader does not say. */
  positions?: Positions;
  /**
   * Values the input shows more than once whose copies disagree (a feature's
   * fields on each of its rows in the long layout). The model holds the first
   * copy; `convert --base` decides with the base which copy is the edit.
   */
  repeated?: Repeated<SourcePlace>[];
}

export interface ReadOptions {
  file: string;
  /**
   * The most bytes the input, or what an archive inflates to, may hold
   * (`--max-size`; default DEFAULT_MAX_SIZE). A reader that unpacks enforces it.
   */
  maxSize?: number;
  /**
   * Map titles to the keys of this model (`--keys-from`). Page readers match
   * ids and titles themselves (`model/keys.ts` matchKeys); for every other
   * format the registry matches a model with made-up keys after reading.
   */
  keysFrom?: Matrix;
  /**
   * `--allow-deletions`: an edit that deletes (a cleared status cell in a
   * workbook's Summary) is read as a deletion; without it, it is an error.
   */
  allowDeletions?: boolean;
  /** Report a non-fatal problem (printed to stderr as FILE:LINE: message). */
  warn: (d: Diagnostic) => void;
}

export interface WriteOptions {
  /** The file written to (for messages), or `-`. */
  file: string;
  /** JSON: embed the INI source. */
  withSource?: boolean;
  /** INI: the document to patch instead of writing a fresh file. */
  base?: IniSourceText;
  /** CSV layout. */
  layout?: 'wide' | 'long';
  /** CSV: write cells that a spreadsheet would run as formulas so that they show as text. */
  formulaGuard?: boolean;
  /** CSV: start with a UTF-8 BOM. */
  bom?: boolean;
  /** HTML: when each cell last changed (from `fmx blame`), shown in the cell's title and notes. */
  history?: CellHistory[];
  warn: (d: Diagnostic) => void;
}

/** What a format's reader module (`formats/<format>/read.ts`) exports. */
export interface ReaderModule {
  read(bytes: Uint8Array, opts: ReadOptions): Promise<Loaded> | Loaded;
}

/** What a format's writer module (`formats/<format>/write.ts`) exports. */
export interface WriterModule {
  write(loaded: Loaded, opts: WriteOptions): Promise<string | Uint8Array> | string | Uint8Array;
  /** The same output made while it is written (see `Pump`), for writers whose output can be large. */
  stream?(loaded: Loaded, opts: WriteOptions): Pump;
}
