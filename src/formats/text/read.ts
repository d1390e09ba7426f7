/**
 * Text reader: a published matrix page copied as text (w3m, pandoc, lynx,
 * html2text, a browser, by hand) into the canonical model.
 *
 * The reader keys on the document's structure, not on one tool's layout:
 * every feature has a `Status:` line, and its title is the paragraph just
 * before it; the renderers' labels (`API Alias:`, `CLI commands:`, `Notes:`,
 * `Driver Support:` / `drivers:`) divide the rest; a driver entry is
 * `Title: status`. Typography only helps to join the lines a tool wrapped:
 * bullets, hanging indentation, blank lines and the wrapping width.
 */

import { error, quote } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { foldSpace } from '../../model/fold.js';
import { decodeUtf8 } from '../../io/decode.js';
import { IMPLEMENTATION_STATUSES } from '../../model/matrix.js';
import { titleKey } from '../../model/keys.js';
import { isStatusLine, matchLabel, parseStatusLine, SUBTITLES } from '../page/labels.js';
import {
  brokeForWidth,
  cutUrl,
  isEntry,
  isRule,
  lynxReferencesAt,
  looksLikeMarkdown,
  referenceUrls,
  splitLines,
  stripLynxMarkers,
  stripMarkdownInline,
  stripUrlNumbers,
  toPageLines,
  wordBreakSeparator,
  wrapSeparator,
  wrapWidth,
  type PageLine,
} from '../page/lines.js';
import { buildLoaded, type PageCell, type PageData, type PageFeature, type Renderer, type SummarySymbol } from '../page/model.js';
import { splitBareEntry, splitEntry, stripEndMark } from '../../strings.js';

export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { text } = decodeUtf8(bytes, opts.file);
  return buildLoaded(readTextPage(text, opts), opts);
}

/** A paragraph: physical lines the tool wrapped, joined. */
interface Logical {
  line: number;
  text: string;
  bullet: boolean;
  indent: number;
  /** The physical lines joined into it, each with what was put before it (a space, or nothing inside a word). */
  parts: { line: number; text: string; sep: string }[];
}

const CELL_STATUSES = new Set<string>([...IMPLEMENTATION_STATUSES, 'incomplete']);
const SYMBOLS = /[\u2714\u2716\u2713\u2717\u2718]|(?<=^|[\s|])\?(?=$|[\s|])/g;
const SYMBOL_PLAIN: Record<string, string> = { '\u2713': '\u2714', '\u2717': '\u2716', '\u2718': '\u2716' };

const isLabel = (t: string) => matchLabel(t) !== null;
const isSubtitle = (t: string) => SUBTITLES.has(t.toLowerCase());
const isNotesHeading = (t: string) => /^Notes\s*:?$/i.test(t);

