/**
 * HTML reader: fmx's own page (which carries its model: layout.ts), or a
 * published matrix page (sphinx-feature-classification, or nova's own
 * renderer up to 17.0.0) into the canonical model.
 *
 * fmx's page is recognised by its model element and read from it alone,
 * exactly; the grid and details around it are for people.
 *
 * A published page
 * The page is parsed by dom.ts (a lean parser following the HTML tree-building
 * rules, positions kept as offsets) and read by its structure:
 * each feature is a list item that starts with a `<strong>` title (whose id
 * is the key with non-alphanumerics turned into `_`) and holds a `Status:`
 * paragraph; labelled paragraphs (`API Alias:`, `CLI commands:`, `Notes:`,
 * `Driver Support:` / `drivers:`) give the rest. The summary table gives the
 * driver links and is cross-checked against the details.
 */

import { getAttr, LineTable, parseHtml, TooDeep, type HtmlDocument, type HtmlElement, type HtmlNode } from './dom.js';
import { error, quote } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { foldSpace } from '../../model/fold.js';
import { decodeUtf8 } from '../../io/decode.js';
import {
  buildLoaded,
  type PageCell,
  type PageColumn,
  type PageData,
  type PageFeature,
  type Renderer,
  type SummaryRow,
} from '../page/model.js';
import { parseStatusLine, SUBTITLES } from '../page/labels.js';
import { stripEndMark } from '../../strings.js';
import { ModelChecker, type ModelPath } from '../../model/check.js';
import type { Matrix } from '../../model/matrix.js';
import { MODEL_ELEMENT_ID, MODEL_ELEMENT_TYPE } from './layout.js';

type Node = HtmlNode;
type Element = HtmlElement;
type Warn = (message: string, n: Node | undefined, ruleId?: string) => void;

/** Line numbers of the page being read (one page at a time: the reader is synchronous). */
let lines: LineTable = new LineTable('');

export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { text } = decodeUtf8(bytes, opts.file);
  let page: PageData;
  lines = new LineTable(text);
  try {
    const doc = parseHtml(text);
    const carried = modelElement(doc);
    if (carried) return { matrix: readCarried(carried, opts.file) };
    page = readPage(doc.root, opts);
  } catch (e) {
    if (e instanceof TooDeep || e instanceof RangeError) throw error(opts.file, 'the HTML is nested too deeply to read (thousands of levels)', 1, 1, 'page-too-deep');
    throw e;
  } finally {
    lines = new LineTable('');
  }
  return buildLoaded(page, opts);
}

/** fmx's model element (`<script type="application/json" id="fmx:model">`), when the page has one. */
function modelElement(doc: HtmlDocument): Element | null {
  const isModel = (n: Node): n is Element =>
    isElement(n, 'script') && idOf(n) === MODEL_ELEMENT_ID && (getAttr(n.attrs, 'type') ?? '').toLowerCase() === MODEL_ELEMENT_TYPE;
  // The parser lists the scripts it made: with none or one such, no walk of the whole tree is needed.
  if (doc.scripts) {
    const found = doc.scripts.filter(isModel);
    if (found.length <= 1) return found[0] ?? null;
  }
  return (find(doc.root, isModel) as Element | undefined) ?? null;
}

/** The model fmx's page carries, checked as the JSON reader checks a model; errors point at the element. */
function readCarried(script: Element, file: string): Matrix {
  const json = script.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  const line = lineOf(script) ?? 1;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw error(file, `the matrix this fmx page carries (element ${MODEL_ELEMENT_ID}) is not valid JSON: was the page edited?`, line, 1, 'page-model');
  }
  const fail = (path: ModelPath, message: string): never => {
    const where = path.length ? '/' + path.join('/') : '(top level)';
    throw error(file, `the matrix this fmx page carries (element ${MODEL_ELEMENT_ID}): ${where}: ${message}`, line, 1, 'page-model');
  };
  return new ModelChecker(fail).matrix(data);
}

function isElement(n: Node | undefined, tag?: string): n is Element {
  return n !== undefined && n.type === 'element' && (tag === undefined || n.tagName === tag);
}

const NO_CHILDREN: Node[] = [];

function children(n: Node): Node[] {
  return n.type === 'element' ? n.children : NO_CHILDREN;
}

function elementChildren(n: Node): Element[] {
  return children(n).filter((c): c is Element => c.type === 'element');
}

/** The line of a node's start, from its offset; none for an element the parser implied. */
function lineOf(n: Node): number | undefined {
  return n.start < 0 ? undefined : lines.line(n.start);
}

