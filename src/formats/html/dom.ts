/**
 * A lean HTML parser for the page reader: one pass over the text, building
 * only small element and text nodes (no source positions beyond the start
 * offset; line:column is computed from a line-start table where a message
 * needs it).
 *
 * It follows the WHATWG tree-construction rules that published pages rely
 * on, as a browser (and parse5) would build the tree: implied end tags
 * (`<p>` closed by a block, `<li>`/`<dt>`/`<dd>` by their next sibling,
 * cells and rows by the next one), void elements, raw text (`<script>`,
 * `<style>`, ...) and RCDATA (`<title>`, `<textarea>`), character
 * references, the scopes that bound an end tag, tables (implied `<tbody>`
 * and `<tr>`, foster parenting of stray content), the active formatting
 * elements (reconstruction and the adoption agency) and the head/body split.
 * Comments, doctypes and processing instructions are dropped: the reader
 * never looks at them. Foreign content (SVG, MathML) and templates are read
 * as ordinary elements.
 */

import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';

export interface HtmlElement {
  type: 'element';
  tagName: string;
  /** Attributes as name, value, name, value... (names lower-cased; the first of duplicates kept). */
  attrs: Attrs;
  children: HtmlNode[];
  /** Offset of the start tag in the text; -1 for an element the parser implied. */
  start: number;
  parent: HtmlElement | null;
  /** The element's text with white space folded, cached by the page reader (set from the start: one shape for every element). */
  folded: string | undefined;
}

export type Attrs = string[];

/** The value of an attribute, if the element has it. */
export function getAttr(attrs: Attrs, name: string): string | undefined {
  for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return attrs[k + 1];
  return undefined;
}

/** Add the attributes `from` has that `to` lacks (a second `<html>` or `<body>` tag). */
function mergeAttrs(to: Attrs, from: Attrs): Attrs {
  const out = to.slice();
  for (let k = 0; k < from.length; k += 2) if (getAttr(out, from[k]!) === undefined) out.push(from[k]!, from[k + 1]!);
  return out;
}

export interface HtmlText {
  type: 'text';
  value: string;
  start: number;
}

/** A comment: kept only as a boundary between text nodes, as in the parsed document. */
export interface HtmlComment {
  type: 'comment';
  start: number;
}

export type HtmlNode = HtmlElement | HtmlText | HtmlComment;

/** Thrown when the open elements nest deeper than MAX_DEPTH. */
export class TooDeep extends Error {}

/** Nesting beyond this is refused: no page is nested a thousand levels deep. */
export const MAX_DEPTH = 1500;

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Raw text elements (scripting off, as the page reader has always parsed: `<noscript>` holds markup). */
const RAWTEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes']);
/** What `<noscript>` may hold in the head. */
const HEAD_NOSCRIPT = new Set(['basefont', 'bgsound', 'link', 'meta', 'noframes', 'style']);
const RCDATA = new Set(['title', 'textarea']);
const SPECIAL = new Set([
  'address', 'applet', 'area', 'article', 'aside', 'base', 'basefont', 'bgsound', 'blockquote', 'body', 'br', 'button', 'caption',
  'center', 'col', 'colgroup', 'dd', 'details', 'dir', 'div', 'dl', 'dt', 'embed', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'frame', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'iframe', 'img',
  'input', 'keygen', 'li', 'link', 'listing', 'main', 'marquee', 'menu', 'meta', 'nav', 'noembed', 'noframes', 'noscript',
  'object', 'ol', 'p', 'param', 'plaintext', 'pre', 'script', 'search', 'section', 'select', 'source', 'style', 'summary', 'table',
  'tbody', 'td', 'template', 'textarea', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul', 'wbr', 'xmp',
]);
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'p', 'search', 'section', 'summary', 'ul',
]);
/** End tags with rules of their own even when they close the current element. */
const SLOW_END = new Set([
  'applet', 'body', 'br', 'caption', 'col', 'colgroup', 'form', 'html', 'marquee', 'object', 'optgroup', 'option', 'select',
  'table', 'tbody', 'td', 'template', 'tfoot', 'th', 'thead', 'tr',
]);
/** Common start tags that the body inserts with no rule of their own. */
const PLAIN = new Set(['span', 'abbr', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'ins', 'kbd', 'label', 'mark', 'q', 'samp', 'sub', 'sup', 'time', 'var']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const IMPLIED_END = new Set(['dd', 'dt', 'li', 'optgroup', 'option', 'p', 'rb', 'rp', 'rt', 'rtc']);
const SCOPE = new Set(['applet', 'caption', 'html', 'table', 'td', 'th', 'marquee', 'object', 'template']);
const LIST_SCOPE = new Set([...SCOPE, 'ol', 'ul']);
const BUTTON_SCOPE = new Set([...SCOPE, 'button']);
const TABLE_SCOPE = new Set(['html', 'table', 'template']);
const HEAD_CONTENT = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'title', 'noscript', 'noframes', 'style', 'script', 'template']);
const TABLE_SECTIONS = new Set(['tbody', 'thead', 'tfoot']);
const FOSTER_TARGETS = new Set(['table', 'tbody', 'tfoot', 'thead', 'tr']);
/** End tags the body ignores while open elements remain (they are closed by the end of the document anyway). */
const BODY_END_CLOSERS = new Set([
  'address', 'article', 'aside', 'blockquote', 'button', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'listing', 'main', 'menu', 'nav', 'ol', 'pre', 'search', 'section', 'summary', 'ul',
]);

/** The attributes of an element that has none (shared: never changed in place). */
const NO_ATTRS: Attrs = [];
/** The children of a void element (shared: nothing is ever inserted into one). */
const NO_KIDS: HtmlNode[] = [];

type Mode = 'body' | 'table' | 'tbody' | 'row' | 'cell' | 'caption' | 'colgroup' | 'select';

/** The insertion mode the topmost of these open elements sets. */
const MODE_OF = new Map<string, Mode>([
  ['select', 'select'], ['td', 'cell'], ['th', 'cell'], ['tr', 'row'], ['tbody', 'tbody'], ['thead', 'tbody'], ['tfoot', 'tbody'],
  ['caption', 'caption'], ['colgroup', 'colgroup'], ['table', 'table'], ['body', 'body'], ['html', 'body'],
]);

const MARKER = null;
type Formatting = { el: HtmlElement; tag: string; attrs: Attrs; start: number } | typeof MARKER;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const WHITESPACE_ONLY = /^[ \t\n\f\r]*$/;

export interface HtmlDocument {
  /** The document: an element `#root` holding `<html>`. */
  root: HtmlElement;
  /** The `<script>` elements, in document order; null when the order may differ (foster parenting, renamed tags). */
  scripts: HtmlElement[] | null;
}

