/**
 * What the XLSX writer (write.ts) and reader (read.ts) agree on: sheet
 * names, status colours and symbols, cell references, and the escaping of
 * characters an XLSX cell cannot hold as they are.
 */

export const SHEETS = { summary: 'Summary', details: 'Details', drivers: 'Drivers' } as const;

/** The Summary sheet's fixed columns; the feature key sits, hidden, after the driver columns. */
export const SUMMARY_FIXED = ['Feature', 'Status'] as const;
export const SUMMARY_KEY_HEADER = 'key';

/** Fill (ARGB) and font colour of each cell status: the spreadsheet's usual good / neutral / bad. */
export const STATUS_STYLE: ReadonlyMap<string, { fill: string; font: string }> = new Map([
  ['complete', { fill: 'FFC6EFCE', font: 'FF006100' }],
  ['partial', { fill: 'FFFFEB9C', font: 'FF9C5700' }],
  ['missing', { fill: 'FFFFC7CE', font: 'FF9C0006' }],
  ['unknown', { fill: 'FFE7E6E6', font: 'FF3A3838' }],
]);

/**
 * OOXML strings escape characters XML 1.0 cannot carry (and CR, which XML
 * readers turn into LF) as `_xHHHH_`; a literal `_xHHHH_` in the text gets
 * its underscore escaped (`_x005F_`), as Excel writes them; Excel,
 * LibreOffice and fmx's reader decode this.
 */
export function escapeCellText(s: string): string {
  return s.replace(/_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/g, (c) =>
    `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

/** Undo `escapeCellText`: `_xHHHH_` is the character HHHH (as Excel and LibreOffice read it). */
export function unescapeCellText(s: string): string {
  if (s.indexOf('_x') === -1) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const LETTERS: string[] = [];

/** Column letters of a 1-based column number: 1 -> A, 27 -> AA. */
export function columnName(col: number): string {
  const cached = LETTERS[col];
  if (cached !== undefined) return cached;
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  if (col < 1000) LETTERS[col] = s;
  return s;
}

/** `A1` of a 1-based column and row. */
export function cellRef(col: number, row: number): string {
  return columnName(col) + row;
}

/** A cell's position as messages show it: `Summary!D7` (quoted where the name needs it). */
export function sheetRef(sheet: string, col: number, row: number): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${cellRef(col, row)}`;
}

/** Column and row of an `A1` reference (`$` allowed); null where it is not one. */
export function parseRef(ref: string): { col: number; row: number } | null {
  let i = ref.charCodeAt(0) === 36 ? 1 : 0;
  let col = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + c - 96;
  }
  if (col === 0 || col > 16384) return null;
  if (ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digits = i;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + c - 48;
  }
  return i === digits || row === 0 ? null : { col, row };
}

/**
 * Symbols the renderers show for a cell status (upstream's pages: ✔ ✖ ?;
 * fmx's Markdown summary: ✔ ◐ ✘ ?), typed into a status cell: each stands
 * for one status.
 */
export const STATUS_OF_SYMBOL: ReadonlyMap<string, string> = new Map([
  ['\u2714', 'complete'],
  ['\u25d0', 'partial'],
  ['\u2716', 'missing'],
  ['\u2718', 'missing'],
  ['?', 'unknown'],
]);

const RELEASE = 'Release: ';

/** A cell's comment: `Release: X`, a blank line, then its notes (either may be absent). */
export function releaseNote(release: string | null, notes: string | null): string {
  const parts: string[] = [];
  if (release !== null) parts.push(RELEASE + release);
  if (notes !== null) parts.push(notes);
  return parts.join('\n\n');
}

/** Read a cell's comment back into release and notes (the inverse of `releaseNote`). */
export function parseReleaseNote(text: string | null): { release: string | null; notes: string | null } {
  if (text === null || text === '') return { release: null, notes: null };
  if (!text.startsWith(RELEASE)) return { release: null, notes: text };
  const end = text.indexOf('\n\n');
  if (end === -1) return { release: text.slice(RELEASE.length), notes: null };
  return { release: text.slice(RELEASE.length, end), notes: text.slice(end + 2) };
}