export function readTextPage(text: string, opts: ReadOptions): PageData {
  const warn: Warn = (message, line, ruleId = 'page-unrecognised') =>
    opts.warn({ file: opts.file, line, message, severity: 'warning', ruleId });

  const cleaned = cleanLines(text);
  let lines = cleaned.lines;
  const firstStatus = lines.findIndex((l) => isStatusLine(l.text));
  if (firstStatus === -1) {
    throw error(opts.file, 'no matrix found: the page has no feature with a "Status:" line', 1, 1, 'page-no-matrix');
  }
  // A page with several matrices (octavia's has one per object): the model holds one.
  const another = lines.findIndex((l, i) => i > firstStatus && /^(?:summary|details)$/i.test(l.text));
  if (another !== -1) {
    const more = lines.slice(another).filter((l) => /^details$/i.test(l.text)).length;
    warn(
      `another matrix begins here (${more || 1} more on the page): only the first is read; save each matrix's section separately to read it`,
      lines[another]!.line,
      'page-several-matrices',
    );
    lines = lines.slice(0, another);
  }

  const table = findTable(lines, firstStatus);
  const outside = lines.filter((_, i) => !table.has(i));
  // Known driver titles: those the page lists as `Title: status` more than once, and the base's.
  const known = knownDriverTitles(outside);
  for (const d of opts.keysFrom?.drivers ?? []) if (d.title !== null) known.add(titleKey(d.title));
  const logical = paragraphs(lines, table, known, cleaned.urls);

  const statusAt: number[] = [];
  logical.forEach((p, i) => {
    if (isStatusLine(p.text)) statusAt.push(i);
  });

  // Document prose: the title and preamble before the matrix, the closing notes after it.
  const firstTitle = statusAt[0]! - 1;
  let title: string | null = null;
  const preamble: string[] = [];
  const matrixStartLine = Math.min(table.startLine, firstTitle >= 0 ? logical[firstTitle]!.line : Infinity);
  let top = 0;
  while (top < logical.length && logical[top]!.line < matrixStartLine) top++;
  // Sphinx marks its headings with a permalink `¶`: what comes before the first is the site around the page.
  let k = Math.max(0, logical.slice(0, top).findIndex((p) => /\u00b6$/.test(p.text)));
  if (k > 0) {
    const site = logical.slice(0, k).map((p) => p.text).join(' ');
    warn(`text before the page title is not read (the site around the page?): ${quote(site)}`, logical[0]!.line, 'page-before-title');
  }
  for (; k < top; k++) {
    const p = logical[k]!;
    if (title === null && preamble.length === 0 && !p.bullet) title = stripEndMark(p.text, '\u00b6').trim();
    else preamble.push(stripEndMark(p.text, '\u00b6'));
  }
  // Between the table and the first feature: only "Summary" / "Details".
  for (; k < firstTitle; k++) {
    const p = logical[k]!;
    if (!isSubtitle(p.text)) warn(`unrecognised text before the first feature: ${quote(p.text)}`, p.line);
  }
  // The closing notes' heading: a bare "Notes" after which no driver entry comes
  // (an empty cell note, `driver-notes.x=`, shows as a bare "Notes:" too).
  let end = logical.length;
  let entryAfter = false;
  for (let i = logical.length - 1; i > statusAt[statusAt.length - 1]!; i--) {
    const t = logical[i]!.text;
    if (isNotesHeading(t) && !entryAfter) end = i;
    if (entryTitle(t, logical[i + 1]?.text) !== null) entryAfter = true;
  }
  const postscript = closingNotes(logical.slice(end), warn);

  // Features: each from the paragraph before its Status line to the next one's title.
  const features: PageFeature[] = [];
  let renderer: Renderer | null = null;
  statusAt.forEach((s, n) => {
    const titleAt = s - 1;
    const next = n + 1 < statusAt.length ? statusAt[n + 1]! - 1 : end;
    const head = titleAt >= 0 && logical[titleAt]!.line > table.endLine ? logical[titleAt]! : null;
    const f: PageFeature = { title: head ? head.text : '', id: null, status: null, notes: null, cli: [], api: null, cells: [], line: (head ?? logical[s]!).line };
    if (!head) warn('a "Status:" line with no feature title before it', logical[s]!.line, 'page-no-title');
    const shown = readFeatureBody(logical.slice(s, next), f, known, warn);
    renderer ??= shown;
    features.push(f);
  });
  // Without a drivers label, notes on the Status line still say nova's old renderer.
  renderer ??= statusAt.some((s) => parseStatusLine(logical[s]!.text).rest !== '') ? 'nova' : 'sfc';

  return { renderer, title, preamble, postscript, features, columns: null, summaryRows: null, summarySymbols: table.symbols };
}

/**
 * The closing notes: their heading and its list (one item without bullets).
 * What follows is the site around the page (navigation, search, footer):
 * not read, and said so.
 */
function closingNotes(after: Logical[], warn: Warn): string[] {
  if (after.length === 0) return [];
  let n = 1;
  while (n < after.length && after[n]!.bullet) n++;
  if (n === 1 && after.length > 1) n = 2;
  const rest = after.slice(n);
  if (rest.length) {
    warn(`text after the closing notes is not read (the site around the page?): ${quote(rest.map((p) => p.text).join(' '))}`, rest[0]!.line, 'page-after-notes');
  }
  return after.slice(0, n).map((p) => p.text);
}

/** The input's lines, with what tools add taken off: overstrike, Markdown, lynx's link numbers. */
function cleanLines(text: string): { lines: PageLine[]; urls: string[] } {
  // Overstrike (bold `X\bX`, underline `_\bX`) and colour escapes, as terminal renderers print them.
  let clean = text.includes('\b') ? text.replace(/_\x08(.)/gsu, '$1').replace(/(.)\x08\1/gsu, '$1') : text;
  if (clean.includes('\x1b')) clean = clean.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]/g, '');
  const printed = splitLines(clean);
  let raw = printed;
  if (looksLikeMarkdown(text)) raw = splitLines(stripMarkdownInline(raw.join('\n')));
  // lynx's list of links is not the page: it gives back the URLs it cut, and goes.
  const refs = lynxReferencesAt(raw);
  const urls = refs === -1 ? [] : referenceUrls(raw, refs);
  if (refs !== -1) raw = raw.slice(0, refs);
  raw = raw.map(refs !== -1 ? stripLynxMarkers : stripUrlNumbers);
  return { lines: toPageLines(raw, printed), urls };
}

