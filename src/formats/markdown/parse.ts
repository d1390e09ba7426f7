/**
 * Markdown text to an mdast tree, in time linear in the text.
 *
 * remark-parse (micromark) on a whole document grows faster than the
 * document (a 10 MB matrix took minutes and gigabytes). The document is cut
 * before every ATX heading at the start of a line (`# `..`###### `), which
 * always starts a new top-level block, and each piece is read on its own:
 *
 * - a piece made only of the constructs the Markdown writer produces, in
 *   their plain forms (headings, paragraphs of plain text, lists of bold
 *   labels, status text and indented notes, the Summary table, fmx's
 *   one-line HTML comments, code spans, `<https://...>` links), is read by
 *   `fastBlocks` below into the very nodes remark would make;
 * - any other piece goes to remark-parse with remark-gfm, and its positions
 *   are shifted to the piece's place in the document, so every line and
 *   column stays true.
 *
 * A document with a construct that can reach across a heading (a fenced code
 * block, an HTML block, a link reference or footnote definition) is read by
 * remark whole, as before. remark is loaded only when a piece needs it
 * (`loadRemark`; a synchronous parse throws `NeedsRemark` until then). test/formats/markdown/parse.test.ts checks that
 * the fast path and remark give the same tree on every sample.
 */

import type { Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';

/** remark-parse with remark-gfm, loaded on first need: a document fmx wrote rarely needs it (a tenth of a second of start-up). */
let remark: { parse(text: string): unknown } | null = null;

export async function loadRemark(): Promise<void> {
  if (remark) return;
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }] = await Promise.all([import('unified'), import('remark-parse'), import('remark-gfm')]);
  remark = unified().use(remarkParse).use(remarkGfm).freeze();
}

/** Thrown by a synchronous parse that needs remark before `loadRemark` has run: load it and parse again. */
export class NeedsRemark extends Error {
  constructor() {
    super('remark-parse is not loaded yet');
  }
}

function remarkParse(text: string): Root {
  if (!remark) throw new NeedsRemark();
  return remark.parse(text) as Root;
}

