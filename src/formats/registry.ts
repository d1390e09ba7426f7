/**
 * The format registry: which reader and writer serve each format, chosen by
 * name, by file extension, or by sniffing the content. Readers and writers
 * are loaded on first use, so that a command pays only for the formats it
 * touches (unified and remark are heavy).
 */

import { error, UsageError } from '../diagnostics.js';
import { applyKeysFrom } from './keys-from.js';
export { keysFromRefused } from './keys-from.js';
import { FORMAT_NAMES, type FormatName, type Loaded, type ReadOptions, type ReaderModule, type WriterModule } from './types.js';

export interface FormatHandler {
  name: FormatName;
  extensions: string[];
  binary: boolean;
  reader?: () => Promise<ReaderModule>;
  writer?: () => Promise<WriterModule>;
}

const handlers: Record<FormatName, FormatHandler> = {
  ini: {
    name: 'ini',
    extensions: ['.ini', '.cfg', '.conf'],
    binary: false,
    reader: () => import('./ini/read.js'),
    writer: () => import('./ini/write.js'),
  },
  json: {
    name: 'json',
    extensions: ['.json'],
    binary: false,
    reader: () => import('./json/read.js'),
    writer: () => import('./json/write.js'),
  },
  txt: { name: 'txt', extensions: ['.txt', '.text'], binary: false, reader: () => import('./text/read.js') },
  html: {
    name: 'html',
    extensions: ['.html', '.htm', '.xhtml'],
    binary: false,
    reader: () => import('./html/read.js'),
    writer: () => import('./html/write.js'),
  },
  md: {
    name: 'md',
    extensions: ['.md', '.markdown'],
    binary: false,
    reader: () => import('./markdown/read.js'),
    writer: () => import('./markdown/write.js'),
  },
  csv: {
    name: 'csv',
    extensions: ['.csv'],
    binary: false,
    reader: () => import('./csv/read.js'),
    writer: () => import('./csv/write.js'),
  },
  xlsx: {
    name: 'xlsx',
    extensions: ['.xlsx'],
    binary: true,
    reader: () => import('./xlsx/read.js'),
    writer: () => import('./xlsx/write.js'),
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

/**
 * The format to read `bytes` as: the one asked for, else the one the input's
 * name says by its extension (not for standard input, `-`), else the one the
 * content looks like. Every command and the library choose this way.
 */
export function chooseFormat(bytes: Uint8Array, name: string | undefined, asked?: FormatName): FormatName {
  return asked ?? (name !== undefined && name !== '-' ? formatFromExtension(name) : null) ?? sniffFormat(bytes);
}

/**
 * Read input bytes with the reader of the format `chooseFormat` gives. With
 * `keysFrom`, made-up keys take its keys by title (`applyKeysFrom`);
 * `keysFromUsed` says whether they could (false for a model with keys of its
 * own, where a command refuses an explicit `--keys-from`).
 */
export async function readBytes(
  bytes: Uint8Array,
  opts: ReadOptions & { from?: FormatName; name?: string },
): Promise<{ loaded: Loaded; format: FormatName; keysFromUsed: boolean }> {
  const format = chooseFormat(bytes, opts.name ?? opts.file, opts.from);
  if (isBlank(bytes)) {
    const what = opts.file === '-' ? 'empty input (nothing on standard input)' : 'empty file';
    throw error(opts.file, `${what}: no ${format === 'xlsx' ? 'workbook' : 'matrix'} to read`, 1, 1, 'input-empty');
  }
  const reader = await loadReader(format);
  const { from: _from, name: _name, ...readOptions } = opts;
  const loaded = await reader.read(bytes, readOptions);
  const keysFromUsed = opts.keysFrom !== undefined && applyKeysFrom(loaded, format, opts.keysFrom, opts.file, opts.warn);
  return { loaded, format, keysFromUsed };
}

/** No bytes, or only white space (and a byte order mark). */
function isBlank(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/** The reader of a format; a usage error for a format fmx only writes. */
export async function loadReader(format: FormatName): Promise<ReaderModule> {
  const h = handlers[format];
  if (!h.reader) throw new UsageError(`reading ${format} is not supported`);
  return h.reader();
}

/** The writer of a format; a usage error for a format fmx only reads. */
export async function loadWriter(format: FormatName): Promise<WriterModule> {
  const h = handlers[format];
  if (!h.writer) throw new UsageError(`writing ${format} is not supported (fmx writes ${writableFormats().join(', ')})`);
  return h.writer();
}

/** The formats fmx can write, in the registry's order. */
export function writableFormats(): FormatName[] {
  return FORMAT_NAMES.filter((n) => handlers[n].writer !== undefined);
}
