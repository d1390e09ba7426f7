/**
 * Markdown reader, with remark-parse and remark-gfm: a page written by the
 * Markdown writer (possibly edited since) back into the model. Visible text
 * is the authority; the invisible data (`<!--fmx {...}-->`, see
 * `./layout.ts`) gives keys and the exact values that the visible
 * text stands for while it is unchanged. The Summary table gives feature and
 * cell statuses, Details everything else; where the two disagree, the
 * Summary wins and a warning says so. A Markdown file without the invisible
 * data (written by hand) is read by titles: keys are made up, and the
 * model's provenance says so (`inferredKeys`; the registry then matches them
 * to `--keys-from`). The invisible data also carries the model's provenance.
 */

import type { List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { error } from '../../diagnostics.js';
import { PositionTable, type Loaded, type Omission, type ReadOptions, type Repeated, type SourcePlace, type ValueRef } from '../types.js';
import { decodeUtf8 } from '../../io/decode.js';
import { slugify } from '../../model/keys.js';
import { addCopies } from '../../model/carried.js';
import {
  DIALECTS,
  joinStatus,
  markProvenance,
  newFeature,
  newMatrix,
  splitList,
  splitStatus,
  PROVENANCE_FLAGS,
  type Dialect,
  type Driver,
  type ExtraOption,
  type Feature,
  type Implementation,
  type Matrix,
  type Provenance,
} from '../../model/matrix.js';
import {
  DEFAULT_TITLE,
  DRIVER_SUPPORT_LABEL,
  FIELD_LABELS,
  RELEASE_PREFIX,
  SECTIONS,
  fingerprint,
  readHiddenComment,
  readStatus,
  resolveSlot,
  type FieldName,
  type RawSlot,
  type SectionName,
} from './layout.js';
import { stripEndMark } from '../../strings.js';
import { loadRemark, NeedsRemark, parseMarkdown } from './parse.js';

type Hidden = Record<string, unknown>;

/** The format registry's entry point. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded | Promise<Loaded> {
  const { text } = decodeUtf8(bytes, opts.file);
  try {
    return readMarkdownText(text, opts);
  } catch (e) {
    if (!(e instanceof NeedsRemark)) throw e;
    return loadRemark().then(() => readMarkdownText(text, opts));
  }
}

/** Deeper nesting is refused: remark-parse's cost grows faster than the depth, and its stack runs out. */
export const MAX_QUOTE_DEPTH = 64;
export const MAX_INDENT = 256;

export function readMarkdownText(text: string, opts: ReadOptions): Loaded {
  checkNesting(text, opts.file);
  let tree: Root;
  try {
    tree = parseMarkdown(text);
  } catch (e) {
    if (e instanceof RangeError) throw error(opts.file, 'Markdown nested too deeply to read', undefined, undefined, 'md-too-deep');
    throw e;
  }
  return new MarkdownReader(opts).read(tree);
}

/**
 * Refuse containers (block quotes, list items) nested deeper than
 * MAX_QUOTE_DEPTH on one line, and lines indented beyond MAX_INDENT columns
 * (nested lists), before remark-parse sees them.
 */
function checkNesting(text: string, file: string): void {
  const re = /^((?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*)/gm;
  let line = 1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lead = m[1]!;
    if (lead.length > MAX_QUOTE_DEPTH) {
      let levels = 0;
      let indent = 0;
      for (const part of lead.match(/>|[-*+][ \t]|\d{1,9}[.)][ \t]|\t| /g) ?? []) {
        if (part === ' ') indent++;
        else if (part === '\t') indent += 4;
        else levels++;
      }
      if (levels > MAX_QUOTE_DEPTH || indent > MAX_INDENT) {
        for (let i = text.indexOf('\n'); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
        throw error(
          file,
          `Markdown nested too deeply (${levels > MAX_QUOTE_DEPTH ? `${levels} block quotes or list items on one line, more than ${MAX_QUOTE_DEPTH}` : `indented ${indent} columns, more than ${MAX_INDENT}`}): not a matrix as fmx writes it`,
          line,
          1,
          'md-too-deep',
        );
      }
    }
    if (m[0].length === 0) re.lastIndex++;
  }
}

const visible = (nodes: PhrasingContent[] | RootContent[] | RootContent): string => toString(nodes, { includeHtml: false });

/** The fmx comment among a node's direct children. */
function hiddenOf(nodes: readonly RootContent[] | readonly PhrasingContent[]): Hidden | null {
  for (const n of nodes) {
    if (n.type === 'html') {
      const h = readHiddenComment(n.value);
      if (h) return h;
    }
  }
  return null;
}

function rawOf(h: Hidden | null): Record<string, RawSlot> {
  const raw = h?.raw;
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, RawSlot>) : {};
}

