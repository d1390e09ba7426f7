/**
 * What the XLSX writer (`write.ts`) and reader (`read.ts`)
 * agree on: sheet names, status colours, and the escaping of characters an
 * XLSX cell cannot hold as they are.
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
 * its underscore escaped (`_x005F_`). Excel, LibreOffice and exceljs decode
 * this on reading; exceljs does not encode it on writing, so we do.
 */
export function escapeCellText(s: string): string {
  return s.replace(/_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/g, (c) =>
    `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}
