/**
 * The lines of a page copied as text, with what each tool's typography says
 * about the document's structure: bullets, indentation, blank lines and the
 * width at which the tool wrapped long lines. Tool-specific markup (Markdown
 * from html2text, lynx's `[N]` link numbers) is taken off first.
 */

export interface PageLine {
  /** 1-based line number in the input. */
  line: number;
  /** Columns of indentation before the bullet or the text. */
  indent: number;
  /** The line began with a list bullet (`-`, `*`, `•`, `o`, `+`, `□`, …). */
  bullet: boolean;
  /** Column where the text starts (after indentation and bullet). */
  textColumn: number;
  /** The text without indentation, bullet and trailing space. */
  text: string;
  /** Length of the whole line as the tool printed it (link numbers and Markdown marks included). */
  width: number;
}

const BULLET = /^([-*+\u2022\u25e6\u25aa\u25ab\u2023\u2043\u00b7\u25cb\u25cf\u25a0\u25a1\u2219\u2013o])(\s+)(?=\S)/;
const EMPTY_ITEM = /^[*+\u2022\u25e6\u25aa\u25ab\u2023\u2043\u00b7\u25cb\u25cf\u25a0\u25a1\u2219o]$/;
/** A line that only underlines or separates (`=====`, `-----`, `* * *`). */
const RULE = /^[=\-*~^_#+.\u2500\u2550\s]{3,}$/;

/** Split text into lines (LF, CRLF or CR), tabs expanded. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map(expandTabs);
}

function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** Markdown as html2text writes it: `**Status: optional.**`, `` `missing` ``, `[title](#id)`. */
export function looksLikeMarkdown(text: string): boolean {
  return /\*\*\s*(?:Status|Driver Support|drivers|CLI commands)\s*:/.test(text) || /^[ \t]*[*-][ \t]+\*\*[^*\n]+:[ \t]*\*\*[ \t]*`/m.test(text);
}

/** Characters Markdown escapes with a backslash. */
const MD_ESCAPE = /\\([\\`*_{}[\]()#+\-.!<>|])/g;
/** Private-use stand-ins for escaped characters while the marks around them are taken off. */
const STAND_IN = 0xe000;
const STAND_INS = /[\ue000-\ue07f]/g;

/**
 * Inline Markdown off, over the whole text (a tool may wrap inside a link):
 * links to their text, emphasis and code marks and inline HTML tags (pandoc
 * keeps `<a href=...>` as HTML) removed, escapes undone. Escaped characters
 * are set aside first, so that `\`` is text, not code. Line breaks stay where
 * they were, so line numbers still point into the input.
 */
export function stripMarkdownInline(s: string): string {
  const protect = !/[\ue000-\ue07f]/.test(s);
  let t = protect ? s.replace(MD_ESCAPE, (_, c: string) => String.fromCharCode(STAND_IN + c.charCodeAt(0))) : s;
  t = t.replace(/<\/?(?:a|span|code|strong|em|tt|cite|abbr)\b[^<>]*>/gi, (tag) => tag.replace(/[^\n]+/g, ''));
  t = t.replace(/^([ \t]*)#{1,6}[ \t]+/gm, '$1');
  t = t.replace(/!?\[([^\]]{0,300})\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+"[^"\n]*")?\)/g, '$1');
  t = t.replace(/\*\*([^*]*?)\*\*/g, '$1').replace(/(^|\W)__(\S[^_\n]*?)__(?=\W|$)/gm, '$1$2');
  t = t.replace(/(^|[\s|(])_(\S[^_\n]*?)_(?=[\s|).,:;]|$)/gm, '$1$2');
  t = t.replace(/`([^`\n]{0,300})`/g, '$1');
  return protect ? t.replace(STAND_INS, (c) => String.fromCharCode(c.charCodeAt(0) - STAND_IN)) : t.replace(MD_ESCAPE, '$1');
}

/** lynx numbers links as `[12]text` and lists them under `References` at the end: the line of that heading, or -1. */
export function lynxReferencesAt(lines: string[]): number {
  const i = lines.findIndex((l) => /^\s*(?:References|Visible links:?)\s*$/.test(l));
  return i !== -1 && lines.slice(i + 1, i + 6).some((l) => /^\s*\d+\.\s+\S+:\S*/.test(l)) ? i : -1;
}

export function stripLynxMarkers(s: string): string {
  return s.replace(/\[\d+\](?=\S)/g, '');
}

/** A link number left in front of a URL by a text browser that did not list its links (`[43]https://...`). */
export function stripUrlNumbers(s: string): string {
  return s.replace(/\[\d+\](?=https?:\/\/)/g, '');
}

/** Whether a line is decoration (an underline or a rule). */
export function isRule(s: string): boolean {
  return RULE.test(s) && /[=\-*~^_#\u2500\u2550]{3,}/.test(s);
}

export function toPageLines(raw: string[], printed: string[] = raw): PageLine[] {
  return raw.map((s, i) => {
    const trimmed = s.trimEnd();
    const indent = trimmed.length - trimmed.trimStart().length;
    let rest = trimmed.slice(indent);
    let bullet = false;
    let textColumn = indent;
    const m = BULLET.exec(rest);
    if (m && !isRule(rest)) {
      bullet = true;
      textColumn += m[0].length;
      rest = rest.slice(m[0].length);
    } else if (EMPTY_ITEM.test(rest)) {
      // An empty list item (an empty command of `cli=a;`).
      bullet = true;
      textColumn += rest.length;
      rest = '';
    }
    return { line: i + 1, indent, bullet, textColumn, text: rest, width: [...(printed[i] ?? s).trimEnd()].length };
  });
}

/**
 * The width the tool wrapped prose at, or Infinity when it did not wrap.
 * Looks at lines followed by a line that continues them in shape (no bullet,
 * no label, aligned with their text): when a tool wraps, those are the lines
 * it broke, and greedy wrapping filled them up to nearly the width; when it
 * does not wrap, there are few such pairs and their lengths are scattered.
 */
export function wrapWidth(lines: PageLine[], isLabel: (text: string) => boolean): number {
  const pairs: [PageLine, PageLine][] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]!;
    const b = lines[i + 1]!;
    if (a.text === '' || b.text === '' || b.bullet || isLabel(b.text) || isEntry(a.text) || isEntry(b.text)) continue;
    if (b.indent !== a.textColumn) continue;
    pairs.push([a, b]);
  }
  if (pairs.length === 0) return Infinity;
  const max = pairs.reduce((m, [a]) => Math.max(m, a.width), 0);
  // Pairs that prove the width: the next line's first word would not have fitted.
  const proven = pairs.filter(([a, b]) => brokeForWidth(a, b, max)).length;
  return max >= 40 && proven >= 5 && proven * 2 >= pairs.length ? max : Infinity;
}

/** A whole driver entry (`Title: complete`): it ends where it ends, whatever its length. */
export function isEntry(text: string): boolean {
  return /:\s*(?:complete|partial|missing|unknown|incomplete)\.?$/.test(text);
}

function firstWord(s: string): string {
  const m = /^\S+/.exec(s);
  return m ? m[0] : '';
}

/**
 * What goes between `prev` and the line a tool wrapped after it: a space,
 * except where the tool broke inside a word: after a hyphen, slash, equals
 * sign, `#` or `&` attached to it (`admin-` | `configured`, `https://` |
 * `docs.openstack...`, `type=` | `APP_COOKIE`, `v2/#` | `networks`), before a
 * slash or `(s)`, or within a word longer than the line, cut at the width (a
 * long URL). A break before `(` or `[` in general stays a space: prose and
 * commands have `word (aside)` and `cmd [--option]` far more often.
 */
export function wrapSeparator(prev: PageLine, next: PageLine, width: number): string {
  if (Number.isFinite(width) && prev.width >= width && !/\s/.test(prev.text)) return '';
  if (brokeAtColon(prev, next, width)) return '';
  const sep = wordBreakSeparator(prev.text, next.text);
  // A break that only the texts take for one inside a token, where the token would have fitted whole, was at a space.
  return sep === '' && tokenFitted(prev, next, width) ? ' ' : sep;
}

/**
 * Whether the line's end and the next line's first word, joined without a
 * space, would have fitted in the wrap width: then a wrapper had no reason to
 * break between them, and the break was at a space. (False without a width.)
 */
function tokenFitted(prev: PageLine, next: PageLine, width: number): boolean {
  return Number.isFinite(width) && prev.width + [...firstWord(next.text)].length <= width;
}

/** A line ending in a token of hex digits and colons with a digit in it (`0000:00:`, `fe80:`). */
const COLON_TOKEN_END = /(?:^|[\s([{"'\u201c\u2018])(?=[0-9A-Fa-f:]*\d)[0-9A-Fa-f:]*[0-9A-Fa-f]:$/;
/** The start of the next line: the rest of such a token (`02.0),`, `00:02.0`). */
const COLON_TOKEN_REST = /^(?=[0-9A-Fa-f.:]*\d)[0-9A-Fa-f][0-9A-Fa-f.:]*/;

/**
 * Whether a tool broke inside a token after a colon (html2text at 120
 * columns: `bus address (ex: 0000:00:` | `02.0), MAC`). A break after a colon
 * is as often one at a space (`(ex:` | `PCI)`), so the page's wrap width
 * decides, where the two texts allow both: a tool breaks inside a token only
 * when the whole token does not fit, so if the line's end and the next line's
 * first word, joined without a space, would have fitted in the width, the
 * break was at a space. Only addresses of hex digits and colons with a digit
 * on both sides are considered; other colons (`Notes:`, `ex:`) keep a space.
 */
function brokeAtColon(prev: PageLine, next: PageLine, width: number): boolean {
  if (!Number.isFinite(width) || !COLON_TOKEN_END.test(prev.text)) return false;
  return COLON_TOKEN_REST.test(next.text) && !tokenFitted(prev, next, width);
}

/**
 * The part of `wrapSeparator` that the two texts alone decide (also for
 * paragraphs a tool split). Only the end of `a` is looked at: it may be a
 * note that grows with every paragraph appended to it.
 */
export function wordBreakSeparator(a: string, b: string): string {
  const last = a.charAt(a.length - 1);
  if (last === '' || isSpace(last)) return ' ';
  const before = a.charAt(a.length - 2);
  const attached = before !== '' && !isSpace(before);
  if ('-/=#&'.includes(last) && attached) return '';
  // Broken before a slash (`network` | `/v2/`), before `(s)` or `()`, inside `--option` (`-` | `-image`).
  if (b.startsWith('/') || /^\((?:e?s)?\)/.test(b)) return '';
  if (last === '-' && !attached && b.startsWith('-')) return '';
  return ' ';
}

const isSpace = (c: string): boolean => /\s/.test(c);

/**
 * Whether `text` ends with a URL that lynx cut (anywhere, not only at the
 * width) and `next` begins with its rest: the URL is not in `urls`, its list
 * of links, but the two joined begin one that is.
 */
export function cutUrl(text: string, next: string, urls: readonly string[]): boolean {
  if (urls.length === 0) return false;
  let start = text.length;
  while (start > 0 && !/\s/.test(text.charAt(start - 1))) start--;
  const tail = text.slice(start);
  return /^https?:\/\//.test(tail) && !hasUrl(urls, tail, false) && hasUrl(urls, tail + firstWord(next), true);
}

/** Whether sorted `urls` hold `s` (or, with `prefix`, a URL that begins with it). */
function hasUrl(urls: readonly string[], s: string, prefix: boolean): boolean {
  let lo = 0;
  let hi = urls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (urls[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  const u = urls[lo];
  return u !== undefined && (prefix ? u.startsWith(s) : u === s);
}

/** The URLs lynx lists under its `References` heading at line `at` (sorted), to rejoin one it cut at a line's end. */
export function referenceUrls(lines: string[], at: number): string[] {
  const urls: string[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /^\s*\d+\.\s+(\S+)/.exec(l);
    if (m) urls.push(m[1]!);
  }
  return urls.sort();
}

/** Whether the tool broke `prev` only because `next`'s first word did not fit. */
export function brokeForWidth(prev: PageLine, next: PageLine, width: number): boolean {
  if (!Number.isFinite(width)) return false;
  return prev.width + 1 + [...firstWord(next.text)].length > width;
}