function slotOf(h: Hidden | null, name: string): RawSlot | undefined {
  const s = rawOf(h)[name];
  return s && typeof s === 'object' && typeof s.h === 'string' && (s.v === null || typeof s.v === 'string') ? s : undefined;
}

/** A cell's own raw slot (`{ raw: { v, h } }`). */
function directSlot(h: Hidden | null): RawSlot | undefined {
  const s = h?.raw as RawSlot | undefined;
  return s && typeof s === 'object' && typeof s.h === 'string' && (s.v === null || typeof s.v === 'string') ? s : undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function extrasOf(v: unknown): ExtraOption[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const list = v
    .filter((e): e is { name: string; value: string } => typeof e?.name === 'string' && typeof e?.value === 'string')
    .map((e) => ({ name: e.name, value: e.value }));
  return list.length ? list : undefined;
}

/** Notes: blocks as paragraphs of text, blank lines between. */
function blocksText(blocks: RootContent[]): string {
  return blocks.map((b) => visible(b)).join('\n\n');
}

function lineOf(n: { position?: { start: { line: number } } } | undefined): number | undefined {
  return n?.position?.start.line;
}

/** Where a node starts, for messages about its value. */
function placeOf(n: { position?: { start: { line: number; column: number } } } | undefined): SourcePlace | undefined {
  return n?.position ? { line: n.position.start.line, column: n.position.start.column } : undefined;
}

interface SummaryRow {
  key: string | null;
  title: string;
  status: { status: string | null; group: string | null };
  cells: Map<string, string>;
  line?: number;
  /** Where the row, its status and its cells (by column number) are. */
  places: { row?: SourcePlace; status?: SourcePlace; cells: Map<string, SourcePlace> };
}

interface DetailCell {
  driver: string;
  status: string;
  notes: string | null;
  release: string | null;
  line?: number;
  place?: SourcePlace;
}

interface DetailFeature {
  key: string | null;
  /** The heading's invisible data (raw slots of the feature's fields). */
  hidden: Hidden | null;
  title: string | null;
  fields: Map<FieldName, string | null>;
  notes: string | null;
  cells: DetailCell[];
  extras?: ExtraOption[];
  line?: number;
  /** Where the heading, the fields (by name) and the notes are. */
  places: { heading?: SourcePlace; fields: Map<string, SourcePlace>; notes?: SourcePlace };
}

interface DriverEntry {
  key: string | null;
  /** The title as shown (cells in Details name their driver by it). */
  shown: string;
  title: string | null;
  link: string | null;
  extras?: ExtraOption[];
}

/** A feature's Summary row and Details, as `place` records them. */
interface Placed {
  row: SummaryRow | undefined;
  detail: DetailFeature | undefined;
  columnKeys: string[];
}

/**
 * Where a value was read: the first of the places recorded for its feature
 * (in each, the Summary before Details), else where the feature's row is.
 */
function placeOfRef(placed: Map<string, Placed[]>, ref: ValueRef): SourcePlace | undefined {
  const list = ref.feature === undefined ? undefined : placed.get(ref.feature);
  if (!list) return undefined;
  const find = (driver: string | undefined, field: string): SourcePlace | undefined => {
    for (const { row, detail, columnKeys } of list) {
      const at = (row && rowPlace(row, driver, field, columnKeys)) ?? (detail && detailPlace(detail, driver, field));
      if (at) return at;
    }
    return undefined;
  };
  return find(ref.driver, ref.field) ?? (ref.field !== 'row' ? find(undefined, 'row') : undefined);
}

function rowPlace(row: SummaryRow, driver: string | undefined, field: string, columnKeys: string[]): SourcePlace | undefined {
  if (driver === undefined && field !== 'status') return field === 'row' || field === 'title' ? row.places.row : field === 'group' ? row.places.status : undefined;
  if (field !== 'status') return undefined;
  if (driver === undefined && row.places.status) return row.places.status;
  // (A cell beyond the columns names no driver: it stood, as before, for the feature's status.)
  for (const [n, at] of row.places.cells) if (columnKeys[Number(n)] === driver) return at;
  return undefined;
}

/** The start of a line, for a value read without a place of its own. */
function lineStart(line: number | undefined): SourcePlace {
  return { line: line ?? 1, column: 1 };
}

function detailPlace(detail: DetailFeature, driver: string | undefined, field: string): SourcePlace | undefined {
  if (driver === undefined) {
    return (field === 'row' || field === 'title' ? detail.places.heading : undefined) ?? detail.places.fields.get(field) ?? (field === 'notes' ? detail.places.notes : undefined);
  }
  if (field !== 'status' && field !== 'notes' && field !== 'release') return undefined;
  for (const c of detail.cells) if (c.driver === driver && c.place) return c.place;
  return undefined;
}

class MarkdownReader {
  private inferred = false;
  /** Where each feature's values were read (see `place`), looked up only when a message asks. */
  private readonly placed = new Map<string, Placed[]>();
  private readonly positions = new PositionTable((ref) => placeOfRef(this.placed, ref));
  private readonly drivers: DriverEntry[] = [];
  private summaryDrivers: { key: string | null; title: string }[] = [];
  private readonly summaryRows: SummaryRow[] = [];
  private readonly details: DetailFeature[] = [];
  /** Statuses the Summary and Details show differently: `convert --base` tells with the base which is the edit. */
  private readonly repeated: Repeated<SourcePlace>[] = [];

  constructor(private readonly opts: ReadOptions) {}

  read(tree: Root): Loaded {
    let top: Hidden | null = null;
    let h1: string | null = null;
    const preamble: string[] = [];
    const postscript: string[] = [];
    let section: SectionName | 'head' | 'other' = 'head';
    let current: DetailFeature | null = null;
    let featureBlocks: RootContent[] = [];
    let docItem: { slot?: RawSlot; blocks: RootContent[]; list: string[] } | null = null;
    let sawDetails = false;

    const closeDocItem = () => {
      if (docItem) {
        if (docItem.blocks.length || docItem.slot) {
          const shown = blocksText(docItem.blocks);
          docItem.list.push(resolveSlot(docItem.slot, shown, shown) ?? '');
        }
        docItem = null;
      }
    };
    const closeFeature = () => {
      if (current) this.featureBody(current, featureBlocks);
      current = null;
      featureBlocks = [];
    };

    for (const node of tree.children) {
      if (node.type === 'html') {
        const h = readHiddenComment(node.value);
        if (h && typeof h.format === 'string' && top === null) {
          top = h;
          continue;
        }
        if (h && (h.item === 'preamble' || h.item === 'postscript')) {
          closeFeature();
          closeDocItem();
          docItem = { slot: directSlot(h), blocks: [], list: h.item === 'preamble' ? preamble : postscript };
          if (h.item === 'postscript') section = 'notes';
          continue;
        }
      }
      if (node.type === 'heading' && node.depth <= 2) {
        closeFeature();
        closeDocItem();
        if (node.depth === 1 && section === 'head' && h1 === null) {
          h1 = visible(node.children);
          continue;
        }
        const h = hiddenOf(node.children);
        const named = typeof h?.section === 'string' && h.section in SECTIONS ? (h.section as SectionName) : null;
        const title = visible(node.children).trim().toLowerCase();
        const byTitle = (Object.keys(SECTIONS) as SectionName[]).find((k) => SECTIONS[k].toLowerCase() === title) ?? null;
        section = named ?? byTitle ?? (sawDetails ? 'notes' : 'other');
        if (section === 'details') sawDetails = true;
        continue;
      }
      if (section === 'details' && node.type === 'heading' && node.depth === 3) {
        closeFeature();
        current = this.featureHeading(node.children, lineOf(node), placeOf(node));
        this.details.push(current);
        continue;
      }
      if (docItem) {
        docItem.blocks.push(node);
        continue;
      }
      switch (section) {
        case 'head':
          if (node.type !== 'html') preamble.push(visible(node));
          break;
        case 'notes':
          if (node.type !== 'html') postscript.push(visible(node));
          break;
        case 'summary':
          if (node.type === 'table') this.summaryTable(node);
          break;
        case 'drivers':
          if (node.type === 'list') for (const it of node.children) this.driverItem(it);
          break;
        case 'details':
          if (current) featureBlocks.push(node);
          break;
        default:
          break;
      }
    }
    closeFeature();
    closeDocItem();

    const m = this.assemble(top);
    if (m.drivers.length === 0 && m.features.length === 0) {
      throw error(this.opts.file, 'no matrix found: expected a Summary table or Details sections as fmx writes them', 1, 1, 'md-no-matrix');
    }
    // Document text.
    const shownTitle = h1 ?? '';
    const topSlot = slotOf(top, 'title');
    let title: string | null;
    if (top) title = resolveSlot(topSlot, shownTitle, h1 === null || (top.document !== true && shownTitle === DEFAULT_TITLE) ? null : shownTitle);
    else title = h1 === null || h1.trim() === DEFAULT_TITLE ? null : h1;
    const hasDocument = (top ? top.document === true : false) || title !== null || preamble.length > 0 || postscript.length > 0;
    if (hasDocument) m.document = { title, preamble, postscript };
    if (top && Array.isArray(top.extras)) {
      const extras = top.extras
        .filter((e): e is { section: string; name: string; value: string } => typeof e?.section === 'string' && typeof e?.name === 'string' && typeof e?.value === 'string')
        .map((e) => ({ section: e.section, name: e.name, value: e.value }));
      if (extras.length) m.extras = extras;
    }
    markProvenance(m, provenanceOf(top));
    markProvenance(m, { inferredKeys: this.inferred });
    return { matrix: m, positions: this.positions, omits: markdownOmissions(top !== null, sawDetails, this.drivers.length > 0), repeated: this.repeated };
  }

  /** A value the Summary shows as `first` (the model's copy) and Details as `second`. */
  private twice(ref: ValueRef, first: string | null, firstAt: SourcePlace, second: string | null, secondAt: SourcePlace): void {
    addCopies(this.repeated, ref, { value: first, at: firstAt }, { value: second, at: secondAt });
  }

  private warn(message: string, line?: number): void {
    this.opts.warn({ file: this.opts.file, line, message, severity: 'warning', ruleId: 'md-conflict' });
  }

  private summaryTable(table: Table): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const hasStatus = visible(header.children[1]?.children ?? []).trim().toLowerCase() === 'status';
    const first = hasStatus ? 2 : 1;
    this.summaryDrivers = header.children.slice(first).map((c) => ({ key: str(hiddenOf(c.children)?.driver), title: visible(c.children).trim() }));
    for (const row of rows) {
      const cells = row.children;
      const featureCell = cells[0];
      if (!featureCell) continue;
      const statusCell: TableCell | undefined = hasStatus ? cells[1] : undefined;
      const shownStatus = statusCell ? visible(statusCell.children).trim() : '';
      const statusHidden = statusCell ? hiddenOf(statusCell.children) : null;
      const sr = statusHidden?.raw as (RawSlot & { g?: string | null }) | undefined;
      let status: { status: string | null; group: string | null };
      if (sr && typeof sr.h === 'string' && fingerprint(shownStatus) === sr.h) status = { status: sr.v ?? null, group: sr.g ?? null };
      else status = shownStatus === '' ? { status: null, group: null } : splitStatus(shownStatus);
      const map = new Map<string, string>();
      const cellPlaces = new Map<string, SourcePlace>();
      this.summaryDrivers.forEach((d, n) => {
        const c = cells[first + n];
        if (!c) return;
        const at = placeOf(c);
        if (at) cellPlaces.set(String(n), at);
        const shown = visible(c.children).trim();
        const value = resolveSlot(directSlot(hiddenOf(c.children)), shown, shown === '' ? null : readStatus(shown));
        if (value !== null) map.set(String(n), value);
      });
      this.summaryRows.push({
        key: str(hiddenOf(featureCell.children)?.feature),
        title: visible(featureCell.children).trim(),
        status,
        cells: map,
        line: lineOf(row),
        places: { row: placeOf(featureCell), status: placeOf(statusCell), cells: cellPlaces },
      });
    }
  }

  private driverItem(it: ListItem): void {
    const p = it.children[0];
    if (!p || p.type !== 'paragraph') return;
    const h = hiddenOf(p.children);
    const strongIndex = p.children.findIndex((c) => c.type === 'strong');
    const titleShown = strongIndex === -1 ? '' : visible(p.children[strongIndex]!).trim();
    const rest = p.children.slice(strongIndex + 1).filter((c) => c.type !== 'html');
    const linkShown = visible(rest).trim().replace(/^—\s*/, '').trim();
    this.drivers.push({
      key: str(h?.driver),
      shown: titleShown,
      title: resolveSlot(slotOf(h, 'title'), titleShown, titleShown),
      link: resolveSlot(slotOf(h, 'link'), linkShown, linkShown === '' ? null : linkShown),
      extras: extrasOf(h?.extras),
    });
  }

  private featureHeading(children: PhrasingContent[], line?: number, place?: SourcePlace): DetailFeature {
    const h = hiddenOf(children);
    const shown = visible(children).trim();
    const f: DetailFeature = {
      key: str(h?.feature),
      hidden: h,
      title: resolveSlot(slotOf(h, 'title'), shown, shown),
      fields: new Map(),
      notes: null,
      cells: [],
      extras: extrasOf(h?.extras),
      line,
      places: { heading: place, fields: new Map() },
    };
    return f;
  }

  private featureBody(f: DetailFeature, blocks: RootContent[]): void {
    const h = f.hidden;
    let i = 0;
    const shownFields = new Map<FieldName, string>();
    const readFields = new Map<FieldName, string | null>();
    if (blocks[0]?.type === 'list') {
      for (const it of (blocks[0] as List).children) this.fieldItem(it, shownFields, readFields, f.places.fields);
      i = 1;
    }
    const notesBlocks: RootContent[] = [];
    let cellsList: List | null = null;
    for (; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (isLabel(b, DRIVER_SUPPORT_LABEL)) {
        const next = blocks[i + 1];
        if (next?.type === 'list') cellsList = next;
        notesBlocks.push(...blocks.slice(i + 2));
        break;
      }
      if (b.type !== 'html') notesBlocks.push(b);
    }
    for (const name of Object.keys(FIELD_LABELS) as FieldName[]) {
      const shown = shownFields.get(name) ?? '';
      const value = resolveSlot(slotOf(h, name), shown, readFields.has(name) ? readFields.get(name)! : null);
      f.fields.set(name, value);
    }
    f.places.notes = placeOf(notesBlocks[0]);
    const notesShown = blocksText(notesBlocks);
    f.notes = resolveSlot(slotOf(h, 'notes'), notesShown, notesShown === '' ? null : notesShown);
    if (cellsList) for (const it of cellsList.children) this.cellItem(it, f);
  }

  private fieldItem(it: ListItem, shown: Map<FieldName, string>, read: Map<FieldName, string | null>, places: Map<string, SourcePlace>): void {
    const p = it.children[0];
    if (!p || p.type !== 'paragraph') return;
    const label = p.children[0];
    if (!label || label.type !== 'strong') return;
    const labelText = visible(label).trim().replace(/:$/, '');
    const name = (Object.keys(FIELD_LABELS) as FieldName[]).find((k) => FIELD_LABELS[k].toLowerCase() === labelText.toLowerCase());
    if (!name) return;
    const rest = p.children.slice(1);
    const text = visible(rest).trim();
    const at = placeOf(rest[0] ?? p);
    if (at) places.set(name, at);
    shown.set(name, text);
    if (name === 'cli' || name === 'tempestTestUuids') {
      const codes = rest.filter((c) => c.type === 'inlineCode').map((c) => (c as { value: string }).value);
      const items = codes.length ? codes : text.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '');
      read.set(name, items.length ? items.join(';') : null);
    } else {
      read.set(name, text);
    }
  }

  private cellItem(it: ListItem, f: DetailFeature): void {
    const p = it.children[0];
    if (!p || p.type !== 'paragraph') return;
    const h = hiddenOf(p.children);
    const strongIndex = p.children.findIndex((c) => c.type === 'strong');
    const title = strongIndex === -1 ? '' : visible(p.children[strongIndex]!).trim();
    let rest = p.children.slice(strongIndex + 1).filter((c) => c.type !== 'html');
    let releaseShown = '';
    let hasRelease = false;
    const last = rest[rest.length - 1];
    if (last?.type === 'emphasis') {
      releaseShown = visible(last).trim();
      if (releaseShown.startsWith(RELEASE_PREFIX.trim())) releaseShown = releaseShown.slice(RELEASE_PREFIX.trim().length).trim();
      hasRelease = true;
      rest = rest.slice(0, -1);
    }
    const statusText = visible(rest).trim().replace(/^:\s*/, '');
    const statusShown = stripEndMark(statusText, '·').trim();
    const notesShown = blocksText(it.children.slice(1));
    const driver = str(h?.driver) ?? this.driverKeyByTitle(title);
    f.cells.push({
      driver,
      status: resolveSlot(slotOf(h, 'status'), statusShown, readStatus(statusShown)) ?? '',
      release: resolveSlot(slotOf(h, 'release'), releaseShown, hasRelease ? releaseShown : null),
      notes: resolveSlot(slotOf(h, 'notes'), notesShown, notesShown === '' ? null : notesShown),
      line: lineOf(it),
      place: placeOf(it.children[0]),
    });
  }

  private driverKeyByTitle(title: string): string {
    const d = this.drivers.find((x) => x.shown === title && x.key !== null);
    if (d) return d.key!;
    const s = this.summaryDrivers.find((x) => x.title === title && x.key !== null);
    if (s) return s.key!;
    this.inferred = true;
    return slug(title);
  }

  /** A key made up from a title (the registry matches it to --keys-from: model/keys.ts adoptKeys). */
  private featureKeyByTitle(title: string): string {
    this.inferred = true;
    return slug(title);
  }

  private assemble(top: Hidden | null): Matrix {
    const dialect = typeof top?.dialect === 'string' && (DIALECTS as readonly string[]).includes(top.dialect) ? (top.dialect as Dialect) : this.opts.keysFrom?.dialect ?? 'support-matrix';
    const m = newMatrix(dialect);
    const byKey = new Map<string, Driver>();
    const addDriver = (key: string, title: string | null, link: string | null, extras?: ExtraOption[]) => {
      if (byKey.has(key)) return byKey.get(key)!;
      const d: Driver = { key, title, link };
      if (extras) d.extras = extras;
      byKey.set(key, d);
      m.drivers.push(d);
      return d;
    };
    for (const d of this.drivers) addDriver(d.key ?? this.driverKeyByTitle(d.title ?? ''), d.title, d.link, d.extras);
    const columnKeys = this.summaryDrivers.map((d) => addDriver(d.key ?? this.driverKeyByTitle(d.title), d.title, null).key);

    const detailByKey = new Map<string, DetailFeature>();
    for (const d of this.details) {
      const key = d.key ?? this.featureKeyByTitle(d.title ?? '');
      d.key = key;
      if (!detailByKey.has(key)) detailByKey.set(key, d);
    }
    const order: string[] = [];
    const summaryByKey = new Map<string, SummaryRow>();
    for (const r of this.summaryRows) {
      const key = r.key ?? this.details.find((d) => d.title !== null && d.title.trim() === r.title)?.key ?? this.featureKeyByTitle(r.title);
      r.key = key;
      if (!summaryByKey.has(key)) {
        summaryByKey.set(key, r);
        order.push(key);
      }
    }
    for (const d of this.details) if (!summaryByKey.has(d.key!)) order.push(d.key!);
    const seen = new Set<string>();
    for (const key of order) {
      if (seen.has(key)) continue;
      seen.add(key);
      m.features.push(this.feature(key, summaryByKey.get(key), detailByKey.get(key), columnKeys, addDriver));
    }
    return m;
  }

  private feature(
    key: string,
    row: SummaryRow | undefined,
    detail: DetailFeature | undefined,
    columnKeys: string[],
    addDriver: (key: string, title: string | null, link: string | null) => Driver,
  ): Feature {
    const f = newFeature(key, detail ? detail.title : (row?.title ?? null));
    const fields = detail?.fields ?? new Map<FieldName, string | null>();
    const detailStatus = fields.get('status') ?? null;
    if (row) {
      f.status = row.status.status;
      f.group = row.status.group;
      if (detail && detailStatus !== joinStatus(f.status, f.group)) {
        if (detailStatus === null) {
          this.warn(`feature ${key}: Details shows no status, the Summary ${JSON.stringify(joinStatus(f.status, f.group))}: the Summary is used`, detail.line);
        } else {
          // Two copies of one value: the Summary's is the model's; with --base, the one that differs from the base is the edit.
          const shown = splitStatus(detailStatus);
          const summaryAt = rowPlace(row, undefined, 'status', columnKeys) ?? lineStart(row.line);
          const detailAt = detailPlace(detail, undefined, 'status') ?? lineStart(detail.line);
          if (shown.status !== f.status) this.twice({ feature: key, field: 'status' }, f.status, summaryAt, shown.status, detailAt);
          if (shown.group !== f.group) this.twice({ feature: key, field: 'group' }, f.group, summaryAt, shown.group, detailAt);
        }
      }
    } else if (detailStatus !== null) {
      const s = splitStatus(detailStatus);
      f.status = s.status;
      f.group = s.group;
    }
    f.notes = detail?.notes ?? null;
    f.cli = splitList(fields.get('cli') ?? null);
    f.api = fields.get('api') ?? null;
    f.maturity = fields.get('maturity') ?? null;
    f.apiDocLink = fields.get('apiDocLink') ?? null;
    f.adminDocLink = fields.get('adminDocLink') ?? null;
    f.tempestTestUuids = splitList(fields.get('tempestTestUuids') ?? null);
    if (detail?.extras) f.extras = detail.extras;

    const summaryCells = new Map<string, string>();
    if (row) for (const [n, status] of row.cells) summaryCells.set(columnKeys[Number(n)]!, status);
    const impls: Implementation[] = [];
    const done = new Set<string>();
    for (const c of detail?.cells ?? []) {
      addDriver(c.driver, null, null);
      let status = c.status;
      if (row) {
        const s = summaryCells.get(c.driver);
        if (s !== undefined && s !== c.status) {
          const summaryAt = rowPlace(row, c.driver, 'status', columnKeys) ?? lineStart(row.line);
          this.twice({ feature: key, driver: c.driver, field: 'status' }, s, summaryAt, c.status, c.place ?? lineStart(c.line));
          status = s;
        }
      }
      impls.push({ driver: c.driver, status, notes: c.notes, release: c.release });
      done.add(c.driver);
    }
    for (const [driver, status] of summaryCells) {
      if (!done.has(driver)) impls.push({ driver, status, notes: null, release: null });
    }
    f.implementations = impls;
    this.place(key, row, detail, columnKeys);
    return f;
  }

  /** Record where a feature's values are: the Summary first (it wins), then Details. */
  private place(feature: string, row: SummaryRow | undefined, detail: DetailFeature | undefined, columnKeys: string[]): void {
    let list = this.placed.get(feature);
    if (!list) this.placed.set(feature, (list = []));
    list.push({ row, detail, columnKeys });
  }
}