interface TableRegion {
  /** Whether line index `i` is in the summary table (or its headings). */
  has(i: number): boolean;
  /** Input line where the matrix begins ("Summary", the table or "Details"); Infinity when none of them is there. */
  startLine: number;
  /** Input line where the table (or "Details") ends; 0 when there is none. */
  endLine: number;
  /** The table's ✔ ✖ ? in reading order, or null without a table. */
  symbols: SummarySymbol[] | null;
}

/**
 * The summary table: from "Summary" (or its first line of symbols) to
 * "Details" (or its last line of symbols). Its layout is the tool's; only its
 * symbols are read.
 */
function findTable(lines: PageLine[], firstStatus: number): TableRegion {
  const before = lines.slice(0, firstStatus);
  const summaryIdx = before.findIndex((l) => /^summary$/i.test(l.text));
  const detailsIdx = before.findIndex((l) => /^details$/i.test(l.text));
  const symbolCount = (l: PageLine) => (l.text.match(SYMBOLS) ?? []).length;
  const start = summaryIdx !== -1 ? summaryIdx + 1 : before.findIndex((l) => symbolCount(l) >= 2);
  let end = -1;
  if (start !== -1) {
    if (detailsIdx >= start) end = detailsIdx;
    else {
      end = start;
      before.forEach((l, i) => {
        if (i >= start && symbolCount(l) > 0) end = i + 1;
      });
    }
  }
  const marks = [summaryIdx, start, detailsIdx].filter((i) => i !== -1).map((i) => lines[i]!.line);
  let symbols: SummarySymbol[] | null = [];
  for (let i = start; start !== -1 && i < end; i++) {
    for (const m of lines[i]!.text.matchAll(SYMBOLS)) symbols.push({ symbol: SYMBOL_PLAIN[m[0]] ?? m[0], line: lines[i]!.line });
  }
  if (symbols.length === 0) symbols = null;
  return {
    has: (i) => start !== -1 && i >= start && i < end,
    startLine: marks.length ? Math.min(...marks) : Infinity,
    endLine: end > 0 ? lines[end - 1]!.line : detailsIdx !== -1 ? lines[detailsIdx]!.line : 0,
    symbols,
  };
}

/** Paragraphs: the lines outside the table, joined where the tool wrapped them. */
function paragraphs(lines: PageLine[], table: TableRegion, known: Set<string>, urls: string[]): Logical[] {
  const outside = lines.filter((_, i) => !table.has(i));
  const width = wrapWidth(outside, isLabel);
  const indented = outside.some((l) => l.indent > 0);
  const logical: Logical[] = [];
  let prev: PageLine | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (table.has(i) || (l.text === '' && !l.bullet) || isRule(l.text)) {
      prev = null;
      continue;
    }
    const cut = prev !== null && cutUrl(prev.text, l.text, urls);
    if (prev && (cut || continues(prev, l, width, indented, known, lines[i + 1]))) {
      const last = logical[logical.length - 1]!;
      const sep = cut ? '' : wrapSeparator(prev, l, width);
      last.text = foldSpace(last.text + sep + l.text);
      last.parts.push({ line: l.line, text: l.text, sep });
    } else {
      logical.push({ line: l.line, text: foldSpace(l.text), bullet: l.bullet, indent: l.indent, parts: [{ line: l.line, text: l.text, sep: '' }] });
    }
    prev = l;
  }
  // A feature title glued to the labelled paragraph before it (a wrapped page without
  // bullets, blank lines or indentation): a title carries no label, so its last line is the title.
  for (let i = 0; i + 1 < logical.length; i++) {
    const p = logical[i]!;
    if (!isStatusLine(logical[i + 1]!.text) || p.parts.length < 2 || !isLabel(p.text)) continue;
    const last = p.parts.pop()!;
    p.text = foldSpace(p.parts.map((x) => x.sep + x.text).join(''));
    logical.splice(i + 1, 0, { line: last.line, text: foldSpace(last.text), bullet: false, indent: 0, parts: [{ ...last, sep: '' }] });
  }
  // A feature title wrapped with its second line outdented (lynx, at narrow widths, puts it at
  // the margin of the text below): the line before, adjacent and cut for width, is its start.
  const out: Logical[] = [];
  logical.forEach((title, i) => {
    const start = out[out.length - 1];
    if (start && isStatusLine(logical[i + 1]?.text ?? '') && title.parts.length === 1 && !isEntry(start.text) && !isLabel(start.text)) {
      const a = lines[start.parts[start.parts.length - 1]!.line - 1]!;
      const b = lines[title.line - 1]!;
      if (b.line === a.line + 1 && b.indent < a.indent && !b.bullet && brokeForWidth(a, b, width)) {
        const sep = wrapSeparator(a, b, width);
        start.text = foldSpace(start.text + sep + title.text);
        start.parts.push({ ...title.parts[0]!, sep });
        return;
      }
    }
    out.push(title);
  });
  return out;
}