/** A construct whose reach is not bounded by the next heading: the document is read whole. */
const CROSSES_HEADINGS = /^[ \t>*+\-\d.)]*(?:```|~~~|<(?!!--fmx [^\n]*?-->[ \t]*$)|\[(?:[^\]\\\n]|\\.)*\]:)/m;
const HEADING_START = /^#{1,6}(?:[ \t]|$)/gm;

export function parseMarkdown(text: string, remarkOnly = false): Root {
  if (remarkOnly || CROSSES_HEADINGS.test(text)) return remarkParse(text);
  const children: RootContent[] = [];
  let start = 0;
  let line = 1;
  const piece = (end: number) => {
    if (end <= start) return;
    const part = text.slice(start, end);
    const fast = fastBlocks(part, line, start);
    if (fast) children.push(...fast);
    else {
      const tree = remarkParse(part);
      if (line > 1 || start > 0) shift(tree, line - 1, start);
      children.push(...tree.children);
    }
    for (let i = part.indexOf('\n'); i !== -1; i = part.indexOf('\n', i + 1)) line++;
    start = end;
  };
  HEADING_START.lastIndex = 0;
  for (let m = HEADING_START.exec(text); m !== null; m = HEADING_START.exec(text)) {
    piece(m.index);
    if (m[0].length === 0) HEADING_START.lastIndex++;
  }
  piece(text.length);
  const end = endPoint(text);
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end } };
}

function endPoint(text: string): { line: number; column: number; offset: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: text.length - last, offset: text.length };
}

/** Move every position of a tree read from a piece to where the piece starts. */
function shift(node: { position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } }; children?: unknown[] }, lines: number, offset: number): void {
  const p = node.position;
  if (p) {
    p.start.line += lines;
    p.end.line += lines;
    if (p.start.offset !== undefined) p.start.offset += offset;
    if (p.end.offset !== undefined) p.end.offset += offset;
  }
  if (node.children) for (const c of node.children) shift(c as typeof node, lines, offset);
}

// ------------------------------------------------------------------ the fast path

/**
 * Characters with a meaning in inline Markdown (or GFM), anywhere in a line:
 * the fast path leaves text containing them to remark. `]` closes nothing
 * where no `[` opened (text never holds one); `<` opens HTML or an autolink
 * only before a letter, `/`, `!` or `?`; `&` only a character reference. `_` is allowed
 * between two ASCII letters or digits only (it can neither open nor close
 * emphasis there); `>` is harmless inside a line.
 */
const UNSAFE_TEXT = /[\\`*[~|\u0000-\u001f\u007f@]|<(?=[A-Za-z/!?]|$)|&(?=#|[A-Za-z0-9]+;)|(?:^|[^A-Za-z0-9])_|_(?:[^A-Za-z0-9]|$)|www\./i;
/** What remark-gfm turns into a link in text, after escapes are read (`https\://` too). */
const LITERAL = /www\.|https?:\/\/|@/i;
/** A line that could start (or end) a block other than a paragraph, or be something other than plain text. */
const BLOCK_START = /^(?:[\s#>\-+*=_|<`~]|\d{1,9}[.)](?:[ \t]|$))/;
/** fmx's invisible data, as the writer escapes it: no |, <, >, backtick, & nor line break inside. */
const COMMENT = /<!--fmx [^|<>`&\n]*?-->/y;
const AUTOLINK = /<(https?:\/\/[^\s<>\\&`|\u0000-\u001f\u007f]+)>/y;
const ANCHOR_LINK = /\[([^\\`*[\]<&~|\u0000-\u001f\u007f@]+)\]\((#[^\s()<>\\&`|*[\]\u0000-\u001f\u007f]*)\)/y;
/** A backslash escape: the punctuation it makes literal. */
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
const COMMENTS = /<!--fmx [^|<>`&\n]*?-->/g;
const CODE = /`([^`\n]+)`(?!`)/y;

type Point = { line: number; column: number; offset: number };

/**
 * The blocks of a piece, or null if it holds anything but the plain forms
 * the writer produces. `firstLine`/`firstOffset`: where the piece starts.
 */
export function fastBlocks(text: string, firstLine: number, firstOffset: number): RootContent[] | null {
  if (/[ \t]\n|[\r\t]/.test(text)) return null;
  const lines = text.split('\n');
  const offsets: number[] = [];
  let o = firstOffset;
  for (const l of lines) {
    offsets.push(o);
    o += l.length + 1;
  }
  const point = (n: number, column: number): Point => ({ line: firstLine + n, column, offset: offsets[n]! + column - 1 });
  const endOf = (n: number): Point => point(n, lines[n]!.length + 1);
  const out: RootContent[] = [];
  let n = 0;
  const blank = (k: number) => k < lines.length && lines[k] === '';
  while (n < lines.length) {
    const l = lines[n]!;
    if (l === '') {
      n++;
      continue;
    }
    const h = /^(#{1,6}) (.*)$/.exec(l);
    if (h) {
      const content = h[2]!;
      if (content.startsWith(' ') || content.replace(COMMENTS, '').includes('#')) return null;
      const children = inline(content);
      if (!children) return null;
      out.push({ type: 'heading', depth: h[1]!.length as 1, children, position: { start: point(n, 1), end: endOf(n) } });
      n++;
      continue;
    }
    if (l.startsWith('<!--fmx ')) {
      COMMENT.lastIndex = 0;
      const m = COMMENT.exec(l);
      if (!m || m[0].length !== l.length) return null;
      out.push({ type: 'html', value: l, position: { start: point(n, 1), end: endOf(n) } } as Html);
      n++;
      continue;
    }
    if (l.startsWith('- ')) {
      const list = fastList(lines, n, point, endOf);
      if (!list) return null;
      out.push(list.node);
      n = list.next;
      continue;
    }
    if (l.startsWith('|')) {
      const table = fastTable(lines, n, point, endOf);
      if (!table) return null;
      out.push(table.node);
      n = table.next;
      continue;
    }
    const p = fastParagraph(lines, n, 0, point, endOf);
    if (!p) return null;
    out.push(p.node);
    n = p.next;
    if (!blank(n) && n < lines.length) return null;
  }
  return out;
}

type PointAt = (n: number, column: number) => Point;

/** A paragraph of plain text lines (each indented by `indent` spaces), up to a blank line. */
function fastParagraph(lines: string[], n: number, indent: number, point: PointAt, endOf: (n: number) => Point): { node: Paragraph; next: number } | null {
  const pad = ' '.repeat(indent);
  const children: PhrasingContent[] = [];
  let k = n;
  for (; k < lines.length && lines[k] !== ''; k++) {
    const l = lines[k]!;
    if (indent && l.startsWith('- ')) break; // the next item of the list this paragraph is in
    if (!l.startsWith(pad)) return null;
    const t = l.slice(indent);
    if (BLOCK_START.test(t) && !/^\*\*[^\s*]/.test(t)) return null;
    const line = inline(t);
    if (!line) return null;
    if (k > n) appendText(children, '\n');
    for (const c of line) {
      if (c.type === 'text') appendText(children, c.value);
      else children.push(c);
    }
  }
  if (!children.length) return null;
  return { node: { type: 'paragraph', children, position: { start: point(n, indent + 1), end: endOf(k - 1) } }, next: k };
}

/**
 * A list of `- ` items at column 1, each a one-line paragraph of inline
 * content, optionally followed (after a blank line) by paragraphs indented
 * by two spaces.
 */
function fastList(lines: string[], n: number, point: PointAt, endOf: (n: number) => Point): { node: List; next: number } | null {
  const items: ListItem[] = [];
  let k = n;
  let spreadList = false;
  let lastEnd = n;
  while (k < lines.length && lines[k]!.startsWith('- ')) {
    if (k > lastEnd + 1) spreadList = true; // a blank line between two items
    const first = lines[k]!.slice(2);
    if (first === '' || first.startsWith(' ') || BLOCK_START.test(first) && !first.startsWith('*')) return null;
    const children = inline(first);
    if (!children) return null;
    const start = k;
    const blocks: (Paragraph | RootContent)[] = [{ type: 'paragraph', children, position: { start: point(k, 3), end: endOf(k) } }];
    k++;
    if (k < lines.length && lines[k] !== '' && !lines[k]!.startsWith('- ')) return null; // lazy continuation
    let end = start;
    let spread = false;
    while (k + 1 < lines.length && lines[k] === '' && lines[k + 1]!.startsWith('  ')) {
      const p = fastParagraph(lines, k + 1, 2, point, endOf);
      if (!p) return null;
      blocks.push(p.node);
      spread = true;
      k = p.next;
      end = k - 1;
      if (k < lines.length && lines[k] !== '' && !lines[k]!.startsWith('- ')) return null;
    }
    items.push({ type: 'listItem', spread, checked: null, children: blocks as ListItem['children'], position: { start: point(start, 1), end: endOf(end) } });
    lastEnd = end;
    if (k < lines.length && lines[k] === '' && k + 1 < lines.length && lines[k + 1]!.startsWith('- ')) k++;
  }
  if (k < lines.length && lines[k] !== '') return null;
  if (spreadList) return null; // remark's rules for loose lists: not worth copying here
  return { node: { type: 'list', ordered: false, start: null, spread: false, children: items, position: { start: point(n, 1), end: endOf(lastEnd) } }, next: k };
}

/** A GFM table whose rows start and end with `|` and hold plain inline content. */
function fastTable(lines: string[], n: number, point: PointAt, endOf: (n: number) => Point): { node: Table; next: number } | null {
  const split = (l: string): string[] | null => (l.length >= 2 && l.startsWith('|') && l.endsWith('|') ? l.slice(1, -1).split('|') : null);
  const header = split(lines[n]!);
  const delim = n + 1 < lines.length ? split(lines[n + 1]!) : null;
  if (!header || !delim || delim.length !== header.length) return null;
  const align: Table['align'] = [];
  for (const d of delim) {
    const m = /^ *(:?)-+(:?) *$/.exec(d);
    if (!m) return null;
    align.push(m[1] ? (m[2] ? 'center' : 'left') : m[2] ? 'right' : null);
  }
  const rows: TableRow[] = [];
  const row = (k: number, cellsText: string[]): TableRow | null => {
    const cells: TableCell[] = [];
    // As remark places a cell: from the pipe before it to the next pipe (the last one up to the closing pipe, included).
    let pipe = 0;
    for (const [i, c] of cellsText.entries()) {
      const t = c.trim();
      const children = t === '' ? [] : inline(t);
      if (!children) return null;
      const next = pipe + c.length + 1;
      const end = i === cellsText.length - 1 ? next + 2 : next + 1;
      cells.push({ type: 'tableCell', children, position: { start: point(k, pipe + 1), end: point(k, end) } });
      pipe = next;
    }
    return { type: 'tableRow', children: cells, position: { start: point(k, 1), end: endOf(k) } };
  };
  const head = row(n, header);
  if (!head) return null;
  rows.push(head);
  let k = n + 2;
  for (; k < lines.length && lines[k] !== ''; k++) {
    const cellsText = split(lines[k]!);
    if (!cellsText || cellsText.length !== header.length || /[\t\r\\`]/.test(lines[k]!)) return null;
    const r = row(k, cellsText);
    if (!r) return null;
    rows.push(r);
  }
  if (/[\t\r\\`]/.test(lines[n]!)) return null;
  return { node: { type: 'table', align, children: rows, position: { start: point(n, 1), end: endOf(k - 1) } }, next: k };
}

/**
 * A web address alone between spaces (or a line's ends), with a plain host
 * name and a plain path, perhaps followed by sentence punctuation (which
 * stays text): remark-gfm makes it a link whatever its escapes
 * (`https\\://`), so the fast path does too.
 */
const WEB_LINK = /(?<=^| )https?:\/\/[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9][A-Za-z0-9-]*)+(?:\/(?:[A-Za-z0-9/+#._?=%-]*[A-Za-z0-9/+#_=%-])?)?(?=[.,:;!?]*(?: |$))/g;

/** Text with plain web addresses in it as text and link nodes; false if any other link literal is left. */
function webLinks(value: string, atLineStart: boolean, atLineEnd: boolean, out: PhrasingContent[]): boolean {
  let last = 0;
  WEB_LINK.lastIndex = 0;
  for (let m = WEB_LINK.exec(value); m !== null; m = WEB_LINK.exec(value)) {
    if ((m.index === 0 && !atLineStart) || (m.index + m[0].length === value.length && !atLineEnd)) return false;
    const before = value.slice(last, m.index);
    if (LITERAL.test(before)) return false;
    if (before) appendText(out, before);
    out.push({ type: 'link', title: null, url: m[0], children: [{ type: 'text', value: m[0] }] });
    last = m.index + m[0].length;
  }
  const rest = value.slice(last);
  if (LITERAL.test(rest)) return false;
  if (rest) appendText(out, rest);
  return true;
}

function appendText(out: PhrasingContent[], value: string): void {
  const prev = out[out.length - 1];
  if (prev?.type === 'text') prev.value += value;
  else out.push({ type: 'text', value });
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const isSpace = (c: string | undefined) => c === undefined || c === ' ';
const isPunct = (c: string | undefined) => c !== undefined && ASCII_PUNCT.test(c);
const isAscii = (c: string | undefined) => c === undefined || c.charCodeAt(0) < 0x80;

/**
 * Whether a `*` run at [i, j) of s can open (left-flanking) or close
 * (right-flanking) emphasis. The fast path pairs runs of equal length with
 * no `*` between them, so the rule of three never applies.
 */
function delimiter(s: string, i: number, j: number, open: boolean): boolean {
  const before = i > 0 ? s[i - 1] : undefined;
  const after = s[j];
  if (!isAscii(before) || !isAscii(after)) return false;
  const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
  const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
  return open ? left : right;
}

/**
 * The phrasing content of one line, if it is made only of plain text, fmx
 * comments, `**bold**` and `*emphasis*` of plain text, code spans, anchor
 * links and web autolinks.
 */
/** The characters `inline` stops at. */
const INLINE_START = /[\\<`[*]/g;

function inline(s: string): PhrasingContent[] | null {
  const out: PhrasingContent[] = [];
  let textStart = 0;
  let i = 0;
  const flush = (end: number): boolean => {
    if (end > textStart) {
      const t = s.slice(textStart, end);
      const escaped = t.includes('\\');
      if (UNSAFE_TEXT.test(escaped ? t.replace(ESCAPE, '!') : t)) return false;
      const value = escaped ? t.replace(ESCAPE, '$1') : t;
      if (LITERAL.test(value)) return webLinks(value, textStart === 0, end === s.length, out);
      appendText(out, value);
    }
    return true;
  };
  while (i < s.length) {
    // Jump to the next character with an inline meaning here (a regular expression scans faster than a loop).
    INLINE_START.lastIndex = i;
    if (!INLINE_START.test(s)) break;
    i = INLINE_START.lastIndex - 1;
    const c = s[i];
    if (c === '\\') {
      if (!isPunct(s[i + 1])) return null;
      i += 2;
      continue;
    }
    if (c === '<') {
      COMMENT.lastIndex = i;
      AUTOLINK.lastIndex = i;
      const m = COMMENT.exec(s);
      const a = m ? null : AUTOLINK.exec(s);
      if (!m && !a) {
        if (/[A-Za-z/!?]/.test(s[i + 1] ?? '!')) return null;
        i++;
        continue;
      }
      if (!flush(i)) return null;
      if (m) out.push({ type: 'html', value: m[0] });
      else out.push({ type: 'link', title: null, url: a![1]!, children: [{ type: 'text', value: a![1]! }] });
      i = textStart = i + (m ?? a)![0].length;
      continue;
    }
    if (c === '`') {
      CODE.lastIndex = i;
      const m = CODE.exec(s);
      if (!m || m[1]!.startsWith(' ') || m[1]!.endsWith(' ') || (i > 0 && s[i - 1] === '`')) return null;
      if (!flush(i)) return null;
      out.push({ type: 'inlineCode', value: m[1]! });
      i = textStart = i + m[0].length;
      continue;
    }
    if (c === '[') {
      ANCHOR_LINK.lastIndex = i;
      const m = ANCHOR_LINK.exec(s);
      if (!m || m[1]!.trim() !== m[1] || UNSAFE_TEXT.test(m[1]!) || (i > 0 && s[i - 1] === '!')) return null;
      if (!flush(i)) return null;
      out.push({ type: 'link', title: null, url: m[2]!, children: [{ type: 'text', value: m[1]! }] });
      i = textStart = i + m[0].length;
      continue;
    }
    if (c === '*') {
      let j = i;
      while (s[j] === '*') j++;
      const run = j - i;
      if (run > 2 || !delimiter(s, i, j, true)) return null;
      const close = s.indexOf('*', j);
      if (close === -1) return null;
      let e = close;
      while (s[e] === '*') e++;
      if (e - close !== run || !delimiter(s, close, e, false)) return null;
      const inner = s.slice(j, close);
      if (inner === '' || UNSAFE_TEXT.test(inner)) return null;
      if (!flush(i)) return null;
      out.push({ type: run === 2 ? 'strong' : 'emphasis', children: [{ type: 'text', value: inner }] });
      i = textStart = e;
      continue;
    }
    i++;
  }
  if (!flush(s.length)) return null;
  return out;
}
