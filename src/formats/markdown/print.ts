/**
 * The direct Markdown printer: the tree of `./tree.ts` as the very bytes
 * remark-stringify (`./stringify.ts`, with the options and GFM extension
 * used there) prints for it, without loading unified, remark or micromark.
 *
 * It covers the shapes fmx's tree is made of (html, ATX headings,
 * paragraphs, tight `-` lists of paragraphs, a GFM table with aligned
 * columns, text, bold and emphasis of plain text, code spans, anchor links
 * and web autolinks) and, in text, the escapes it can decide exactly: `*`,
 * `[`, backticks and `~` (always escaped), `_` (unless inside a word), `]`
 * in link text, `:` of `https://` and `.` of `www.` (what GFM would link),
 * a space before a line ending (a character reference). `<` that could open HTML or an
 * autolink, `&` that could start a character reference. Anything else (a
 * line that starts like a block, `|`, backslashes, tabs, control
 * characters, bold text that would need character references...) declines
 * the top-level block it is in (`printBlocks` gives that block back), and the
 * writer hands that block alone to remark-stringify.
 * test/formats/markdown/print.test.ts holds the two to the same bytes on
 * every sample and golden file and on random hostile text, block by block
 * and as a whole.
 */

import type { Heading, Link, List, PhrasingContent, Root, RootContent, Table } from 'mdast';

/** Thrown inside the printer when a tree holds what it cannot print exactly. */
const DECLINE = Symbol('decline');
const decline = (): never => {
  throw DECLINE;
};

/** The Markdown remark-stringify prints for this tree, or null where this printer cannot prove it prints the same. */
export function printTree(root: Root): string | null {
  return joinPrinted(printBlocks(root));
}

/** The document when every block of it was printed (`printBlocks`), else null. */
export function joinPrinted(blocks: readonly (string | RootContent)[] | null): string | null {
  return blocks && blocks.every((b) => typeof b === 'string') ? joinBlocks(blocks as string[]) : null;
}

/**
 * The document's top-level blocks, each printed, or left as it is where this
 * printer cannot prove its bytes (for the reference printer, block by block:
 * remark-stringify prints a top-level block of this tree the same alone as
 * among its siblings, which it joins with a blank line). Null where the
 * blocks cannot be printed apart: two lists in a row get different bullets.
 */
export function printBlocks(root: Root): (string | RootContent)[] | null {
  const printer = new BlockPrinter();
  for (const child of root.children) printer.add(child);
  return printer.blocks;
}

/** `printBlocks` fed one top-level block at a time (see `eachBlock` in `./tree.ts`). */
export class BlockPrinter {
  /** The blocks so far, printed or as they are; null once they cannot be printed apart. */
  blocks: (string | RootContent)[] | null = [];
  private previous: RootContent | undefined;

  add(child: RootContent): void {
    if (this.blocks === null) return;
    if (child.type === 'list' && this.previous?.type === 'list') {
      this.blocks = null;
      return;
    }
    this.previous = child;
    try {
      this.blocks.push(block(child));
    } catch (e) {
      if (e !== DECLINE) throw e;
      this.blocks.push(child);
    }
  }
}

/** Printed blocks as one document: a blank line between any two, a line ending at the end. */
export function joinBlocks(blocks: readonly string[]): string {
  const out = blocks.join('\n\n');
  return out === '' || out.endsWith('\n') ? out : out + '\n';
}

function block(node: RootContent): string {
  switch (node.type) {
    case 'html':
      if (/[\r\n]/.test(node.value)) decline();
      return node.value;
    case 'heading':
      return heading(node);
    case 'paragraph':
      return phrasing(node.children, '\n', '\n', 'flow');
    case 'list':
      return list(node);
    case 'table':
      return table(node);
    default:
      return decline();
  }
}

function heading(node: Heading): string {
  const depth = node.depth;
  if (!Number.isInteger(depth) || depth < 1 || depth > 6) decline();
  // (Text with a line break would make a setext heading; the text escaper declines line breaks here.)
  for (const c of node.children) if (c.type === 'html' && /[\r\n]/.test(c.value)) decline();
  const content = phrasing(node.children, '# ', '\n', 'heading');
  // A leading space or tab would become a character reference.
  if (content.startsWith(' ') || content.startsWith('\t')) decline();
  const marks = '#'.repeat(depth);
  return content === '' ? marks : `${marks} ${content}`;
}