/** Whether `next` goes on the paragraph `prev` began (the tool wrapped it). */
function continues(prev: PageLine, next: PageLine, width: number, indented: boolean, known: Set<string>, after?: PageLine): boolean {
  if (next.bullet || isLabel(next.text) || isSubtitle(next.text) || isNotesHeading(next.text) || isEntry(prev.text)) return false;
  // A driver entry the page shows elsewhere starts anew, unless a bulleted item's text wrapped into it.
  if (!(prev.bullet && !isEntry(prev.text)) && entryTitle(next.text, after?.text) !== null) {
    if (known.has(titleKey(entryTitle(next.text, after?.text)!))) return false;
  }
  if (brokeForWidth(prev, next, width)) return !indented || next.indent >= Math.min(prev.indent, prev.textColumn);
  // A bullet item's hanging continuation.
  return indented && prev.bullet && next.indent === prev.textColumn;
}

/** The title of a driver entry: `Title: status`, or `Title:` with the status on the next line. */
function entryTitle(text: string, next?: string): string | null {
  const entry = splitEntry(text);
  if (entry && CELL_STATUSES.has(entry.word)) return entry.title;
  const bare = splitBareEntry(text);
  if (bare !== null && next !== undefined && CELL_STATUSES.has(next.trim())) return bare;
  return null;
}

/** Titles that the page shows as a driver entry at least twice. */
function knownDriverTitles(lines: PageLine[]): Set<string> {
  const known = new Set<string>();
  const counts = new Map<string, number>();
  lines.forEach((l, i) => {
    const t = entryTitle(l.text, lines[i + 1]?.text);
    if (t === null) return;
    const k = titleKey(t);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n >= 2) known.add(k);
  });
  return known;
}

type Warn = (message: string, line: number | undefined, ruleId?: string) => void;

/** What `wordBreakSeparator` looks at of the text before a join: its last two characters. */
const lastTwo = (s: string): string => s.slice(-2);

/** How many brackets (`<`, `[`, `{`, `(`) a piece of a command opens, less those it closes. */
function bracketDepth(text: string): number {
  let depth = 0;
  for (const c of text) {
    if (c === '<' || c === '[' || c === '{' || c === '(') depth++;
    else if (c === '>' || c === ']' || c === '}' || c === ')') depth--;
  }
  return depth;
}