/** Parse an HTML document. */
export function parseHtml(text: string): HtmlDocument {
  const b = new Builder(text);
  const root = b.run();
  return { root, scripts: b.scriptsInOrder() };
}

class Builder {
  private readonly root: HtmlElement = el('#root', [], -1, null);
  private html: HtmlElement | null = null;
  private head: HtmlElement | null = null;
  private body: HtmlElement | null = null;
  private readonly stack: HtmlElement[] = [];
  private readonly active: Formatting[] = [];
  private quirks = true;
  private sawDoctype = false;
  private skipNewline = false;
  private plaintext = false;

  constructor(private readonly text: string) {}

  run(): HtmlElement {
    this.tokenize();
    if (!this.body) this.ensureBody();
    if (this.oddNames) rename(this.root);
    return this.root;
  }

  private readonly scripts: HtmlElement[] = [];
  /** Whether elements were moved out of document order (foster parenting, the adoption agency). */
  private reordered = false;

  scriptsInOrder(): HtmlElement[] | null {
    return this.oddNames || this.reordered ? null : this.scripts;
  }

  /** Whether a tag name holds `.` or `#` (see rename) or a template was met. */
  private oddNames = false;
  /** After `</body>`: comments go to the html element. */
  private afterBody: 0 | 1 | 2 = 0;
  /** The form element pointer: forms do not nest. */
  private form: HtmlElement | null = null;

  // ---- tokenizer ----

