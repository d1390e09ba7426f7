/**
 * XLSX writer: the few XML parts of a workbook, written directly and
 * deflated with node's zlib (zip.ts); no spreadsheet library (see
 * docs/xlsx.md for why). Sheets:
 * - "Summary": features by drivers; statuses with a drop-down of the four
 *   cell statuses (data validation) and colours that follow the value
 *   (conditional formatting), a legend below; feature and cell notes as
 *   comments; driver links as hyperlinks; frozen header row and first
 *   column, autofilter, the feature key in a hidden last column;
 * - "Details": the long layout (formats/tabular/long.ts), everything, so
 *   that the workbook reads back exactly;
 * - "Drivers": key, title, link and the count of each status.
 * Every value is a text cell (shared strings) in a text-formatted cell:
 * nothing is ever a formula.
 */

import type { Loaded, WriteOptions } from '../types.js';
import { IMPLEMENTATION_STATUSES, joinStatus, type Matrix } from '../../model/matrix.js';
import { LONG_COLUMNS } from '../tabular/columns.js';
import { longRows, type Field } from '../tabular/long.js';
import { SHEETS, STATUS_STYLE, SUMMARY_FIXED, SUMMARY_KEY_HEADER, cellRef, columnName, escapeCellText, releaseNote } from './layout.js';
import { escapeAttr, escapeText } from './xml.js';
import { writeZip, type ZipPart } from './zip.js';

/** The format registry's entry point. */
export function write(loaded: Loaded, _opts: WriteOptions): Uint8Array {
  return emitXlsx(loaded.matrix);
}

export function emitXlsx(m: Matrix): Uint8Array {
  return writeZip(workbookParts(m));
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const isWebLink = (s: string | null): s is string => s !== null && /^https?:\/\/[^\s]+$/i.test(s);

/** Cell styles (cellXfs), in styles.xml's order. */
const enum Style {
  Default = 0,
  Text = 1,
  Header = 2,
  HeaderLink = 3,
  Title = 4,
  Status = 5,
  Cell = 6,
  Italic = 7,
  Link = 8,
  /** Legend cells, one per status in STATUS_STYLE's order. */
  Legend = 9,
}

/** The strings of the workbook, each stored once (sharedStrings.xml). */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly parts: string[] = [];
  count = 0;
  id(s: string): number {
    this.count++;
    let n = this.index.get(s);
    if (n === undefined) {
      n = this.parts.length;
      this.index.set(s, n);
      this.parts.push(`<si>${textElement(s)}</si>`);
    }
    return n;
  }
  xml(): string {
    return `${XML_HEAD}<sst xmlns="${NS}" count="${this.count}" uniqueCount="${this.parts.length}">${this.parts.join('')}</sst>`;
  }
}

/** `<t>` holding `s` exactly: escaped, white space kept. */
function textElement(s: string): string {
  const text = escapeText(escapeCellText(s));
  return /^\s|\s$|\n|\t/.test(s) ? `<t xml:space="preserve">${text}</t>` : `<t>${text}</t>`;
}

/** A sheet's XML, built row by row, joined every few thousand rows (no one giant string). */
class SheetXml {
  private readonly chunks: string[] = [];
  private rows: string[] = [];
  private row: string[] = [];
  private rowNumber = 0;
  private rowAttrs = '';
  constructor(private readonly strings: SharedStrings) {}
  startRow(r: number, attrs = ''): void {
    this.endRow();
    this.rowNumber = r;
    this.rowAttrs = attrs;
  }
  text(col: number, value: string | null, style: Style): void {
    if (value === null) {
      if (style !== Style.Default) this.row.push(`<c r="${columnName(col)}${this.rowNumber}" s="${style}"/>`);
      return;
    }
    this.row.push(`<c r="${columnName(col)}${this.rowNumber}" s="${style}" t="s"><v>${this.strings.id(value)}</v></c>`);
  }
  number(col: number, value: number): void {
    this.row.push(`<c r="${columnName(col)}${this.rowNumber}"><v>${value}</v></c>`);
  }
  endRow(): void {
    if (this.rowNumber === 0) return;
    if (this.row.length) this.rows.push(`<row r="${this.rowNumber}"${this.rowAttrs}>${this.row.join('')}</row>`);
    if (this.rows.length >= 4096) {
      this.chunks.push(this.rows.join(''));
      this.rows = [];
    }
    this.row = [];
    this.rowNumber = 0;
  }
  /** `<sheetData>`, as chunks of text. */
  data(): string[] {
    this.endRow();
    return ['<sheetData>', ...this.chunks, this.rows.join(''), '</sheetData>'];
  }
}