/**
 * What a Markdown file does not carry: without fmx's invisible data (written
 * by hand) no extras; without Details no notes, commands, classification or
 * releases; without the Drivers list no links.
 */
function markdownOmissions(hidden: boolean, details: boolean, driverList: boolean): Omission[] {
  const out: Omission[] = [];
  if (!hidden) out.push('extras');
  if (!details) out.push('notes', 'cli', 'api', 'classification', 'release');
  if (!driverList) out.push('links');
  return out;
}

function isLabel(b: RootContent, label: string): b is Paragraph {
  return b.type === 'paragraph' && b.children.length === 1 && b.children[0]!.type === 'strong' && visible(b.children[0]!).trim() === label;
}

/** A key made up from a title: `Libvirt KVM (x86)` -> `libvirt-kvm-x86` (the title itself if nothing is left). */
/** The provenance flags the invisible data carries (flags other than `true` are not set). */
function provenanceOf(top: Hidden | null): Provenance {
  const p = top?.provenance;
  const out: Provenance = {};
  if (typeof p !== 'object' || p === null) return out;
  for (const flag of PROVENANCE_FLAGS) if ((p as Record<string, unknown>)[flag] === true) out[flag] = true;
  return out;
}

function slug(title: string): string {
  return slugify(title) || title;
}