/** The paragraphs of one feature, from its `Status:` line on. Returns the renderer they show. */
function readFeatureBody(paras: Logical[], f: PageFeature, known: Set<string>, warn: Warn): Renderer | null {
  let renderer: Renderer | null = null;
  let state: 'status' | 'api' | 'cli' | 'notes' | 'cells' | 'cellnotes' = 'status';
  let cell: PageCell | null = null;
  let cliBulleted = false;
  // The command being read: its bracket depth and its last two characters, kept as it grows.
  let command = { depth: 0, end: '' };
  let pending: Logical | null = null;
  // Text appended paragraph by paragraph: the join looks at the last two characters, kept aside
  // (reading the end of a growing string would copy it every time: quadratic on hostile input).
  let joined: { whole: string; end: string } | null = null;
  const append = (a: string | null, b: string): string => {
    if (a === null || a === '') return b;
    const end = joined !== null && joined.whole === a ? joined.end : lastTwo(a);
    const sep = wordBreakSeparator(end, b);
    const whole = a + sep + b;
    joined = { whole, end: lastTwo(end + sep + b) };
    return whole;
  };

  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    // The first paragraph is the Status line; a later "Status:" is words of the text before it.
    const found = i === 0 ? { label: 'status' as const, rest: '' } : matchLabel(p.text);
    const label = found?.label === 'status' && i !== 0 ? null : found;
    if (label) {
      switch (label.label) {
        case 'status': {
          const s = parseStatusLine(p.text);
          f.status = s.status;
          if (s.rest !== '') f.notes = s.rest;
          state = 'status';
          continue;
        }
        case 'api':
          f.api = label.rest;
          state = 'api';
          continue;
        case 'cli':
          state = 'cli';
          if (label.rest !== '') {
            f.cli.push(label.rest);
            command = { depth: bracketDepth(label.rest), end: lastTwo(label.rest) };
          }
          continue;
        case 'notes':
          if ((state === 'cells' || state === 'cellnotes') && cell) {
            cell.notes = append(cell.notes, label.rest);
            state = 'cellnotes';
          } else {
            f.notes = append(f.notes, label.rest);
            state = 'notes';
          }
          continue;
        case 'drivers-new':
        case 'drivers-old':
          renderer = label.label === 'drivers-old' ? 'nova' : 'sfc';
          state = 'cells';
          cell = null;
          continue;
      }
    }
    if (p.text === '' && state !== 'cli') continue; // an empty list item says nothing
    switch (state) {
      case 'status':
      case 'notes':
        f.notes = append(f.notes, p.text);
        continue;
      case 'api':
        f.api = append(f.api, p.text);
        continue;
      case 'cli':
        // An unbulleted line inside a bulleted list continues the command before it.
        if (p.bullet) cliBulleted = true;
        // So does a line that no command starts with (`<server>`, `[--tag <tag>]`, `--all`,
        // `ENDS_WITH`: programs are lower case), and a command left with a bracket open.
        if (f.cli.length && !p.bullet) {
          const sep = wordBreakSeparator(command.end, p.text);
          if (cliBulleted || /^[<[{(|\-A-Z0-9]/.test(p.text) || command.depth > 0 || sep === '') {
            f.cli[f.cli.length - 1] += sep + p.text;
            command = { depth: command.depth + bracketDepth(p.text), end: lastTwo(command.end + sep + p.text) };
            continue;
          }
        }
        f.cli.push(p.text);
        command = { depth: bracketDepth(p.text), end: lastTwo(p.text) };
        continue;
      case 'cells':
      case 'cellnotes': {
        const entry = splitEntry(p.text);
        // `Title: word`: a driver entry (a status the renderers do not define is warned about later),
        // unless it may be the end of a wrapped cell note.
        if (entry && (CELL_STATUSES.has(entry.word) || known.has(titleKey(entry.title)) || p.bullet || state === 'cells')) {
          const title = pending === null ? entry.title.trim() : pending.text + ' ' + entry.title.trim();
          cell = { title, id: null, status: entry.word, notes: null, line: pending?.line ?? p.line };
          pending = null;
          f.cells.push(cell);
          state = 'cells';
          continue;
        }
        if (pending !== null) {
          warn(`unrecognised text among the drivers of ${quote(f.title)}: ${quote(pending.text)}`, pending.line);
          pending = null;
        }
        const bare = splitBareEntry(p.text);
        if (bare !== null && (p.bullet || known.has(titleKey(bare)))) {
          const nextText = paras[i + 1]?.text ?? '';
          if (/^[a-z]+$/.test(nextText) && !paras[i + 1]!.bullet) {
            cell = { title: bare.trim(), id: null, status: nextText, notes: null, line: p.line };
            f.cells.push(cell);
            state = 'cells';
            i++;
          } else {
            warn(`driver title ${quote(bare)} with no status after the drivers of ${quote(f.title)}`, p.line, 'page-stray-driver');
          }
          continue;
        }
        if (renderer !== 'nova' && state === 'cells' && splitEntry(paras[i + 1]?.text ?? '') !== null) {
          // sphinx-feature-classification labels cell notes: this is the start of a driver title a tool wrapped.
          pending = p;
          continue;
        }
        if (cell && (state === 'cellnotes' || renderer === 'nova')) {
          // nova's old renderer put a cell's notes, unlabelled, after its status.
          cell.notes = append(cell.notes, p.text);
          state = 'cellnotes';
          continue;
        }
        warn(`unrecognised text among the drivers of ${quote(f.title)}: ${quote(p.text)}`, p.line);
        continue;
      }
    }
  }
  if (pending !== null) warn(`unrecognised text among the drivers of ${quote(f.title)}: ${quote(pending.text)}`, pending.line);
  return renderer;
}