/** Whether the element's class list holds `name`. */
function hasClass(e: Element, name: string): boolean {
  const c = getAttr(e.attrs, 'class');
  return c !== undefined && c.includes(name) && classes(e).includes(name);
}

function classes(e: Element): string[] {
  const c = getAttr(e.attrs, 'class');
  if (c === undefined) return [];
  const t = c.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');
  return t === '' ? [] : t.split(/[ \t\n\r\f]+/);
}

function idOf(e: Element): string | null {
  const id = getAttr(e.attrs, 'id');
  return id !== undefined && id !== '' ? id : null;
}

function hrefOf(e: Element): string | undefined {
  return getAttr(e.attrs, 'href');
}

/** Text content as a browser would show it in one line: white space folded (computed once per element). */
function textOf(n: Node): string {
  if (n.type !== 'element') return n.type === 'text' ? foldSpace(n.value) : '';
  return (n.folded ??= foldSpace(rawText(n, '')));
}

/** `out` followed by the text of `n`. */
function rawText(n: Node, out: string): string {
  if (n.type === 'text') return out + n.value;
  if (n.type !== 'element') return out;
  if (n.tagName === 'br') return out + ' ';
  if (n.tagName === 'script' || n.tagName === 'style' || n.tagName === 'template') return out;
  if (n.tagName === 'a' && hasClass(n, 'headerlink')) return out;
  for (const c of n.children) out = rawText(c, out);
  return out;
}

/** The first node under `n` (`n` first, in document order) that `test` accepts. */
function find(n: Node, test: (x: Node) => boolean): Node | undefined {
  const stack: Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (test(x)) return x;
    if (x.type === 'element') {
      const kids = x.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
  return undefined;
}

/** Every node under `n`, `n` first, in document order. */
function each(n: Node, fn: (x: Node) => void): void {
  find(n, (x) => {
    fn(x);
    return false;
  });
}

/** The page's main content: Sphinx's `div.body` / `[role=main]`, else `<main>`, else the body. */
function mainContent(tree: Element): Node {
  let body: Node = tree;
  const main = find(tree, (n) => {
    if (!isElement(n)) return false;
    if (getAttr(n.attrs, 'role') === 'main' || hasClass(n, 'body') || n.tagName === 'main') return true;
    if (n.tagName === 'body' && body === tree) body = n;
    return false;
  });
  return main ?? body;
}

/** The title of a feature item: its first element, a `<strong>` (or a paragraph holding only one). */
function itemTitle(li: Element): Element | null {
  const first = li.children.find((c): c is Element => c.type === 'element');
  if (isElement(first, 'strong')) return first;
  if (isElement(first, 'p')) {
    const inner = elementChildren(first);
    if (inner.length === 1 && isElement(inner[0], 'strong') && textOf(inner[0]) === textOf(first)) return inner[0];
  }
  return null;
}

/** A feature item: `<li><strong>Title</strong>` followed by a `Status:` paragraph. */
function isFeatureItem(li: Element): boolean {
  if (!itemTitle(li)) return false;
  for (const k of li.children) if (k.type === 'element' && (k.tagName === 'p' || k.tagName === 'div') && /^Status\s*:/i.test(textOf(k))) return true;
  return false;
}

function readPage(tree: Element, opts: ReadOptions): PageData {
  const warn: Warn = (message, n, ruleId = 'page-unrecognised') =>
    opts.warn({ file: opts.file, line: n ? lineOf(n) : undefined, message, severity: 'warning', ruleId });
  const main = mainContent(tree);

  // The feature lists: one per matrix (octavia's page has one matrix per object).
  const lists: Element[] = [];
  const listSet = new Set<Element>();
  each(main, (n) => {
    if (isElement(n, 'li') && isFeatureItem(n)) {
      const list = n === main ? undefined : (n.parent ?? undefined);
      if (list && !listSet.has(list)) {
        listSet.add(list);
        lists.push(list);
      }
    }
  });
  const details = lists[0];
  if (!details) throw error(opts.file, 'no matrix found: the page has no feature with a "Status:" line', 1, 1, 'page-no-matrix');
  if (lists.length > 1) {
    warn(
      `the page holds ${lists.length} matrices: only the first is read; save each matrix's section separately to read it`,
      lists[1],
      'page-several-matrices',
    );
  }

  let renderer: Renderer | null = null;
  const features: PageFeature[] = [];
  for (const li of elementChildren(details)) {
    if (li.tagName !== 'li') continue;
    if (!isFeatureItem(li)) {
      warn(`unrecognised item in the feature list: ${quote(textOf(li))}`, li);
      continue;
    }
    const r = readFeature(li, warn);
    renderer ??= r.renderer;
    features.push(r.feature);
  }

  const prose = readProse(main, details, listSet, warn);
  let columns: PageColumn[] | null = null;
  let summaryRows: SummaryRow[] | null = null;
  if (prose.table) {
    const s = readSummary(prose.table);
    columns = s.columns;
    summaryRows = s.rows;
  }
  return {
    renderer: renderer ?? 'sfc',
    title: prose.title,
    preamble: prose.preamble,
    postscript: prose.postscript,
    features,
    columns,
    summaryRows,
    summarySymbols: null,
  };
}

const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'main', 'form', 'hr',
]);

