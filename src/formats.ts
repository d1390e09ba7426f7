/**
 * The format registry: which reader and writer serve each format, chosen by
 * name, by file extension, or by sniffing the content. Readers and writers
 * are loaded on first use, so that a command pays only for the formats it
 * touches (exceljs and unified are heavy).
 */

import type { Diagnostic } from './diagnostics.js';
import type { IniDocument } from './ini/cst.js';
import type { Matrix } from './model.js';
import type { Pump } from './io.js';

export const FORMAT_NAMES = ['ini', 'json', 'txt', 'html', 'md', 'csv', 'xlsx'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a reader gives: the model, and the INI it came from when there is one. */
export interface Loaded {
  matrix: Matrix;
  /** The INI document behind the model (an INI input, or a JSON carrying its source). */
  ini?: IniDocument;
  /** The model's keys were made up from titles (a page without ids, a wide CSV): match by title. */
  inferredKeys?: boolean;
  /**
   * What the input format cannot carry. When the model is written into a
   * base INI (`--base`), these are taken from the base, not read as deletions.
   */
  omits?: Omission[];
  /** Text was read with white space and typography folded (a rendered page): compare folded. */
  foldedText?: boolean;
}

/**
 * Parts of the model an input format may not carry:
 * `notes` (feature and cell notes), `cli`, `api`, `links` (driver links),
 * `classification` (maturity, api/admin doc links, tempest test uuids),
 * `release` (cell releases), `extras`, `non-operation-features` (features
 * whose key does not start with `operation.`, which upstream's current
 * renderer does not show), `unset-status` (the format shows `optional` where
 * the INI has no status, as the renderers do), `empty-values` (an empty value
 * and an absent one look alike, as in a CSV or workbook rewritten by another
 * tool).
 */
export type Omission =
  | 'notes'
  | 'cli'
  | 'api'
  | 'links'
  | 'classification'
  | 'release'
  | 'extras'
  | 'non-operation-features'
  | 'unset-status'
  | 'empty-values';

export interface ReadOptions {
  file: string;
  /** Map titles to the keys of this model (`--keys-from`). */
  keysFrom?: Matrix;
  /** Report a non-fatal problem (printed to stderr as FILE:LINE: message). */
  warn: (d: Diagnostic) => void;
}

export interface WriteOptions {
  /** The file written to (for messages), or `-`. */
  file: string;
  /** JSON: embed the INI source. */
  withSource?: boolean;
  /** INI: the document to patch instead of writing a fresh file. */
  base?: IniDocument;
  /** CSV layout. */
  layout?: 'wide' | 'long';
  /** CSV: write cells that a spreadsheet would run as formulas so that they show as text. */
  formulaGuard?: boolean;
  /** CSV: start with a UTF-8 BOM. */
  bom?: boolean;
  warn: (d: Diagnostic) => void;
}

/** What a parser module (`src/parsers/<format>.ts`) exports. */
export interface ParserModule {
  read(bytes: Uint8Array, opts: ReadOptions): Promise<Loaded> | Loaded;
}

/** What an emitter module (`src/emitters/<format>.ts`) exports. */
export interface EmitterModule {
  write(loaded: Loaded, opts: WriteOptions): Promise<string | Uint8Array> | string | Uint8Array;
  /** The same output made while it is written (see `Pump`), for writers whose output can be large. */
  stream?(loaded: Loaded, opts: WriteOptions): Pump;
}

export interface FormatHandler {
  name: FormatName;
  extensions: string[];
  binary: boolean;
  parser?: () => Promise<ParserModule>;
  emitter?: () => Promise<EmitterModule>;
}

const handlers: Record<FormatName, FormatHandler> = {
  ini: {
    name: 'ini',
    extensions: ['.ini', '.cfg', '.conf'],
    binary: false,
    parser: () => import('./parsers/ini.js'),
    emitter: () => import('./emitters/ini.js'),
  },
  json: {
    name: 'json',
    extensions: ['.json'],
    binary: false,
    parser: () => import('./parsers/json.js'),
    emitter: () => import('./emitters/json.js'),
  },
  txt: { name: 'txt', extensions: ['.txt', '.text'], binary: false, parser: () => import('./parsers/text.js') },
  html: { name: 'html', extensions: ['.html', '.htm', '.xhtml'], binary: false, parser: () => import('./parsers/html.js') },
  md: {
    name: 'md',
    extensions: ['.md', '.markdown'],
    binary: false,
    parser: () => import('./parsers/markdown.js'),
    emitter: () => import('./emitters/markdown.js'),
  },
  csv: {
    name: 'csv',
    extensions: ['.csv'],
    binary: false,
    parser: () => import('./parsers/csv.js'),
    emitter: () => import('./emitters/csv.js'),
  },
  xlsx: {
    name: 'xlsx',
    extensions: ['.xlsx'],
    binary: true,
    parser: () => import('./parsers/xlsx.js'),
    emitter: () => import('./emitters/xlsx.js'),
  },
};

export function getFormat(name: FormatName): FormatHandler {
  return handlers[name];
}

export function isFormatName(s: string): s is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(s);
}

/** The format a file name's extension says, if any. */
export function formatFromExtension(file: string): FormatName | null {
  const lower = file.toLowerCase();
  for (const h of Object.values(handlers)) {
    if (h.extensions.some((e) => lower.endsWith(e))) return h.name;
  }
  return null;
}

/** The format the content looks like. */
export function sniffFormat(bytes: Uint8Array): FormatName {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 65536)).replace(/^\ufeff/, '');
  const t = head.trimStart();
  if (t.startsWith('{')) return 'json';
  if (/^<(?:!doctype\s+html|html|head|body|\?xml|div|table|section|main|article|nav|header|ul|ol|li|dl|h[1-6]|p|span|a|strong|em)[\s>]/i.test(t) || /<html[\s>]/i.test(head.slice(0, 4096))) return 'html';
  // A page copied as text: its details say `Status: x.` and list drivers.
  if (/^[^\w\n]*Status:[ \t]*\S+\./m.test(head) && /Driver Support:|^[^\w\n]*drivers:/im.test(head)) return 'txt';
  if (/^[ \t]*\[[^\]\r\n]+\][ \t]*$/m.test(head) && /^[ \t]*[\w.-]+[ \t]*[=:]/m.test(head)) return 'ini';
  if (/^[ \t]*\|.*\|[ \t]*$/m.test(head) && /^[ \t]*\|?[ \t]*:?-{3,}/m.test(head)) return 'md';
  if (/^\ufeff?"?(?:key|feature_key)"?,/.test(head)) return 'csv';
  return 'txt';
}