/** A tight list of `-` items, each made of paragraphs (a blank line between them, indented by two spaces). */
function list(node: List): string {
  if (node.ordered || node.spread) decline();
  const items: string[] = [];
  for (const item of node.children) {
    if (item.spread || typeof item.checked === 'boolean' || item.children.length === 0) decline();
    let content = '';
    item.children.forEach((c, n) => {
      if (c.type !== 'paragraph') decline();
      if (n) content += '\n\n';
      content += block(c as RootContent);
    });
    // Lines after the first are indented by two spaces, blank lines stay empty.
    const indented = content.replace(/\n(?=[^\n])/g, '\n  ');
    items.push(indented === '' || indented.startsWith('\n') ? '-' + indented : '- ' + indented);
  }
  return items.join('\n');
}

/** A GFM table: cells padded to their column's width, aligned as the delimiter row says. */
function table(node: Table): string {
  const align = node.align ?? [];
  const columns = align.length;
  if (columns === 0) decline();
  const rows = node.children.map((row) => {
    if (row.children.length !== columns) decline();
    return row.children.map((cell) => phrasing(cell.children, '|', '|', 'cell'));
  });
  if (rows.length === 0) decline();
  const widths: number[] = new Array(columns).fill(0);
  for (const row of rows) row.forEach((c, n) => (widths[n] = Math.max(widths[n]!, c.length)));
  const delimiter = align.map((a, n) => {
    const [left, right] = a === 'center' ? [':', ':'] : a === 'left' ? [':', ''] : a === 'right' ? ['', ':'] : ['', ''];
    const cell = left + '-'.repeat(Math.max(1, widths[n]! - left.length - right.length)) + right;
    widths[n] = Math.max(widths[n]!, cell.length);
    return cell;
  });
  rows.splice(1, 0, delimiter);
  return rows
    .map((row) => {
      let line = '|';
      row.forEach((cell, n) => {
        const pad = widths[n]! - cell.length;
        const a = align[n];
        let before = '';
        let after = '';
        if (a === 'right') before = ' '.repeat(pad);
        else if (a === 'center') {
          before = ' '.repeat(Math.ceil(pad / 2));
          after = ' '.repeat(Math.floor(pad / 2));
        } else after = ' '.repeat(pad);
        line += ` ${before}${cell}${after} |`;
      });
      return line;
    })
    .join('\n');
}

/**
 * Where text is printed: a paragraph (`flow`, line breaks allowed), bold or
 * emphasis in a paragraph (`inline`), a heading, a table cell, a link's text.
 */
type Where = 'flow' | 'inline' | 'heading' | 'cell' | 'label';

/** Bold or emphasis, printed with `*` markers around its escaped text. */
interface Attention {
  marks: string;
  inner: string;
}

/**
 * Phrasing content between `before` and `after` (what the container prints
 * around it). Each child sees, as its neighbours, the last character printed
 * before it and the first character of what its next sibling prints alone.
 */
function phrasing(children: PhrasingContent[], before: string, after: string, where: Where): string {
  const items: (string | Attention)[] = [];
  let last = before;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    const next = i + 1 < children.length ? peek(children[i + 1]!, where) : after;
    let printed: string;
    switch (child.type) {
      case 'text':
        printed = escapeText(child.value, last, next, where) ?? decline();
        break;
      case 'html':
        // HTML after a line ending: the library turns the line ending into a space.
        if (/[\r\n]/.test(child.value) || (items.length && (last === '\n' || last === '\r'))) decline();
        printed = child.value;
        break;
      case 'inlineCode':
        printed = inlineCode(child.value, where);
        break;
      case 'link':
        printed = link(child, last);
        break;
      case 'strong':
      case 'emphasis': {
        if (where !== 'flow' || child.children.length !== 1 || child.children[0]!.type !== 'text') decline();
        const marks = child.type === 'strong' ? '**' : '*';
        const inner = escapeText((child.children[0] as { value: string }).value, marks, marks, 'inline') ?? decline();
        if (inner === '') continue; // empty bold prints nothing
        items.push({ marks, inner });
        last = '*';
        continue;
      }
      default:
        return decline();
    }
    if (printed === '') continue;
    items.push(printed);
    last = lastCharacter(printed);
  }
  return joinAttention(items, before, after);
}