/** A block element without block children: one paragraph of prose. */
function isBlockLeaf(e: Element): boolean {
  if (!BLOCKS.has(e.tagName)) return false;
  return !elementChildren(e).some((c) => BLOCKS.has(c.tagName));
}

interface Prose {
  title: string | null;
  preamble: string[];
  postscript: string[];
  /** The summary table: the first table before the details with a Feature and a Status column. */
  table: Element | null;
}

/**
 * The document around the matrix, in document order: the first heading is the
 * title, paragraphs before the summary are the preamble, those after the
 * details the postscript (up to another matrix).
 */
function readProse(main: Node, details: Element, lists: ReadonlySet<Node>, warn: Warn): Prose {
  const out: Prose = { title: null, preamble: [], postscript: [], table: null };
  let phase: 'pre' | 'matrix' | 'post' | 'done' = 'pre';
  const prose = (t: string, n: Node) => {
    if (phase === 'pre') out.preamble.push(t);
    else if (phase === 'post') out.postscript.push(t);
    else warn(`unrecognised text between the summary and the details: ${quote(t)}`, n);
  };
  const visit = (n: Node): void => {
    if (phase === 'done') return;
    if (n === details) {
      phase = 'post';
      return;
    }
    if (!isElement(n)) {
      if (n.type === 'text' && n.value.trim() !== '') prose(foldSpace(n.value), n);
      return;
    }
    if (n.tagName === 'table' && isSummaryTable(n)) {
      if (phase === 'post') phase = 'done';
      else if (!out.table) {
        out.table = n;
        phase = 'matrix';
      }
      return;
    }
    if (phase === 'post' && lists.has(n)) {
      phase = 'done';
      return;
    }
    if (/^h[1-6]$/.test(n.tagName) && out.title === null && phase === 'pre' && !SUBTITLES.has(textOf(n).toLowerCase())) {
      out.title = stripEndMark(textOf(n), '\u00b6');
      return;
    }
    if (isBlockLeaf(n)) {
      const t = textOf(n);
      if (t === '') return;
      if (SUBTITLES.has(t.toLowerCase())) {
        // "Summary" / "Details": of this matrix, or the start of another one.
        phase = phase === 'post' ? 'done' : 'matrix';
        return;
      }
      prose(t, n);
      return;
    }
    for (const c of children(n)) visit(c);
  };
  visit(main);
  return out;
}

function isSummaryTable(t: Element): boolean {
  const tr = find(t, (n) => isElement(n, 'tr'));
  if (!tr) return false;
  const cells = elementChildren(tr).map(textOf);
  return /^feature$/i.test(cells[0] ?? '') && /^status$/i.test(cells[1] ?? '');
}

function readSummary(table: Element): { columns: PageColumn[]; rows: SummaryRow[] } {
  const columns: PageColumn[] = [];
  const rows: SummaryRow[] = [];
  let header = true;
  each(table, (n) => {
    if (!isElement(n, 'tr')) return;
    const cells = elementChildren(n).filter((c) => c.tagName === 'td' || c.tagName === 'th');
    if (header) {
      header = false;
      for (const c of cells.slice(2)) {
        const a = find(c, (x) => isElement(x, 'a') && hrefOf(x) !== undefined) as Element | undefined;
        columns.push({ title: textOf(c), link: a ? hrefOf(a)! : null, line: lineOf(c) });
      }
      return;
    }
    const first = cells[0];
    if (!first) return;
    const a = find(first, (x) => isElement(x, 'a') && hrefOf(x)?.startsWith('#') === true) as Element | undefined;
    const id = a ? hrefOf(a)!.slice(1) : null;
    const row: SummaryRow = {
      title: textOf(first),
      id,
      status: cells[1] ? textOf(cells[1]) || null : null,
      cells: [],
      line: lineOf(n),
    };
    for (const c of cells.slice(2)) {
      row.cells.push({ status: implStatus(c), symbol: textOf(c), line: lineOf(c) });
    }
    rows.push(row);
  });
  return { columns, rows };
}