interface Comment {
  col: number;
  row: number;
  text: string;
}

interface SheetPart {
  name: string;
  /** The sheet's XML in pieces (joined as bytes, never as one string). */
  xml: string[];
  /** Relationships of the sheet: id -> [type, target, external]. */
  rels: [string, string, string, boolean][];
  comments?: Comment[];
  /** Defined names: `_xlnm._FilterDatabase`, `_xlnm.Print_Titles`. */
  filter?: string;
  printTitles?: string;
}

function colsXml(widths: { width: number; hidden?: boolean; style?: Style }[]): string {
  return `<cols>${widths
    .map((w, n) => `<col min="${n + 1}" max="${n + 1}" width="${w.width}" customWidth="1"${w.style ? ` style="${w.style}"` : ''}${w.hidden ? ' hidden="1"' : ''}/>`)
    .join('')}</cols>`;
}

function frozen(xSplit: number, ySplit: number): string {
  const top = cellRef(xSplit + 1, ySplit + 1);
  const pane = xSplit && ySplit ? 'bottomRight' : ySplit ? 'bottomLeft' : 'topRight';
  return (
    `<sheetViews><sheetView workbookViewId="0"><pane${xSplit ? ` xSplit="${xSplit}"` : ''}${ySplit ? ` ySplit="${ySplit}"` : ''} topLeftCell="${top}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`
  );
}