  private tokenize(): void {
    const s = this.text;
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (this.plaintext) {
        this.chars(s.slice(i), i, false);
        return;
      }
      const lt = s.indexOf('<', i);
      if (lt === -1) {
        this.chars(s.slice(i), i, true);
        return;
      }
      if (lt > i) this.chars(s.slice(i, lt), i, true);
      i = lt;
      const c = s.charCodeAt(i + 1);
      if (isAlpha(c)) {
        i = this.startTag(i);
      } else if (c === 47 /* / */) {
        const d = s.charCodeAt(i + 2);
        if (isAlpha(d)) i = this.endTag(i);
        else if (d === 62 /* > */) i += 3;
        else if (i + 2 >= n) {
          this.chars('</', i, true);
          i = n;
        } else i = this.bogusComment(i + 2, i);
      } else if (c === 33 /* ! */) {
        if (s.startsWith('--', i + 2)) i = this.comment(i + 4, i);
        else if (s.slice(i + 2, i + 9).toLowerCase() === 'doctype') i = this.doctype(i + 9);
        else i = this.bogusComment(i + 2, i);
      } else if (c === 63 /* ? */) {
        i = this.bogusComment(i + 1, i);
      } else {
        this.chars('<', i, true);
        i += 1;
      }
    }
  }

  private commentNode(at: number): void {
    this.skipNewline = false;
    if (this.templates > 0) return;
    const parent = this.afterBody === 1 ? this.html! : this.afterBody === 2 ? this.root : (this.current() ?? this.root);
    parent.children.push({ type: 'comment', start: at });
  }

  private comment(from: number, at: number): number {
    this.commentNode(at);
    const s = this.text;
    if (s.startsWith('>', from)) return from + 1;
    if (s.startsWith('->', from)) return from + 2;
    let j = from;
    for (;;) {
      const k = s.indexOf('--', j);
      if (k === -1) return s.length;
      if (s.charCodeAt(k + 2) === 62) return k + 3;
      if (s.startsWith('!>', k + 2)) return k + 4;
      j = k + 1;
    }
  }

  private bogusComment(from: number, at: number): number {
    this.commentNode(at);
    const k = this.text.indexOf('>', from);
    return k === -1 ? this.text.length : k + 1;
  }

  private doctype(from: number): number {
    const k = this.text.indexOf('>', from);
    const end = k === -1 ? this.text.length : k;
    if (!this.sawDoctype && this.stack.length === 0 && this.html === null) {
      this.sawDoctype = true;
      const body = this.text.slice(from, end).trim().toLowerCase();
      const name = /^[^\s]*/.exec(body)![0];
      this.quirks = name !== 'html' || /public\s+["'](-\/\/w3c\/\/dtd html 4\.01 (transitional|frameset)\/\/[^"']*)["']\s*>?$/.test(body) || QUIRKY_PUBLIC.test(body);
    }
    return k === -1 ? end : k + 1;
  }

  /** The attributes the last call of `attributes` collected. */
  private attrsOut: Attrs = NO_ATTRS;
  /** The end of the name the last call of `tagName` read. */
  private nameEnd = 0;

  /** The end of a tag whose attributes start at `i` (after its name); the attributes in attrsOut when `collect`. */
  private attributes(i: number, collect: boolean): number {
    const s = this.text;
    const n = s.length;
    let attrs: Attrs = NO_ATTRS;
    for (;;) {
      let c = s.charCodeAt(i);
      while (i < n && (isSpace(c) || c === 47)) c = s.charCodeAt(++i);
      if (i >= n || c === 62) {
        this.attrsOut = attrs;
        return i >= n ? n : i + 1;
      }
      // The name: up to space, `/`, `>` or `=` (a leading `=` belongs to it).
      const nameStart = i;
      let upper = false;
      i++;
      while (i < n) {
        c = s.charCodeAt(i);
        if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
        if (c >= 65 && c <= 90) upper = true;
        i++;
      }
      let name = s.slice(nameStart, i);
      if (upper || (s.charCodeAt(nameStart) >= 65 && s.charCodeAt(nameStart) <= 90)) name = name.toLowerCase();
      if (name.includes('\0')) name = name.replace(/\0/g, '\ufffd');
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      let value = '';
      if (s.charCodeAt(i) === 61) {
        i++;
        while (i < n && isSpace(s.charCodeAt(i))) i++;
        const q = s.charCodeAt(i);
        if (q === 34 || q === 39) {
          const close = s.indexOf(q === 34 ? '"' : "'", i + 1);
          const stop = close === -1 ? n : close;
          value = s.slice(i + 1, stop);
          i = close === -1 ? n : close + 1;
        } else {
          const vs = i;
          while (i < n) {
            c = s.charCodeAt(i);
            if (isSpace(c) || c === 62) break;
            i++;
          }
          value = s.slice(vs, i);
        }
        if (value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
        if (value.includes('\0')) value = value.replace(/\0/g, '\ufffd');
        if (value.includes('&')) value = decodeHTMLAttribute(value);
      }
      if (collect) {
        if (attrs === NO_ATTRS) attrs = [name, value];
        else if (getAttr(attrs, name) === undefined) attrs.push(name, value);
      }
    }
  }

  /** The tag name starting at `i`, lower-cased; its end in nameEnd. */
  private tagName(i: number): string {
    const s = this.text;
    const n = s.length;
    let j = i;
    let upper = false;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (isSpace(c) || c === 47 || c === 62) break;
      if (c >= 65 && c <= 90) upper = true;
      j++;
    }
    this.nameEnd = j;
    let name = s.slice(i, j);
    if (upper) name = name.toLowerCase();
    if (name.includes('\0')) name = name.replace(/\0/g, '\ufffd');
    if (name === 'template' || name.includes('.') || name.includes('#')) this.oddNames = true;
    return name;
  }

  private startTag(lt: number): number {
    const name = this.tagName(lt + 1);
    const end = this.attributes(this.nameEnd, true);
    const attrs = this.attrsOut;
    if (end >= this.text.length && this.text.charCodeAt(this.text.length - 1) !== 62) return this.text.length; // EOF in tag: dropped
    this.lastInsertedRaw = null;
    this.start(name, attrs, lt);
    const raw = this.lastInsertedRaw as HtmlElement | null;
    this.lastInsertedRaw = null;
    let i = end;
    if (raw !== null) {
      // Raw text (RCDATA: with character references) up to the element's end tag.
      const close = findRawEnd(this.text, i, name);
      let content = this.text.slice(i, close);
      if (content.includes('\r')) content = content.replace(/\r\n?/g, '\n');
      if (content.includes('\0')) content = content.replace(/\0/g, '\ufffd');
      let at = i;
      if (name === 'textarea' && content.startsWith('\n')) {
        content = content.slice(1);
        at += this.text.charCodeAt(i) === 13 && this.text.charCodeAt(i + 1) === 10 ? 2 : 1;
      }
      if (RCDATA.has(name) && content.includes('&')) content = decodeHTML(content);
      if (content !== '') raw.children.push({ type: 'text', value: content, start: at });
      if (this.current() === raw) this.stack.pop();
      if (close < this.text.length) {
        this.tagName(close + 2);
        i = this.attributes(this.nameEnd, false);
      } else i = close;
    }
    return i;
  }

  private lastInsertedRaw: HtmlElement | null = null;

  private endTag(lt: number): number {
    const name = this.tagName(lt + 2);
    const end = this.attributes(this.nameEnd, false);
    if (end >= this.text.length && this.text.charCodeAt(this.text.length - 1) !== 62) return this.text.length;
    this.end(name, lt);
    return end;
  }

  // ---- tree construction ----

  private current(): HtmlElement | null {
    return this.stack.length ? this.stack[this.stack.length - 1]! : null;
  }

  private ensureHtml(): void {
    if (this.html) return;
    this.html = el('html', [], -1, this.root);
    this.root.children.push(this.html);
    this.stack.push(this.html);
  }

  private ensureHead(): void {
    this.ensureHtml();
    if (this.head) return;
    this.head = el('head', [], -1, this.html);
    this.html!.children.push(this.head);
    this.stack.push(this.head);
  }

  private ensureBody(): void {
    if (this.body) return;
    this.ensureHead();
    // Leave the head.
    while (this.stack.length > 1 && this.current() !== this.html) this.stack.pop();
    this.body = el('body', [], -1, this.html);
    this.html!.children.push(this.body);
    this.stack.push(this.body);
  }

  private inHead(): boolean {
    return this.head !== null && this.stack.includes(this.head);
  }

  /** The insertion mode, derived from the open elements. */
  private mode(): Mode {
    // The mode depends on the topmost table element or select, which only a push or pop changes
    // (the adoption agency and the form and <a> rules remove only other elements from the middle).
    const top = this.current();
    if (top === this.modeTop && this.stack.length === this.modeDepth) return this.modeCache;
    this.modeTop = top;
    this.modeDepth = this.stack.length;
    return (this.modeCache = this.findMode());
  }

  private modeTop: HtmlElement | null = null;
  private modeDepth = -1;
  private modeCache: Mode = 'body';

  private findMode(): Mode {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const m = MODE_OF.get(this.stack[k]!.tagName);
      if (m !== undefined) return m;
    }
    return 'body';
  }

  private chars(value: string, start: number, decode: boolean): void {
    if (value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
    if (value.includes('\0')) value = value.replace(/\0/g, decode ? '' : '\ufffd');
    if (decode && value.includes('&')) value = decodeHTML(value);
    if (this.skipNewline) {
      // The newline right after <pre> (even one written as a character reference) is not content.
      this.skipNewline = false;
      if (value.startsWith('\n')) {
        value = value.slice(1);
        const c = this.text.charCodeAt(start);
        if (c === 13 || c === 10) start += c === 13 && this.text.charCodeAt(start + 1) === 10 ? 2 : 1;
      }
    }
    if (value === '' || this.templates > 0) return;
    if (this.afterBody && !WHITESPACE_ONLY.test(value)) this.afterBody = 0;
    if (!this.body) {
      // Before the body: white space is dropped (or kept in the head); anything else starts the body.
      const m = /^[ \t\n\f\r]*/.exec(value)![0];
      if (m.length) {
        if (this.inHead()) this.appendText(this.current()!, m, start);
        else if (this.head) this.appendText(this.html!, m, start); // after the head
        value = value.slice(m.length);
        start += m.length;
        if (value === '') return;
      }
      this.ensureBody();
    }
    const mode = this.mode();
    if (mode === 'select') {
      this.appendText(this.current()!, value, start);
      return;
    }
    if ((mode === 'table' || mode === 'tbody' || mode === 'row') && FOSTER_TARGETS.has(this.current()!.tagName)) {
      if (WHITESPACE_ONLY.test(value)) {
        this.appendText(this.current()!, value, start);
        return;
      }
      this.reconstruct(true);
      if (FOSTER_TARGETS.has(this.current()!.tagName)) this.fosterText(value, start);
      else this.appendText(this.current()!, value, start);
      return;
    }
    if (mode === 'colgroup') {
      const m = /^[ \t\n\f\r]*/.exec(value)![0];
      if (m.length) this.appendText(this.current()!, m, start);
      value = value.slice(m.length);
      if (value === '') return;
      this.popUntil('colgroup');
      this.chars(value, start + m.length, false);
      return;
    }
    this.reconstruct(false);
    this.appendText(this.current()!, value, start);
  }

  private appendText(parent: HtmlElement, value: string, start: number): void {
    const last = parent.children[parent.children.length - 1];
    if (last && last.type === 'text') last.value += value;
    else parent.children.push({ type: 'text', value, start });
  }

  private fosterText(value: string, start: number): void {
    const { parent, before } = this.fosterPlace();
    const idx = before ? parent.children.lastIndexOf(before) : parent.children.length;
    const prev = parent.children[idx - 1];
    if (prev && prev.type === 'text') prev.value += value;
    else parent.children.splice(idx, 0, { type: 'text', value, start });
  }

  private fosterPlace(): { parent: HtmlElement; before: HtmlElement | null } {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const t = this.stack[k]!;
      if (t.tagName === 'table') {
        if (t.parent) return { parent: t.parent, before: t };
        return { parent: this.stack[k - 1]!, before: null };
      }
    }
    return { parent: this.stack[0]!, before: null };
  }

  /** Insert an element for a start tag at the appropriate place and open it. */
  private insert(tag: string, attrs: Attrs, start: number, foster = false): HtmlElement {
    const cur = this.current()!;
    let e: HtmlElement;
    if (foster && FOSTER_TARGETS.has(cur.tagName)) {
      this.reordered = true;
      const { parent, before } = this.fosterPlace();
      e = el(tag, attrs, start, parent);
      const idx = before ? parent.children.lastIndexOf(before) : parent.children.length;
      parent.children.splice(idx, 0, e);
    } else {
      e = el(tag, attrs, start, cur);
      cur.children.push(e);
    }
    if (tag === 'script') this.scripts.push(e);
    if (!VOID.has(tag)) {
      this.stack.push(e);
      if (this.stack.length > MAX_DEPTH) throw new TooDeep();
    }
    return e;
  }

  private inScope(tag: string, scope: Set<string>): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const t = this.stack[k]!.tagName;
      if (t === tag) return true;
      if (scope.has(t)) return false;
    }
    return false;
  }

  private anyInScope(tags: Set<string>, scope: Set<string>): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const t = this.stack[k]!.tagName;
      if (tags.has(t)) return true;
      if (scope.has(t)) return false;
    }
    return false;
  }

  private popUntil(tag: string): void {
    while (this.stack.length > 1) {
      const e = this.stack.pop()!;
      if (e.tagName === tag) return;
    }
  }

  private popUntilAny(tags: Set<string>): void {
    while (this.stack.length > 1) {
      const e = this.stack.pop()!;
      if (tags.has(e.tagName)) return;
    }
  }

  private impliedEnds(except?: string): void {
    for (;;) {
      const t = this.current()!.tagName;
      if (t !== except && IMPLIED_END.has(t) && this.stack.length > 1) this.stack.pop();
      else return;
    }
  }

  private closeP(): void {
    if (!this.inScope('p', BUTTON_SCOPE)) return;
    this.impliedEnds('p');
    this.popUntil('p');
  }

  private clearToMarker(): void {
    while (this.active.length) if (this.active.pop() === MARKER) return;
  }

  private pushActive(e: HtmlElement, attrs: Attrs, start: number): void {
    // Noah's Ark: at most three identical entries after the last marker.
    let same = 0;
    let earliest = -1;
    for (let k = this.active.length - 1; k >= 0; k--) {
      const f = this.active[k];
      if (f === MARKER || f === undefined) break;
      if (f.tag === e.tagName && sameAttrs(f.attrs, attrs)) {
        same++;
        earliest = k;
      }
    }
    if (same >= 3) this.active.splice(earliest, 1);
    this.active.push({ el: e, tag: e.tagName, attrs, start });
  }

  private reconstruct(foster: boolean): void {
    const a = this.active;
    if (a.length === 0) return;
    const last = a[a.length - 1];
    if (last === MARKER || this.stack.includes(last!.el)) return;
    let k = a.length - 1;
    while (k > 0) {
      const f = a[k - 1];
      if (f === MARKER || this.stack.includes(f!.el)) break;
      k--;
    }
    for (; k < a.length; k++) {
      const f = a[k]!;
      const e = this.insert(f.tag, f.attrs.slice(), f.start, foster);
      a[k] = { ...f, el: e };
    }
  }

  private start(tag: string, attrs: Attrs, at: number): void {
    this.afterBody = 0;
    this.skipNewline = false;
    if (this.templates > 0) {
      if (tag === 'template') this.templates++;
      else if (RAWTEXT.has(tag) || RCDATA.has(tag)) this.lastInsertedRaw = el(tag, attrs, at, null);
      return;
    }
    if (tag === 'html') {
      if (!this.html) {
        this.html = el('html', attrs, at, this.root);
        this.root.children.push(this.html);
        this.stack.push(this.html);
      } else this.html.attrs = mergeAttrs(this.html.attrs, attrs);
      return;
    }
    if (!this.body) {
      if (tag === 'head') {
        if (this.head) return;
        this.ensureHtml();
        this.head = el('head', attrs, at, this.html);
        this.html!.children.push(this.head);
        this.stack.push(this.head);
        return;
      }
      if (HEAD_CONTENT.has(tag)) {
        this.ensureHead();
        if (this.current()!.tagName === 'noscript' && !HEAD_NOSCRIPT.has(tag)) this.stack.pop();
        if (!this.inHead()) this.stack.push(this.head!);
        if (tag === 'template') {
          this.openTemplate(attrs, at, false);
          return;
        }
        const e = this.insert(tag, attrs, at);
        if (RAWTEXT.has(tag) || RCDATA.has(tag)) this.lastInsertedRaw = e;
        return;
      }
      if (tag === 'body') {
        this.ensureHead();
        while (this.stack.length > 1 && this.current() !== this.html) this.stack.pop();
        this.body = el('body', attrs, at, this.html);
        this.html!.children.push(this.body);
        this.stack.push(this.body);
        return;
      }
      this.ensureBody();
    }
    this.inBody(tag, attrs, at);
  }

  /** Depth of open templates: their content is not read (hast keeps it out of the children), only skipped. */
  private templates = 0;

  private openTemplate(attrs: Attrs, at: number, foster: boolean): void {
    this.insert('template', attrs, at, foster);
    this.active.push(MARKER);
    this.templates = 1;
  }

  private inBody(tag: string, attrs: Attrs, at: number): void {
    const mode = this.mode();
    if (mode === 'select') {
      this.selectStart(tag, attrs, at);
      return;
    }
    if (mode !== 'body' && this.tableStart(mode, tag, attrs, at)) return;
    const foster = mode === 'table' || mode === 'tbody' || mode === 'row';
    if (PLAIN.has(tag)) {
      this.reconstruct(foster);
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'body') {
      if (this.body) this.body.attrs = mergeAttrs(this.body.attrs, attrs);
      return;
    }
    if (tag === 'head' || tag === 'caption' || tag === 'col' || tag === 'colgroup' || tag === 'frame' || TABLE_SECTIONS.has(tag) || tag === 'td' || tag === 'th' || tag === 'tr') return;
    if (tag === 'template') {
      this.openTemplate(attrs, at, foster);
      return;
    }
    if (tag === 'iframe' || tag === 'noembed') {
      this.lastInsertedRaw = this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'xmp') {
      this.closeP();
      this.reconstruct(foster);
      this.lastInsertedRaw = this.insert(tag, attrs, at, foster);
      return;
    }
    if (HEAD_CONTENT.has(tag) && tag !== 'noscript') {
      const e = this.insert(tag, attrs, at, foster);
      if (RAWTEXT.has(tag) || RCDATA.has(tag)) this.lastInsertedRaw = e;
      return;
    }
    if (CLOSES_P.has(tag)) {
      this.closeP();
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (HEADINGS.has(tag)) {
      this.closeP();
      if (HEADINGS.has(this.current()!.tagName)) this.stack.pop();
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'pre' || tag === 'listing') {
      this.closeP();
      this.insert(tag, attrs, at, foster);
      this.skipNewline = true;
      return;
    }
    if (tag === 'form') {
      if (this.form) return;
      this.closeP();
      this.form = this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'plaintext') {
      this.closeP();
      this.insert(tag, attrs, at, foster);
      this.plaintext = true;
      return;
    }
    if (tag === 'li' || tag === 'dd' || tag === 'dt') {
      const stops = tag === 'li' ? LI : DD_DT;
      for (let k = this.stack.length - 1; k >= 0; k--) {
        const t = this.stack[k]!.tagName;
        if (stops.has(t)) {
          this.impliedEnds(t);
          this.popUntil(t);
          break;
        }
        if (SPECIAL.has(t) && t !== 'address' && t !== 'div' && t !== 'p') break;
      }
      this.closeP();
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'button') {
      if (this.inScope('button', SCOPE)) {
        this.impliedEnds();
        this.popUntil('button');
      }
      this.reconstruct(foster);
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'a') {
      for (let k = this.active.length - 1; k >= 0; k--) {
        const f = this.active[k];
        if (f === MARKER || f === undefined) break;
        if (f.tag === 'a') {
          this.adoption('a');
          const k2 = this.active.indexOf(f);
          if (k2 !== -1) this.active.splice(k2, 1);
          const s2 = this.stack.indexOf(f.el);
          if (s2 !== -1) this.stack.splice(s2, 1);
          break;
        }
      }
      this.reconstruct(foster);
      const e = this.insert(tag, attrs, at, foster);
      this.pushActive(e, attrs, at);
      return;
    }
    if (tag === 'nobr') {
      this.reconstruct(foster);
      if (this.inScope('nobr', SCOPE)) {
        this.adoption('nobr');
        this.reconstruct(foster);
      }
      const e = this.insert(tag, attrs, at, foster);
      this.pushActive(e, attrs, at);
      return;
    }
    if (FORMATTING.has(tag)) {
      this.reconstruct(foster);
      const e = this.insert(tag, attrs, at, foster);
      this.pushActive(e, attrs, at);
      return;
    }
    if (tag === 'option' || tag === 'optgroup') {
      if (this.current()!.tagName === 'option') this.stack.pop();
      this.reconstruct(foster);
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'applet' || tag === 'marquee' || tag === 'object') {
      this.reconstruct(foster);
      this.insert(tag, attrs, at, foster);
      this.active.push(MARKER);
      return;
    }
    if (tag === 'table') {
      if (!this.quirks) this.closeP();
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'hr') {
      this.closeP();
      this.insert(tag, attrs, at, foster);
      return;
    }
    if (tag === 'image') {
      this.inBody('img', attrs, at);
      return;
    }
    if (tag === 'textarea') {
      this.lastInsertedRaw = this.insert(tag, attrs, at, foster);
      return;
    }
    this.reconstruct(foster);
    const e = this.insert(tag, attrs, at, foster);
    if (RAWTEXT.has(tag) || RCDATA.has(tag)) this.lastInsertedRaw = e;
  }

  /** Start tags inside a `<select>`: options, and little else. */
  private selectStart(tag: string, attrs: Attrs, at: number): void {
    const inTable = this.selectInTable();
    if (inTable && (tag === 'caption' || tag === 'table' || TABLE_SECTIONS.has(tag) || tag === 'tr' || tag === 'td' || tag === 'th')) {
      this.popUntil('select');
      this.inBody(tag, attrs, at);
      return;
    }
    if (tag === 'html') {
      if (this.html) this.html.attrs = mergeAttrs(this.html.attrs, attrs);
      return;
    }
    if (tag === 'option') {
      if (this.current()!.tagName === 'option') this.stack.pop();
      this.insert(tag, attrs, at);
      return;
    }
    if (tag === 'optgroup' || tag === 'hr') {
      if (this.current()!.tagName === 'option') this.stack.pop();
      if (this.current()!.tagName === 'optgroup') this.stack.pop();
      this.insert(tag, attrs, at);
      return;
    }
    if (tag === 'select') {
      if (this.inSelectScope()) this.popUntil('select');
      return;
    }
    if (tag === 'input' || tag === 'keygen' || tag === 'textarea') {
      if (!this.inSelectScope()) return;
      this.popUntil('select');
      this.inBody(tag, attrs, at);
      return;
    }
    if (tag === 'script') {
      this.lastInsertedRaw = this.insert(tag, attrs, at);
      return;
    }
    if (tag === 'template') this.openTemplate(attrs, at, false);
  }

  private selectInTable(): boolean {
    let k = this.stack.length - 1;
    while (k >= 0 && this.stack[k]!.tagName !== 'select') k--;
    for (k--; k >= 0; k--) {
      const t = this.stack[k]!.tagName;
      if (t === 'template') return false;
      if (t === 'table') return true;
    }
    return false;
  }

  private inSelectScope(): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const t = this.stack[k]!.tagName;
      if (t === 'select') return true;
      if (t !== 'option' && t !== 'optgroup') return false;
    }
    return false;
  }

  private selectEnd(tag: string): void {
    if (this.selectInTable() && (tag === 'caption' || tag === 'table' || TABLE_SECTIONS.has(tag) || tag === 'tr' || tag === 'td' || tag === 'th')) {
      if (!this.inScope(tag, TABLE_SCOPE)) return;
      this.popUntil('select');
      this.end(tag, -1);
      return;
    }
    const cur = this.current()!.tagName;
    if (tag === 'optgroup') {
      if (cur === 'option' && this.stack[this.stack.length - 2]?.tagName === 'optgroup') this.stack.pop();
      if (this.current()!.tagName === 'optgroup') this.stack.pop();
    } else if (tag === 'option') {
      if (cur === 'option') this.stack.pop();
    } else if (tag === 'select') {
      if (this.inSelectScope()) this.popUntil('select');
    }
  }

  /** Start tags in the table modes; true when handled. */
  private tableStart(mode: string, tag: string, attrs: Attrs, at: number): boolean {
    const cellish = tag === 'caption' || tag === 'col' || tag === 'colgroup' || TABLE_SECTIONS.has(tag) || tag === 'td' || tag === 'th' || tag === 'tr';
    if (mode === 'cell' || mode === 'caption') {
      if (!cellish) return false;
      if (mode === 'cell') {
        if (!this.anyInScope(CELLS, TABLE_SCOPE)) return true;
        this.closeCell();
      } else {
        if (!this.inScope('caption', TABLE_SCOPE)) return true;
        this.impliedEnds();
        this.popUntil('caption');
        this.clearToMarker();
      }
      this.inBody(tag, attrs, at);
      return true;
    }
    if (mode === 'colgroup') {
      if (tag === 'col') {
        this.insert(tag, attrs, at);
        return true;
      }
      this.popUntil('colgroup');
      this.inBody(tag, attrs, at);
      return true;
    }
    if (mode === 'row') {
      if (tag === 'td' || tag === 'th') {
        this.clearBackTo(ROW_CONTEXT);
        this.insert(tag, attrs, at);
        this.active.push(MARKER);
        return true;
      }
      if (cellish) {
        if (!this.inScope('tr', TABLE_SCOPE)) return true;
        this.clearBackTo(ROW_CONTEXT);
        this.stack.pop();
        this.inBody(tag, attrs, at);
        return true;
      }
    }
    if (mode === 'tbody') {
      if (tag === 'tr') {
        this.clearBackTo(TBODY_CONTEXT);
        this.insert(tag, attrs, at);
        return true;
      }
      if (tag === 'td' || tag === 'th') {
        this.clearBackTo(TBODY_CONTEXT);
        this.insert('tr', [], -1);
        this.inBody(tag, attrs, at);
        return true;
      }
      if (cellish) {
        if (!this.anyInScope(TABLE_SECTIONS, TABLE_SCOPE)) return true;
        this.clearBackTo(TBODY_CONTEXT);
        this.stack.pop();
        this.inBody(tag, attrs, at);
        return true;
      }
    }
    if (mode === 'table' || mode === 'tbody' || mode === 'row') {
      if (tag === 'caption') {
        this.clearBackTo(TABLE_CONTEXT);
        this.active.push(MARKER);
        this.insert(tag, attrs, at);
        return true;
      }
      if (tag === 'colgroup' || tag === 'col') {
        this.clearBackTo(TABLE_CONTEXT);
        this.insert('colgroup', tag === 'col' ? [] : attrs, tag === 'col' ? -1 : at);
        if (tag === 'col') this.insert(tag, attrs, at);
        return true;
      }
      if (TABLE_SECTIONS.has(tag)) {
        this.clearBackTo(TABLE_CONTEXT);
        this.insert(tag, attrs, at);
        return true;
      }
      if (tag === 'td' || tag === 'th' || tag === 'tr') {
        this.clearBackTo(TABLE_CONTEXT);
        this.insert('tbody', [], -1);
        this.inBody(tag, attrs, at);
        return true;
      }
      if (tag === 'table') {
        if (!this.inScope('table', TABLE_SCOPE)) return true;
        this.popUntil('table');
        this.inBody(tag, attrs, at);
        return true;
      }
      if (tag === 'template') {
        this.openTemplate(attrs, at, false);
        return true;
      }
      if (tag === 'style' || tag === 'script') {
        this.lastInsertedRaw = this.insert(tag, attrs, at);
        return true;
      }
      if (tag === 'input' && (getAttr(attrs, 'type') ?? '').toLowerCase() === 'hidden') {
        this.insert(tag, attrs, at);
        return true;
      }
      if (tag === 'form') {
        if (this.form) return true;
        this.form = this.insert(tag, attrs, at);
        this.stack.pop();
        return true;
      }
    }
    return false;
  }

  private clearBackTo(context: Set<string>): void {
    while (this.stack.length > 1 && !context.has(this.current()!.tagName)) this.stack.pop();
  }

  private closeCell(): void {
    this.impliedEnds();
    this.popUntilAny(CELLS);
    this.clearToMarker();
  }

  private end(tag: string, at: number): void {
    this.skipNewline = false;
    if (this.templates > 0) {
      if (tag === 'template' && --this.templates === 0) {
        this.popUntil('template');
        this.clearToMarker();
      }
      return;
    }
    if (tag === 'template') return;
    // The common case: the end tag of the current element, which every rule below would just pop.
    const cur = this.current();
    if (this.body && cur && cur.tagName === tag && !SLOW_END.has(tag)) {
      if (!FORMATTING.has(tag)) {
        this.stack.pop();
        this.afterBody = 0;
        return;
      }
      const last = this.active[this.active.length - 1];
      if (last && last.el === cur) {
        this.stack.pop();
        this.active.pop();
        this.afterBody = 0;
        return;
      }
    }
    if (!this.body) {
      if (tag === 'head' && this.inHead()) {
        while (this.current() !== this.html) this.stack.pop();
        return;
      }
      if (this.inHead() && HEAD_CONTENT.has(tag)) {
        if (this.current()!.tagName === tag) this.stack.pop();
        return;
      }
      if (tag !== 'body' && tag !== 'html' && tag !== 'br') return;
      this.ensureBody();
    }
    const mode = this.mode();
    if (mode === 'select') {
      this.selectEnd(tag);
      return;
    }
    if (mode !== 'body' && this.tableEnd(mode, tag)) return;
    if (tag === 'body' || tag === 'html') {
      // The rest of the document still goes into the body; comments meanwhile to the html element (after </html>, to the document).
      if (this.inScope('body', SCOPE)) this.afterBody = tag === 'html' || this.afterBody === 2 ? 2 : 1;
      return;
    }
    this.afterBody = 0;
    if (BODY_END_CLOSERS.has(tag)) {
      if (!this.inScope(tag, SCOPE)) return;
      this.impliedEnds();
      this.popUntil(tag);
      return;
    }
    if (tag === 'form') {
      const node = this.form;
      this.form = null;
      if (!node || !this.elementInScope(node)) return;
      this.impliedEnds();
      this.stack.splice(this.stack.indexOf(node), 1);
      return;
    }
    if (tag === 'p') {
      if (!this.inScope('p', BUTTON_SCOPE)) {
        const foster = mode === 'table' || mode === 'tbody' || mode === 'row';
        this.insert('p', [], -1, foster);
      }
      this.impliedEnds('p');
      this.popUntil('p');
      return;
    }
    if (tag === 'li') {
      if (!this.inScope('li', LIST_SCOPE)) return;
      this.impliedEnds('li');
      this.popUntil('li');
      return;
    }
    if (tag === 'dd' || tag === 'dt') {
      if (!this.inScope(tag, SCOPE)) return;
      this.impliedEnds(tag);
      this.popUntil(tag);
      return;
    }
    if (HEADINGS.has(tag)) {
      if (!this.anyInScope(HEADINGS, SCOPE)) return;
      this.impliedEnds();
      this.popUntilAny(HEADINGS);
      return;
    }
    if (FORMATTING.has(tag)) {
      this.adoption(tag);
      return;
    }
    if (tag === 'applet' || tag === 'marquee' || tag === 'object') {
      if (!this.inScope(tag, SCOPE)) return;
      this.impliedEnds();
      this.popUntil(tag);
      this.clearToMarker();
      return;
    }
    if (tag === 'br') {
      this.inBody('br', [], -1);
      return;
    }
    this.anyOtherEnd(tag);
  }

  private anyOtherEnd(tag: string): void {
    for (let k = this.stack.length - 1; k >= 1; k--) {
      const node = this.stack[k]!;
      if (node.tagName === tag) {
        this.impliedEnds(tag);
        this.stack.length = k;
        return;
      }
      if (SPECIAL.has(node.tagName)) return;
    }
  }

  /** End tags in the table modes; true when handled. */
  private tableEnd(mode: string, tag: string): boolean {
    if (mode === 'cell') {
      if (tag === 'td' || tag === 'th') {
        if (!this.inScope(tag, TABLE_SCOPE)) return true;
        this.impliedEnds();
        this.popUntil(tag);
        this.clearToMarker();
        return true;
      }
      if (tag === 'body' || tag === 'caption' || tag === 'col' || tag === 'colgroup' || tag === 'html') return true;
      if (tag === 'table' || TABLE_SECTIONS.has(tag) || tag === 'tr') {
        if (!this.inScope(tag, TABLE_SCOPE)) return true;
        this.closeCell();
        this.end(tag, -1);
        return true;
      }
      return false;
    }
    if (mode === 'caption') {
      if (tag === 'caption' || tag === 'table') {
        if (!this.inScope('caption', TABLE_SCOPE)) return true;
        this.impliedEnds();
        this.popUntil('caption');
        this.clearToMarker();
        if (tag === 'table') this.end(tag, -1);
        return true;
      }
      if (tag === 'body' || tag === 'col' || tag === 'colgroup' || tag === 'html' || TABLE_SECTIONS.has(tag) || tag === 'td' || tag === 'th' || tag === 'tr') return true;
      return false;
    }
    if (mode === 'colgroup') {
      if (tag === 'col') return true;
      this.popUntil('colgroup');
      if (tag === 'colgroup') return true;
      this.end(tag, -1);
      return true;
    }
    if (mode === 'row') {
      if (tag === 'tr') {
        if (!this.inScope('tr', TABLE_SCOPE)) return true;
        this.clearBackTo(ROW_CONTEXT);
        this.stack.pop();
        return true;
      }
      if (tag === 'table' || TABLE_SECTIONS.has(tag)) {
        if (TABLE_SECTIONS.has(tag) && !this.inScope(tag, TABLE_SCOPE)) return true;
        if (!this.inScope('tr', TABLE_SCOPE)) return true;
        this.clearBackTo(ROW_CONTEXT);
        this.stack.pop();
        this.end(tag, -1);
        return true;
      }
    }
    if (mode === 'tbody') {
      if (TABLE_SECTIONS.has(tag)) {
        if (!this.inScope(tag, TABLE_SCOPE)) return true;
        this.clearBackTo(TBODY_CONTEXT);
        this.stack.pop();
        return true;
      }
      if (tag === 'table') {
        if (!this.anyInScope(TABLE_SECTIONS, TABLE_SCOPE)) return true;
        this.clearBackTo(TBODY_CONTEXT);
        this.stack.pop();
        this.end(tag, -1);
        return true;
      }
    }
    if (mode === 'table' || mode === 'tbody' || mode === 'row') {
      if (tag === 'table') {
        if (!this.inScope('table', TABLE_SCOPE)) return true;
        this.popUntil('table');
        return true;
      }
      if (tag === 'body' || tag === 'caption' || tag === 'col' || tag === 'colgroup' || tag === 'html' || TABLE_SECTIONS.has(tag) || tag === 'td' || tag === 'th' || tag === 'tr') return true;
    }
    return false;
  }

  /** The adoption agency algorithm, for the end tag of a formatting element. */
  private adoption(tag: string): void {
    const cur = this.current()!;
    if (cur.tagName === tag && !this.active.some((f) => f !== MARKER && f.el === cur)) {
      this.stack.pop();
      return;
    }
    for (let outer = 0; outer < 8; outer++) {
      let fi = -1;
      for (let k = this.active.length - 1; k >= 0; k--) {
        const f = this.active[k];
        if (f === MARKER || f === undefined) break;
        if (f.tag === tag) {
          fi = k;
          break;
        }
      }
      if (fi === -1) {
        this.anyOtherEnd(tag);
        return;
      }
      const fEntry = this.active[fi]!;
      const formatting = fEntry.el;
      const si = this.stack.indexOf(formatting);
      if (si === -1) {
        this.active.splice(fi, 1);
        return;
      }
      if (!this.elementInScope(formatting)) return;
      let furthest: HtmlElement | null = null;
      let fbi = -1;
      for (let k = si + 1; k < this.stack.length; k++) {
        if (SPECIAL.has(this.stack[k]!.tagName)) {
          furthest = this.stack[k]!;
          fbi = k;
          break;
        }
      }
      if (!furthest) {
        this.stack.length = si;
        this.active.splice(fi, 1);
        return;
      }
      this.reordered = true;
      const common = this.stack[si - 1]!;
      let bookmark = fi;
      let node: HtmlElement;
      let lastNode = furthest;
      let ni = fbi;
      for (let inner = 1; ; inner++) {
        ni--;
        node = this.stack[ni]!;
        if (node === formatting) break;
        let ai = this.active.findIndex((f) => f !== MARKER && f.el === node);
        if (inner > 3 && ai !== -1) {
          this.active.splice(ai, 1);
          if (ai < bookmark) bookmark--;
          ai = -1;
        }
        if (ai === -1) {
          this.stack.splice(ni, 1);
          continue;
        }
        const entry = this.active[ai]!;
        const clone = el(entry.tag, entry.attrs.slice(), -1, common);
        this.active[ai] = { ...entry, el: clone };
        this.stack[ni] = clone;
        node = clone;
        if (lastNode === furthest) bookmark = ai + 1;
        detach(lastNode);
        node.children.push(lastNode);
        lastNode.parent = node;
        lastNode = node;
      }
      detach(lastNode);
      if (FOSTER_TARGETS.has(common.tagName)) {
        const { parent, before } = this.fosterPlace();
        const idx = before ? parent.children.lastIndexOf(before) : parent.children.length;
        parent.children.splice(idx, 0, lastNode);
        lastNode.parent = parent;
      } else {
        common.children.push(lastNode);
        lastNode.parent = common;
      }
      const clone = el(fEntry.tag, fEntry.attrs.slice(), -1, furthest);
      clone.children = furthest.children;
      for (const c of clone.children) if (c.type === 'element') c.parent = clone;
      furthest.children = [clone];
      const fNow = this.active.indexOf(fEntry);
      this.active.splice(bookmark, 0, { ...fEntry, el: clone });
      this.active.splice(fNow < bookmark ? fNow : fNow + 1, 1);
      this.stack.splice(this.stack.indexOf(formatting), 1);
      this.stack.splice(this.stack.indexOf(furthest) + 1, 0, clone);
    }
  }

  private elementInScope(e: HtmlElement): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const x = this.stack[k]!;
      if (x === e) return true;
      if (SCOPE.has(x.tagName)) return false;
    }
    return false;
  }
}

