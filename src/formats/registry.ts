/**
 * The format registry: which reader and writer serve each format, chosen by
 * name, by file extension, or by sniffing the content. Readers and writers
 * are loaded on first use, so that a command pays only for the formats it
 * touches (exceljs and unified are heavy).
 */

import { FORMAT_NAMES, type FormatName, type ReaderModule, type WriterModule } from './types.js';

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