function summarySheet(m: Matrix, strings: SharedStrings): SheetPart {
  const first = SUMMARY_FIXED.length + 1;
  const keyCol = first + m.drivers.length;
  const last = m.features.length + 1;
  const fit = (texts: (string | null)[], min: number, max: number) => {
    let w = min;
    for (const t of texts) if (t !== null && t.length + 2 > w) w = t.length + 2;
    return Math.min(max, w);
  };
  const widths: { width: number; hidden?: boolean; style?: Style }[] = [
    { width: fit(m.features.map((f) => f.title ?? f.key), 24, 60) },
    { width: fit(m.features.map((f) => joinStatus(f.status, f.group)), 10, 28) },
  ];
  for (const d of m.drivers) {
    const title = d.title ?? d.key;
    // A hyperlink does not wrap in every spreadsheet: make room for the whole title.
    const longest = isWebLink(d.link) ? title.length : Math.max(...title.split(/\s+/).map((w) => w.length));
    widths.push({ width: Math.min(30, Math.max(12, longest + 2)) });
  }
  widths.push({ width: 9, hidden: true });

  const rels: SheetPart['rels'] = [];
  const links: string[] = [];
  const comments: Comment[] = [];
  const s = new SheetXml(strings);
  s.startRow(1, ' ht="48" customHeight="1"');
  SUMMARY_FIXED.forEach((h, n) => s.text(n + 1, h, Style.Header));
  m.drivers.forEach((d, n) => {
    const col = first + n;
    if (isWebLink(d.link)) {
      const id = `rId${rels.length + 3}`;
      rels.push([id, 'hyperlink', d.link, true]);
      links.push(`<hyperlink ref="${cellRef(col, 1)}" r:id="${id}" tooltip="${escapeAttr(d.link)}"/>`);
      s.text(col, d.title ?? d.key, Style.HeaderLink);
    } else s.text(col, d.title ?? d.key, Style.Header);
  });
  s.text(keyCol, SUMMARY_KEY_HEADER, Style.Header);

  m.features.forEach((f, i) => {
    const r = i + 2;
    s.startRow(r);
    s.text(1, f.title ?? f.key, Style.Title);
    if (f.notes) comments.push({ col: 1, row: r, text: f.notes });
    s.text(2, joinStatus(f.status, f.group), Style.Status);
    const cells = new Map(f.implementations.map((x) => [x.driver, x]));
    m.drivers.forEach((d, n) => {
      const impl = cells.get(d.key);
      s.text(first + n, impl ? impl.status : null, Style.Cell);
      const note = impl ? releaseNote(impl.release, impl.notes) : '';
      if (note) comments.push({ col: first + n, row: r, text: note });
    });
    s.text(keyCol, f.key, Style.Text);
  });

  // Legend, below the table, in the first column (never in the hidden key column).
  let r = last + 2;
  s.startRow(r);
  s.text(1, 'Legend (a cell with a red corner has notes: point at it to read them)', Style.Italic);
  [...STATUS_STYLE.keys()].forEach((status, n) => {
    s.startRow(++r);
    s.text(1, status, Style.Legend + n);
  });
  s.startRow(++r);
  s.text(1, 'blank: not stated', Style.Italic);

  const lastCol = columnName(keyCol - 1);
  const cells = m.drivers.length && m.features.length ? `${columnName(first)}2:${lastCol}${last}` : null;
  // Colours follow the value (an edited cell takes its new status's colour), and a drop-down offers the four.
  let rules = '';
  if (cells) {
    let priority = 1;
    const cf = [...STATUS_STYLE.keys()].map(
      (status, n) => `<cfRule type="cellIs" dxfId="${n}" priority="${priority++}" operator="equal"><formula>"${status}"</formula></cfRule>`,
    );
    rules =
      `<conditionalFormatting sqref="${cells}">${cf.join('')}</conditionalFormatting>` +
      `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Cell status" ` +
      `error="${escapeAttr(`A cell status is one of: ${IMPLEMENTATION_STATUSES.join(', ')} (or blank: not stated).`)}" sqref="${cells}">` +
      `<formula1>"${IMPLEMENTATION_STATUSES.join(',')}"</formula1></dataValidation></dataValidations>`;
  }
  if (comments.length) {
    rels.unshift(['rId1', 'comments', '../comments1.xml', false], ['rId2', 'vmlDrawing', '../drawings/vmlDrawing1.vml', false]);
  }
  const filter = `A1:${lastCol}${last}`;
  const xml = [
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
      `<dimension ref="A1:${columnName(keyCol)}${r}"/>${frozen(1, 1)}<sheetFormatPr defaultRowHeight="15"/>${colsXml(widths)}`,
    ...s.data(),
    `<autoFilter ref="${filter}"/>${rules}${links.length ? `<hyperlinks>${links.join('')}</hyperlinks>` : ''}` +
      `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
      `<pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/>` +
      `${comments.length ? '<legacyDrawing r:id="rId2"/>' : ''}</worksheet>`,
  ];
  return { name: SHEETS.summary, xml, rels, comments, filter, printTitles: '$1:$1' };
}

function detailsSheet(m: Matrix, strings: SharedStrings): SheetPart {
  const rows = longRows(m);
  const widths: Record<string, number> = { feature_key: 32, feature_title: 36, feature_notes: 48, notes: 48, driver_title: 24, driver_link: 30 };
  const s = new SheetXml(strings);
  rows.forEach((row: Field[], i) => {
    s.startRow(i + 1);
    const style = i === 0 ? Style.Header : Style.Text;
    for (let c = 0; c < row.length; c++) if (row[c] !== null) s.text(c + 1, row[c]!, style);
  });
  const lastCol = columnName(LONG_COLUMNS.length);
  const filter = `A1:${lastCol}${rows.length}`;
  const xml = [
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><dimension ref="${filter}"/>${frozen(0, 1)}<sheetFormatPr defaultRowHeight="15"/>` +
      colsXml(LONG_COLUMNS.map((c) => ({ width: widths[c] ?? 16, style: Style.Text }))),
    ...s.data(),
    `<autoFilter ref="${filter}"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
  ];
  return { name: SHEETS.details, xml, rels: [], filter };
}

function driversSheet(m: Matrix, strings: SharedStrings): SheetPart {
  const statuses = ['complete', 'partial', 'missing', 'unknown'];
  const header = ['key', 'title', 'link', ...statuses];
  const counts = new Map<string, number>();
  for (const f of m.features) for (const i of f.implementations) counts.set(`${i.driver}\n${i.status}`, (counts.get(`${i.driver}\n${i.status}`) ?? 0) + 1);
  const s = new SheetXml(strings);
  const rels: SheetPart['rels'] = [];
  const links: string[] = [];
  s.startRow(1);
  header.forEach((h, n) => s.text(n + 1, h, Style.Header));
  m.drivers.forEach((d, i) => {
    const r = i + 2;
    s.startRow(r);
    s.text(1, d.key, Style.Text);
    s.text(2, d.title, Style.Text);
    if (isWebLink(d.link)) {
      const id = `rId${rels.length + 1}`;
      rels.push([id, 'hyperlink', d.link, true]);
      links.push(`<hyperlink ref="${cellRef(3, r)}" r:id="${id}"/>`);
      s.text(3, d.link, Style.Link);
    } else s.text(3, d.link, Style.Text);
    statuses.forEach((st, n) => s.number(4 + n, counts.get(`${d.key}\n${st}`) ?? 0));
  });
  const xml = [
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><dimension ref="A1:G${m.drivers.length + 1}"/>${frozen(0, 1)}<sheetFormatPr defaultRowHeight="15"/>` +
      colsXml([24, 36, 60, 11, 11, 11, 11].map((width) => ({ width }))),
    ...s.data(),
    `${links.length ? `<hyperlinks>${links.join('')}</hyperlinks>` : ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
  ];
  return { name: SHEETS.drivers, xml, rels };
}

function stylesXml(): string {
  const rgb = (argb: string) => `<color rgb="${argb}"/>`;
  const fonts = [
    `<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    `<font><b/><sz val="11"/>${rgb('FF1F3864')}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    `<font><b/><u/><sz val="11"/>${rgb('FF0563C1')}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    `<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    `<font><i/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    `<font><u/><sz val="11"/>${rgb('FF0563C1')}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`,
    ...[...STATUS_STYLE.values()].map((st) => `<font><sz val="11"/>${rgb(st.font)}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`),
  ];
  const solid = (argb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`;
  const fills = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
    solid('FFD9E1F2'), // header: dark text and blue hyperlinks both read on it
    ...[...STATUS_STYLE.values()].map((st) => solid(st.fill)),
  ];
  const thin = '<left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin"><color rgb="FFBFBFBF"/></right><top style="thin"><color rgb="FFBFBFBF"/></top><bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/>';
  const borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>', `<border>${thin}</border>`];
  const xf = (font: number, fill: number, border: number, text: boolean, align = '') =>
    `<xf numFmtId="${text ? 49 : 0}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${text ? ' applyNumberFormat="1"' : ''}` +
    `${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${align ? ` applyAlignment="1">${align}</xf>` : '/>'}`;
  const center = '<alignment horizontal="center" vertical="center" wrapText="1"/>';
  const topWrap = '<alignment vertical="top" wrapText="1"/>';
  const topCenter = '<alignment horizontal="center" vertical="top" wrapText="1"/>';
  const xfs = [
    xf(0, 0, 0, false), // Default
    xf(0, 0, 0, true), // Text
    xf(1, 2, 1, true, center), // Header
    xf(2, 2, 1, true, center), // HeaderLink
    xf(3, 0, 1, true, topWrap), // Title
    xf(0, 0, 1, true, topCenter), // Status
    xf(0, 0, 1, true, topCenter), // Cell
    xf(4, 0, 0, true), // Italic
    xf(5, 0, 0, true), // Link
    ...[...STATUS_STYLE.keys()].map((_, n) => xf(6 + n, 3 + n, 1, true, '<alignment horizontal="center"/>')), // Legend
  ];
  const dxfs = [...STATUS_STYLE.values()].map(
    (st) => `<dxf><font>${rgb(st.font)}</font><fill><patternFill patternType="solid"><fgColor rgb="${st.fill}"/><bgColor rgb="${st.fill}"/></patternFill></fill></dxf>`,
  );
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="${fonts.length}">${fonts.join('')}</fonts><fills count="${fills.length}">${fills.join('')}</fills>` +
    `<borders count="${borders.length}">${borders.join('')}</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `<dxfs count="${dxfs.length}">${dxfs.join('')}</dxfs></styleSheet>`
  );
}