const LI = new Set(['li']);
const DD_DT = new Set(['dd', 'dt']);
const CELLS = new Set(['td', 'th']);
const TABLE_CONTEXT = new Set(['table', 'template', 'html']);
const TBODY_CONTEXT = new Set(['tbody', 'tfoot', 'thead', 'template', 'html']);
const ROW_CONTEXT = new Set(['tr', 'template', 'html']);
const QUIRKY_PUBLIC = /public\s+["'](-\/\/w3o\/\/dtd w3 html strict 3\.0\/\/en\/\/|-\/w3c\/dtd html 4\.0 transitional\/en|html|\+\/\/silmaril\/\/dtd html pro v0r11 19970101\/\/|-\/\/as\/\/dtd html 3\.0 aswedit \+ extensions\/\/|-\/\/ietf\/\/dtd html|-\/\/w3c\/\/dtd html 3|-\/\/w3c\/\/dtd html 4\.0 (transitional|frameset)|-\/\/w3c\/\/dtd w3 html|-\/\/w3o\/\/dtd w3 html 3\.0\/\/|-\/\/webtechs\/\/dtd mozilla html|-\/\/netscape comm\. corp\.\/\/dtd|-\/\/microsoft\/\/dtd internet explorer|-\/\/o'reilly and associates\/\/dtd|-\/\/spyglass\/\/dtd html 2\.0 extended\/\/|-\/\/sq\/\/dtd html 2\.0 hotmetal \+ extensions\/\/|-\/\/sun microsystems corp\.\/\/dtd hotjava|-\/\/metrius\/\/dtd metrius presentational\/\/|-\/\/softquad)/;

/**
 * The names the reader sees, as hast gives them: a tag name holding `.` or
 * `#` reads as a selector (`p.x#y` is a `p` with class `x` and id `y`), and
 * a template's content is not among its children.
 */
function rename(root: HtmlElement): void {
  const stack: HtmlElement[] = root.children.filter((c): c is HtmlElement => c.type === 'element');
  while (stack.length) {
    const e = stack.pop()!;
    if (e.tagName === 'template') {
      e.children = [];
      continue;
    }
    if (e.tagName.includes('.') || e.tagName.includes('#')) {
      let tag = '';
      let id: string | undefined;
      const cls: string[] = [];
      let prev = '';
      for (const part of e.tagName.split(/([.#])/)) {
        if (part === '.' || part === '#') prev = part;
        else if (part !== '') {
          if (prev === '') tag = part;
          else if (prev === '#') id = part;
          else cls.push(part);
        }
      }
      const attrs: Attrs = e.attrs.filter((_, k) => k % 2 === 0 ? e.attrs[k] !== 'class' : e.attrs[k - 1] !== 'class');
      const own = getAttr(e.attrs, 'class');
      if (id !== undefined && getAttr(attrs, 'id') === undefined) attrs.push('id', id);
      if (cls.length) attrs.push('class', own === undefined ? cls.join(' ') : cls.join(' ') + ' ' + own);
      else if (own !== undefined) attrs.push('class', own);
      e.tagName = tag === '' ? 'div' : tag;
      e.attrs = attrs;
    }
    for (const c of e.children) if (c.type === 'element') stack.push(c);
  }
}

function el(tagName: string, attrs: Attrs, start: number, parent: HtmlElement | null): HtmlElement {
  return { type: 'element', tagName, attrs, children: VOID.has(tagName) ? NO_KIDS : [], start, parent, folded: undefined };
}

function detach(e: HtmlElement): void {
  const p = e.parent;
  if (!p) return;
  const k = p.children.lastIndexOf(e);
  if (k !== -1) p.children.splice(k, 1);
}

function sameAttrs(a: Attrs, b: Attrs): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 2) if (getAttr(b, a[k]!) !== a[k + 1]) return false;
  return true;
}

/** The offset of the `</name` that ends raw text started at `from` (or the end of the text). */
function findRawEnd(s: string, from: number, name: string): number {
  let i = from;
  for (;;) {
    const k = s.indexOf('</', i);
    if (k === -1) return s.length;
    if (s.slice(k + 2, k + 2 + name.length).toLowerCase() === name) {
      const c = s.charCodeAt(k + 2 + name.length);
      if (isSpace(c) || c === 47 || c === 62) return k;
    }
    i = k + 2;
  }
}

/** Line numbers (1-based) of offsets, from a table of line starts built once. */
export class LineTable {
  private starts: number[] | null = null;
  constructor(private readonly text: string) {}
  line(offset: number): number {
    if (!this.starts) {
      const s: number[] = [0];
      const t = this.text;
      if (!t.includes('\r')) {
        for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) s.push(i + 1);
      } else {
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 10) s.push(i + 1);
          else if (c === 13) {
            if (t.charCodeAt(i + 1) === 10) i++;
            s.push(i + 1);
          }
        }
      }
      this.starts = s;
    }
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