/** The first character a node prints on its own (what the node before it sees next to it). */
function peek(node: PhrasingContent, where: Where): string {
  switch (node.type) {
    case 'text': {
      // A character no escaping rule is about is printed as it is.
      const code = node.value.charCodeAt(0);
      if ((code > 32 && code < 128 && ASCII_KINDS[code] === undefined) || code >= 0x80) return firstCharacter(node.value);
      return firstCharacter(escapeText(node.value, '', '', where) ?? decline());
    }
    case 'html':
      return '<';
    case 'strong':
    case 'emphasis':
      return '*';
    case 'link':
      return isAutolink(node) ? '<' : '[';
    case 'inlineCode':
      return '`';
    default:
      return decline();
  }
}

/**
 * Bold and emphasis with their preferred `*` markers, when the library
 * keeps them: no marker of its own touches another (or the text around),
 * each opens and closes by CommonMark's flanking rules, and none needs a
 * character reference at its edges.
 */
function joinAttention(items: (string | Attention)[], before: string, after: string): string {
  let out = '';
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    const prev = k === 0 ? before : items[k - 1]!;
    const next = k === items.length - 1 ? after : items[k + 1]!;
    if (typeof prev !== 'string' || typeof next !== 'string') decline();
    if ((k === 0 && (prev as string).startsWith('*')) || (k === items.length - 1 && (next as string).startsWith('*'))) decline();
    const outside = classify((prev as string).charCodeAt((prev as string).length - 1));
    const head = classify(item.inner.charCodeAt(0));
    const tail = classify(item.inner.charCodeAt(item.inner.length - 1));
    const following = classify((next as string).charCodeAt(0));
    if (!plainEdge(outside, head) || !plainEdge(following, tail)) decline();
    // Opens: nothing but a letter after it, or punctuation after white space or punctuation; closes likewise.
    if (!(head === undefined || (head === PUNCTUATION && outside !== undefined))) decline();
    if (!(tail === undefined || (tail === PUNCTUATION && following !== undefined))) decline();
    out += item.marks + item.inner + item.marks;
  }
  return out;
}

/** Whether a `*` marker between these kinds of character needs no character reference. */
function plainEdge(outside: Kind, inside: Kind): boolean {
  if (inside === WHITESPACE) return false;
  return !(outside === undefined && inside === PUNCTUATION);
}

function inlineCode(value: string, where: Where): string {
  // In a table, `|` in code is escaped; a line ending would be turned into a space.
  if (where === 'cell' || /[\r\n]/.test(value)) decline();
  let fence = '`';
  while (value.includes('`') && new RegExp('(^|[^`])' + fence + '([^`]|$)').test(value)) fence += '`';
  const padded = /[^\n\r ]/.test(value) && ((/^[\n\r ]/.test(value) && /[\n\r ]$/.test(value)) || /^`|`$/.test(value));
  return fence + (padded ? ` ${value} ` : value) + fence;
}

/** A link printed `<url>`: its text is its address, an absolute URL without spaces, controls or angle brackets. */
function isAutolink(node: Link): boolean {
  const only = node.children.length === 1 ? node.children[0]! : null;
  return Boolean(
    node.url &&
      !node.title &&
      only?.type === 'text' &&
      only.value === node.url &&
      /^[a-z][+\-.a-z]+:/i.test(node.url) &&
      !/[\0- <>\u007F]/.test(node.url),
  );
}