function commentsXml(comments: Comment[]): string {
  // One run (not a bare <t>): some readers, exceljs among them, read only runs.
  const list = comments.map(
    (c) => `<comment ref="${cellRef(c.col, c.row)}" authorId="0"><text><r><rPr><sz val="10"/><rFont val="Calibri"/><family val="2"/></rPr>${textElement(c.text)}</r></text></comment>`,
  );
  return `${XML_HEAD}<comments xmlns="${NS}"><authors><author>fmx</author></authors><commentList>${list.join('')}</commentList></comments>`;
}

/** The legacy drawing Excel needs to show comments: one hidden note box per comment. */
function vmlXml(comments: Comment[]): string {
  const blocks = Array.from({ length: Math.ceil((comments.length + 1) / 1024) }, (_, n) => n + 1).join(',');
  const shapes = comments.map(
    (c, n) =>
      `<v:shape id="_x0000_s${1025 + n}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:120pt;z-index:${n + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c.col}, 15, ${c.row - 1}, 2, ${c.col + 3}, 15, ${c.row + 6}, 16</x:Anchor>` +
      `<x:AutoFill>False</x:AutoFill><x:Row>${c.row - 1}</x:Row><x:Column>${c.col - 1}</x:Column></x:ClientData></v:shape>`,
  );
  return (
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks}"/></o:shapelayout>` +
    `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    `${shapes.join('')}</xml>`
  );
}

function relsXml(rels: [string, string, string, boolean][]): string {
  const list = rels.map(
    ([id, type, target, external]) =>
      `<Relationship Id="${id}" Type="${type.includes('://') ? type : REL + type}" Target="${escapeAttr(target)}"${external ? ' TargetMode="External"' : ''}/>`,
  );
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG}">${list.join('')}</Relationships>`;
}