/** The status a summary cell's `sp_impl_<status>` class gives (the first in document order). */
function implStatus(e: Element): string | null {
  const c = getAttr(e.attrs, 'class');
  if (c !== undefined && c.includes('sp_impl_')) {
    const impl = classes(e).find((k) => k.startsWith('sp_impl_') && k !== 'sp_impl_summary');
    if (impl) return impl.slice('sp_impl_'.length);
  }
  for (const k of e.children) {
    if (k.type !== 'element') continue;
    const s = implStatus(k);
    if (s !== null) return s;
  }
  return null;
}

/** Text of a paragraph after its leading `<strong>Label:</strong>`. */
function afterLabel(p: Element, label: RegExp): string {
  return textOf(p).replace(label, '').trim();
}

function readFeature(li: Element, warn: Warn): { feature: PageFeature; renderer: Renderer | null } {
  const kids = elementChildren(li);
  const head = itemTitle(li)!;
  const f: PageFeature = {
    title: textOf(head),
    id: idOf(head) ?? idOf(kids[0]!),
    status: null,
    notes: null,
    cli: [],
    api: null,
    cells: [],
    line: lineOf(head),
  };
  let renderer: Renderer | null = null;
  let expect: 'cli' | 'cells' | null = null;
  const takeList = (ul: Element) => {
    if (expect === 'cli') {
      for (const item of elementChildren(ul)) if (item.tagName === 'li') f.cli.push(textOf(item));
    } else if (expect === 'cells') {
      for (const item of elementChildren(ul)) if (item.tagName === 'li') readCell(item, f, warn);
    } else warn(`unrecognised list in ${quote(f.title)}: ${quote(textOf(ul))}`, ul);
    expect = null;
  };
  for (const k of kids.slice(1)) {
    if (k.tagName === 'ul' || k.tagName === 'ol') {
      takeList(k);
      continue;
    }
    if (k.tagName !== 'p' && k.tagName !== 'div') {
      if (textOf(k) !== '') warn(`unrecognised block in ${quote(f.title)}: ${quote(textOf(k))}`, k);
      continue;
    }
    const t = textOf(k);
    // A list inside the paragraph (when the parser did not move it out).
    const inner = elementChildren(k).find((c) => c.tagName === 'ul' || c.tagName === 'ol');
    if (t === '') continue;
    if (/^Status\s*:/i.test(t)) {
      const s = parseStatusLine(t);
      f.status = s.status;
      if (s.rest !== '') {
        f.notes = s.rest;
        renderer = 'nova';
      }
    } else if (/^API Alias\s*:/i.test(t)) {
      f.api = afterLabel(k, /^API Alias\s*:/i);
    } else if (/^CLI commands\s*:/i.test(t)) {
      expect = 'cli';
      if (inner) takeList(inner);
    } else if (/^Notes\s*:/i.test(t)) {
      f.notes = afterLabel(k, /^Notes\s*:/i);
    } else if (/^Driver Support\s*:/i.test(t) || /^drivers\s*:/i.test(t)) {
      renderer ??= /^drivers/i.test(t) ? 'nova' : 'sfc';
      expect = 'cells';
      if (inner) takeList(inner);
    } else warn(`unrecognised paragraph in ${quote(f.title)}: ${quote(t)}`, k);
  }
  return { feature: f, renderer };
}

function readCell(item: Element, f: PageFeature, warn: Warn): void {
  const kids = elementChildren(item);
  const strong = kids.find((c) => c.tagName === 'strong');
  const code = kids.find((c) => c.tagName === 'code' || c.tagName === 'tt' || c.tagName === 'span');
  if (!strong || !code) {
    warn(`unrecognised driver entry in ${quote(f.title)}: ${quote(textOf(item))}`, item, 'page-stray-driver');
    return;
  }
  const cell: PageCell = {
    title: stripEndMark(textOf(strong), ':'),
    id: idOf(code),
    status: textOf(code),
    notes: null,
    line: lineOf(item),
  };
  for (const k of kids) {
    if (k === strong || k === code) continue;
    const t = textOf(k);
    if (t === '') continue;
    if (k.tagName === 'p' || k.tagName === 'div') {
      const notes = t.replace(/^Notes\s*:\s*/i, '');
      cell.notes = cell.notes === null ? notes : cell.notes + ' ' + notes;
    } else warn(`unrecognised text in driver ${quote(cell.title)} of ${quote(f.title)}: ${quote(t)}`, k);
  }
  f.cells.push(cell);
}