function link(node: Link, last: string): string {
  if (isAutolink(node)) return `<${node.url}>`;
  // A link at a line's start may need a title; a destination with these characters is enclosed or escaped.
  if (node.title || last === '\n' || last === '\r' || node.url === '' || /[\0- ()&\\|[\]<>`\u007f]/.test(node.url)) decline();
  return `[${phrasing(node.children, '[', '](', 'label')}](${node.url})`;
}

// ------------------------------------------------------------------ text

/** Character kinds as CommonMark's flanking rules see them: white space, punctuation (or symbol), anything else. */
const WHITESPACE = 1;
const PUNCTUATION = 2;
type Kind = typeof WHITESPACE | typeof PUNCTUATION | undefined;

/** The kind of one UTF-16 code unit (no code: `undefined`, as for a letter). */
function classify(code: number): Kind {
  if (Number.isNaN(code)) return undefined;
  if (code < 128) return ASCII_KINDS[code];
  const c = String.fromCharCode(code);
  if (code === 32 || /\s/.test(c)) return WHITESPACE;
  if (/\p{P}|\p{S}/u.test(c)) return PUNCTUATION;
  return undefined;
}

const ASCII_KINDS: Kind[] = Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code);
  return code === 32 || /\s/.test(c) ? WHITESPACE : /\p{P}|\p{S}/u.test(c) ? PUNCTUATION : undefined;
});

function firstCharacter(s: string): string {
  const code = s.codePointAt(0);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function lastCharacter(s: string): string {
  const code = s.codePointAt(s.length - 2);
  return code !== undefined && code > 0xffff ? s.slice(-2) : s.slice(-1);
}

/**
 * What makes text not quiet (see `quiet`) inside it: the ASCII characters
 * some escaping rule of the library is about and the control characters but
 * the line feed; `.`, `:` and `(` only after `w`, `p`/`s` and `]`, where GFM
 * would see a link (`]` itself is one of the characters). V8 compiles a
 * regular expression to machine code after its first uses, where a loop over
 * the characters stays in the interpreter for most of a one-shot conversion
 * (nova 33.0.0: 3,300 texts, 50,000 characters).
 */
const LOUD = /[\u0000-\u0009\u000b-\u001f\u007f!#&*<@[\\\]_`|~]|[Ww]\.|[ps]:/;
/** Line feeds a paragraph's text keeps as they are: not after a space or another, and before a letter. */
const LOUD_BREAK = /[ \n]\n|\n[^A-Za-z\u0080-\uffff]/;
/** A character a line may start with and print as it is. */
const LETTER = /[A-Za-z\u0080-\uffff]/;

/** Whether text is certainly printed as it is: nothing notable in it, nor at its edges. */
function quiet(value: string, before: string, after: string, multiline: boolean): boolean {
  const prev = before.charCodeAt(before.length - 1);
  const first = value.charCodeAt(0);
  // At a line's start: anything that could start a block goes the long way.
  if ((prev === 10 || prev === 13) && !LETTER.test(value[0]!)) return false;
  // What `before` ends with, next to the first character: `w.`, `p:`, `s:`, `](`.
  if (first === 46 ? prev === 119 || prev === 87 : first === 58 ? prev === 112 || prev === 115 : first === 40 && prev === 93) return false;
  if (LOUD.test(value)) return false;
  const last = value.charCodeAt(value.length - 1);
  const next = after.charCodeAt(0);
  if (value.includes('\n')) {
    // A line break in a paragraph: not next to another, nor after a space; the next line starts with a letter.
    if (!multiline || (first === 10 && prev === 32) || LOUD_BREAK.test(value)) return false;
    if (last === 10 && (next === 10 || next === 13)) return false;
  }
  // A space before a line ending becomes a character reference.
  return !(last === 32 && (next === 10 || next === 13));
}

/** Characters this printer leaves to the library wherever they are. */
const DECLINED = /[\\|\t\r\u0000-\u0008\u000b-\u001f\u007f]/;
/** A line starting with one of these could start a block (or a table row): the library escapes it in ways not copied here. */
const BLOCK_START = /[#)*+\-.<=>[_`~|: ]/;
/** Digits at a line's start that would start an ordered list item. */
const ORDERED = /\d+(?:\)|\.(?:[ \t\r\n]|$))/y;
/** After `<`: what would open HTML or an autolink (an e-mail address too). */
const TAG_AFTER = /[!/?A-Za-z]|[\w.!#$%&'*+/=?^`{|}~-]+@/y;
const AUTOLINK_BEFORE_AT = /[+\-.\w]/;
const AUTOLINK_AFTER = /[-.\w]/;
const SCHEME_COLON = /[ps]:\//g;
const WWW_DOT = /[Ww]\.[-.\w]/g;

/**
 * Text as mdast-util-to-markdown's `safe` prints it between `before` and
 * `after`, or null where this function cannot tell. The escapes it makes:
 * `*`, `[`, backtick and `~` anywhere (`]` too in a link's text); `_` unless
 * every `_` of its run sits between two letters (or other characters that
 * are neither white space nor punctuation) not next to an emphasis marker
 * of the container; `:` between `p`/`s` and `/`, `.` between `w`/`W` and a
 * word character, `.` or `-`, outside links (text GFM would link); `<`
 * before a letter, `!`, `/`, `?` or an e-mail address, `&` before a letter
 * or `#`; a space before the line ending that follows the text, as `&#x20;`.
 */
export function escapeText(value: string, before: string, after: string, where: Where): string | null {
  if (value === '') return '';
  if (quiet(value, before, after, where === 'flow')) return value;
  if (DECLINED.test(value)) return null;
  if (where !== 'flow' && value.includes('\n')) return null;
  const whole = before + value + after;
  const offset = before.length;
  const end = offset + value.length;
  const gfm = where !== 'label';
  // Where GFM would see a link (`https://`, `www.`): matched as the library matches, so that matches do not overlap.
  let literal: Set<number> | null = null;
  if (gfm && /[:.]/.test(value)) {
    literal = new Set();
    for (const re of [SCHEME_COLON, WWW_DOT]) {
      re.lastIndex = 0;
      for (let m = re.exec(whole); m !== null; m = re.exec(whole)) literal.add(m.index + 1);
    }
  }
  let out = '';
  let start = offset;
  const escape = (p: number, replacement: string) => {
    out += whole.slice(start, p) + replacement;
    start = p + 1;
  };
  for (let p = offset; p < end; p++) {
    const c = whole[p]!;
    const prev = p > 0 ? whole[p - 1]! : '';
    const next = p + 1 < whole.length ? whole[p + 1]! : '';
    if (prev === '\n' || prev === '\r') {
      if (BLOCK_START.test(c)) return null;
      ORDERED.lastIndex = p;
      if (ORDERED.test(whole)) return null;
    }
    switch (c) {
      case '\n':
        if (prev === '\n' || prev === '\r' || next === '\n' || next === '\r') return null;
        break;
      case ' ':
        if (next === '\n' || next === '\r') {
          if (p + 1 < end) return null;
          escape(p, '&#x20;');
        }
        break;
      case '#':
        if (where === 'heading') return null;
        break;
      case '&':
        // What could be a character reference.
        if (/[#A-Za-z]/.test(next)) {
          if (where === 'heading') return null;
          escape(p, '\\&');
        }
        break;
      case '<':
        // What could open HTML or an autolink. The library skips this escape when the next
        // character is escaped whatever surrounds it (`<*a@b`): left to the library.
        TAG_AFTER.lastIndex = p + 1;
        if (TAG_AFTER.test(whole)) {
          if (/[*[`~_]/.test(next) || (where === 'label' && next === ']')) return null;
          escape(p, '\\<');
        }
        break;
      case '!':
        if (next === '[') return null;
        break;
      case '(':
        if (prev === ']') return null;
        break;
      case '@':
        if (gfm && AUTOLINK_BEFORE_AT.test(prev) && AUTOLINK_AFTER.test(next)) return null;
        break;
      case ':':
      case '.':
        if (literal?.has(p)) {
          if (next === '_') return null;
          escape(p, '\\' + c);
        }
        break;
      case '*':
      case '[':
      case '`':
      case '~':
        escape(p, '\\' + c);
        break;
      case ']':
        if (where === 'label') escape(p, '\\]');
        break;
      case '_': {
        let e = p + 1;
        while (e < end && whole[e] === '_') e++;
        const inWord =
          p > 0 &&
          classify(whole.charCodeAt(p - 1)) === undefined &&
          !(p - 1 === offset && /[*_]/.test(whole.charAt(offset - 1))) &&
          e < whole.length &&
          classify(whole.charCodeAt(e)) === undefined &&
          !(e === end - 1 && /[*_]/.test(whole.charAt(end)));
        if (inWord) p = e - 1;
        else for (let u = p; u < e; u++) escape(u, '\\_');
        if (!inWord) p = e - 1;
        break;
      }
    }
  }
  return out + whole.slice(start, end);
}