/** Every part of the workbook, in the order spreadsheets write them. */
export function workbookParts(m: Matrix): ZipPart[] {
  const strings = new SharedStrings();
  const sheets = [summarySheet(m, strings), detailsSheet(m, strings), driversSheet(m, strings)];
  const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.';
  const overrides = [
    ['/xl/workbook.xml', `${CT}sheet.main+xml`],
    ...sheets.map((_, n) => [`/xl/worksheets/sheet${n + 1}.xml`, `${CT}worksheet+xml`]),
    ['/xl/styles.xml', `${CT}styles+xml`],
    ['/xl/sharedStrings.xml', `${CT}sharedStrings+xml`],
    ['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'],
  ];
  if (sheets[0]!.comments?.length) overrides.push(['/xl/comments1.xml', `${CT}comments+xml`]);
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
    `${overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('')}</Types>`;
  const names: string[] = [];
  sheets.forEach((s, n) => {
    const ref = `'${s.name}'`;
    if (s.filter) names.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${n}" hidden="1">${ref}!${s.filter.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}</definedName>`);
    if (s.printTitles) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${n}">${ref}!${s.printTitles}</definedName>`);
  });
  const workbook =
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews><sheets>` +
    `${sheets.map((s, n) => `<sheet name="${s.name}" sheetId="${n + 1}" r:id="rId${n + 1}"/>`).join('')}</sheets>` +
    `<definedNames>${names.join('')}</definedNames><calcPr calcId="0"/></workbook>`;
  const workbookRels = relsXml([
    ...sheets.map((_, n): [string, string, string, boolean] => [`rId${n + 1}`, 'worksheet', `worksheets/sheet${n + 1}.xml`, false]),
    [`rId${sheets.length + 1}`, 'styles', 'styles.xml', false],
    [`rId${sheets.length + 2}`, 'sharedStrings', 'sharedStrings.xml', false],
  ]);
  const core =
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
    `<dc:creator>fmx</dc:creator></cp:coreProperties>`;
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const parts: ZipPart[] = [
    { name: '[Content_Types].xml', data: utf8(contentTypes) },
    {
      name: '_rels/.rels',
      data: utf8(
        relsXml([
          ['rId1', 'officeDocument', 'xl/workbook.xml', false],
          ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml', false],
        ]),
      ),
    },
    { name: 'docProps/core.xml', data: utf8(core) },
    { name: 'xl/workbook.xml', data: utf8(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: utf8(workbookRels) },
  ];
  sheets.forEach((s, n) => {
    parts.push({ name: `xl/worksheets/sheet${n + 1}.xml`, data: Buffer.concat(s.xml.map(utf8)) });
    if (s.rels.length) parts.push({ name: `xl/worksheets/_rels/sheet${n + 1}.xml.rels`, data: utf8(relsXml(s.rels)) });
    if (s.comments?.length) {
      parts.push({ name: 'xl/comments1.xml', data: utf8(commentsXml(s.comments)) });
      parts.push({ name: 'xl/drawings/vmlDrawing1.vml', data: utf8(vmlXml(s.comments)) });
    }
  });
  parts.push({ name: 'xl/styles.xml', data: utf8(stylesXml()) });
  parts.push({ name: 'xl/sharedStrings.xml', data: utf8(strings.xml()) });
  return parts;
}
