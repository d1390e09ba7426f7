/**
 * The Markdown layout as an mdast tree (no library is loaded here): title
 * and document text; Summary table (Feature, Status, one column per driver)
 * with a legend; Drivers; Details per feature (fields, notes, per driver its
 * status and notes); Notes (closing document text). Every piece of user
 * text is a text, inline code or link node, so the printer escapes whatever
 * Markdown or HTML would interpret. Keys and values the visible text cannot
 * carry travel in HTML comments (see `./layout.ts`).
 *
 * Two printers take this tree: `./print.ts` (direct, for the shapes built
 * here) and `./stringify.ts` (remark-stringify: the reference, and the
 * fallback for anything the direct printer cannot prove it prints the same).
 */

import type { Heading, Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { joinStatus, plainProvenance, splitStatus, type Driver, type Feature, type Implementation, type Matrix } from '../../model/matrix.js';
import {
  DEFAULT_TITLE,
  DRIVER_SUPPORT_LABEL,
  FIELD_LABELS,
  LEGEND,
  RELEASE_PREFIX,
  SECTIONS,
  UNTITLED,
  detailStatus,
  fingerprint,
  hiddenComment,
  rawSlot,
  readStatus,
  summaryStatus,
  survives,
  type FieldName,
  type RawSlot,
  type SectionName,
} from './layout.js';
import { joinLines } from '../../strings.js';

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const html = (value: string): Html => ({ type: 'html', value });
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
const paragraph = (children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
const heading = (depth: 1 | 2 | 3, children: PhrasingContent[]): Heading => ({ type: 'heading', depth, children });
const list = (items: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children: items });
const item = (children: (Paragraph | RootContent)[]): ListItem => ({ type: 'listItem', spread: false, children: children as ListItem['children'] });

/** Text on one line (tables, headings, labels): line breaks become spaces. */
const oneLine = joinLines;

/** A title as a label (table header, heading, bold): one line, trimmed, never empty. */
const label = (title: string | null, key: string): string => oneLine(title ?? key).trim() || UNTITLED;

/** Only web links are made clickable; anything else (javascript:, data:) stays text. */
const isWebLink = (s: string): boolean => /^https?:\/\/[^\s<>]+$/i.test(s);

function linkOrText(s: string): PhrasingContent {
  return isWebLink(s) ? { type: 'link', url: s, children: [text(s)] } : text(s);
}

/**
 * A paragraph's text as one text node per line. mdast-util-to-markdown
 * escapes what would start a block at a line's start, but in one text node
 * it misses the second of two such lines in a row (`-` then `-`: a setext
 * heading); a node per line gets each escaped.
 */
function lineTexts(p: string): PhrasingContent[] {
  const lines = p.split('\n');
  const out: { type: 'text'; value: string }[] = [];
  lines.forEach((l, i) => {
    const value = i < lines.length - 1 ? l + '\n' : l;
    // A line that starts with a letter starts no block: it joins the node before (fewer nodes to print).
    if (out.length && PLAIN_LINE_START.test(l)) out[out.length - 1]!.value += value;
    else out.push({ type: 'text', value });
  });
  return out;
}

const PLAIN_LINE_START = /^[\p{L}]/u;

/** The text of a paragraph made by `paragraphs`. */
const paragraphText = (p: Paragraph): string => p.children.map((c) => (c as { value: string }).value).join('');

/** Paragraphs of multi-line text: blank lines separate them, single line breaks stay soft breaks. */
function paragraphs(s: string): Paragraph[] {
  return s
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => paragraph(lineTexts(p)));
}

/** Add a raw slot to a map when the value needs one. */
function slot(raw: Record<string, RawSlot>, name: string, s: RawSlot | undefined): void {
  if (s) raw[name] = s;
}

function withRaw(data: Record<string, unknown>, raw: Record<string, RawSlot>): Record<string, unknown> {
  return Object.keys(raw).length ? { ...data, raw } : data;
}

/** The document's tree. */
export function buildTree(m: Matrix): Root {
  const children: RootContent[] = [];
  eachBlock(m, (b) => children.push(b));
  return { type: 'root', children };
}

/**
 * The document's top-level blocks, one at a time, in order: a writer that
 * prints each as it comes never holds the whole tree (nor makes the garbage
 * collector copy it).
 */
export function eachBlock(m: Matrix, emit: (block: RootContent) => void): void {
  const topRaw: Record<string, RawSlot> = {};
  const shownTitle = oneLine(m.document?.title ?? DEFAULT_TITLE);
  slot(topRaw, 'title', rawSlot(m.document?.title ?? null, shownTitle, m.document || shownTitle !== DEFAULT_TITLE ? shownTitle : null, false));
  const top: Record<string, unknown> = { format: m.format, version: m.version, dialect: m.dialect, document: m.document !== undefined };
  const provenance = plainProvenance(m.provenance);
  if (provenance) top.provenance = provenance;
  if (m.extras?.length) top.extras = m.extras.map((e) => ({ section: e.section, name: e.name, value: e.value }));
  emit(html(hiddenComment(withRaw(top, topRaw))));
  emit(heading(1, [text(shownTitle)]));
  for (const p of m.document?.preamble ?? []) for (const b of documentItem('preamble', p)) emit(b);

  // Anchors of the Details headings, as GitHub-style renderers make them, in document order.
  const anchors = new Slugger();
  for (const t of [shownTitle, SECTIONS.summary, SECTIONS.drivers, SECTIONS.details]) anchors.slug(t);
  const featureAnchors = m.features.map((f) => anchors.slug(label(f.title, f.key)));

  emit(sectionHeading('summary'));
  emit(summaryTable(m, featureAnchors, statusCache(summaryStatus)));
  emit(paragraph([text(LEGEND)]));

  emit(sectionHeading('drivers'));
  if (m.drivers.length) emit(list(m.drivers.map(driverItem)));

  emit(sectionHeading('details'));
  // A cell names its driver by title; the key goes along only where the title is not unique.
  const shown = m.drivers.map((d) => label(d.title, d.key));
  const titles = new Map(m.drivers.map((d, n) => [d.key, { title: d.title, unique: shown.indexOf(shown[n]!) === shown.lastIndexOf(shown[n]!) }]));
  const detailCells = statusCache(detailStatus);
  for (const f of m.features) for (const b of featureDetails(f, titles, detailCells)) emit(b);

  if (m.document?.postscript.length) {
    emit(sectionHeading('notes'));
    for (const p of m.document.postscript) for (const b of documentItem('postscript', p)) emit(b);
  }
}

function sectionHeading(name: SectionName): Heading {
  return heading(2, [text(SECTIONS[name]), html(hiddenComment({ section: name }))]);
}

/** A paragraph of document text, after a marker that says which list it belongs to. */
function documentItem(kind: 'preamble' | 'postscript', value: string): RootContent[] {
  const blocks = paragraphs(value);
  const shown = blocks.map((b) => paragraphText(b)).join('\n\n');
  const data: Record<string, unknown> = { item: kind };
  const raw = rawSlot(value, shown, shown, true);
  if (raw) data.raw = raw;
  return [html(hiddenComment(data)), ...blocks];
}

function cell(children: PhrasingContent[]): TableCell {
  return { type: 'tableCell', children };
}

/** Heading ids as GitHub makes them: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
class Slugger {
  private readonly seen = new Map<string, number>();
  slug(heading: string): string {
    const base = slugBase(heading);
    const n = this.seen.get(base);
    this.seen.set(base, (n ?? 0) + 1);
    return n === undefined ? base : `${base}-${n}`;
  }
}

/** What GitHub drops from a lower-cased heading to make its id: all but letters, marks, numbers, connector punctuation, spaces and `-`. */
const NOT_IN_ID = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu;
/** The same within ASCII, without compiling the Unicode property classes (some milliseconds of a run). */
const NOT_IN_ASCII_ID = /[^a-z0-9_ -]/g;
const ASCII = /^[\x00-\x7f]*$/;

/** A heading's id as GitHub makes it, before repeats are numbered. */
export function slugBase(heading: string): string {
  const lower = heading.toLowerCase();
  return lower.replace(ASCII.test(lower) ? NOT_IN_ASCII_ID : NOT_IN_ID, '').replace(/ /g, '-');
}

function summaryTable(m: Matrix, anchors: string[], summaryCells: (status: string) => ShownStatus): Table {
  const header: TableRow = {
    type: 'tableRow',
    children: [
      cell([text('Feature')]),
      cell([text('Status')]),
      ...m.drivers.map((d) => cell([text(label(d.title, d.key)), html(hiddenComment({ driver: d.key }))])),
    ],
  };
  const rows: TableRow[] = m.features.map((f, n) => {
    const shownTitle = label(f.title, f.key);
    const status = joinStatus(f.status, f.group);
    const shownStatus = oneLine(status ?? '');
    const back = shownStatus === '' ? { status: null, group: null } : splitStatus(shownStatus);
    const exact = back.status === f.status && back.group === f.group && (shownStatus === '' || survives(shownStatus, false));
    const statusRaw = exact ? undefined : { v: f.status, g: f.group, h: fingerprint(shownStatus) };
    const cells: TableCell[] = [
      cell([{ type: 'link', url: `#${anchors[n]}`, children: [text(shownTitle)] }, html(hiddenComment({ feature: f.key }))]),
      cell(statusRaw ? [text(shownStatus), html(hiddenComment({ raw: statusRaw }))] : [text(shownStatus)]),
    ];
    // The first cell of each driver (as a search from the start would find it).
    const byDriver = new Map<string, Implementation>();
    for (const i of f.implementations) if (!byDriver.has(i.driver)) byDriver.set(i.driver, i);
    for (const d of m.drivers) {
      const impl = byDriver.get(d.key);
      if (!impl) {
        cells.push(cell([]));
        continue;
      }
      const { shown, raw } = summaryCells(impl.status);
      cells.push(cell(raw ? [text(shown), html(hiddenComment({ raw }))] : [text(shown)]));
    }
    return { type: 'tableRow', children: cells };
  });
  return { type: 'table', align: [null, null, ...m.drivers.map(() => 'center' as const)], children: [header, ...rows] };
}

/** A cell status as shown, and its raw slot where it needs one: the same for every cell of that status. */
interface ShownStatus {
  shown: string;
  raw: RawSlot | undefined;
}

/** The shown form of each status a matrix uses, made once per document (a matrix has a handful of statuses and thousands of cells). */
function statusCache(show: (status: string) => string): (status: string) => ShownStatus {
  const made = new Map<string, ShownStatus>();
  return (status) => {
    let s = made.get(status);
    if (!s) {
      const shown = oneLine(show(status));
      s = { shown, raw: rawSlot(status, shown, readStatus(shown), false) };
      made.set(status, s);
    }
    return s;
  };
}

function driverItem(d: Driver): ListItem {
  const raw: Record<string, RawSlot> = {};
  const shownTitle = label(d.title, d.key);
  slot(raw, 'title', rawSlot(d.title, shownTitle, shownTitle, false));
  const data: Record<string, unknown> = { driver: d.key };
  if (d.extras?.length) data.extras = d.extras.map((e) => ({ name: e.name, value: e.value }));
  const content: PhrasingContent[] = [strong(shownTitle)];
  let shownLink = '';
  if (d.link !== null) {
    shownLink = oneLine(d.link);
    if (shownLink !== '') content.push(text(' — '), linkOrText(shownLink));
  }
  slot(raw, 'link', rawSlot(d.link, shownLink, shownLink === '' ? null : shownLink, false));
  content.splice(1, 0, html(hiddenComment(withRaw(data, raw))));
  return item([paragraph(content)]);
}

type DriverTitles = Map<string, { title: string | null; unique: boolean }>;

function featureDetails(f: Feature, driverTitles: DriverTitles, detailCells: (status: string) => ShownStatus): RootContent[] {
  const raw: Record<string, RawSlot> = {};
  const shownTitle = label(f.title, f.key);
  slot(raw, 'title', rawSlot(f.title, shownTitle, shownTitle, false));

  const fields: ListItem[] = [];
  const field = (name: FieldName, value: string | null, content: PhrasingContent[], shown: string, readBack: string | null) => {
    slot(raw, name, rawSlot(value, shown, readBack, false));
    if (content.length || value !== null) fields.push(item([paragraph([strong(`${FIELD_LABELS[name]}:`), text(' '), ...content])]));
  };
  const plainField = (name: FieldName, value: string | null, link = false) => {
    const shown = value === null ? '' : oneLine(value);
    const content = value === null || shown === '' ? [] : [link ? linkOrText(shown) : text(shown)];
    field(name, value, content, shown, value === null ? null : shown);
  };
  const listField = (name: FieldName, values: string[]) => {
    const joined = values.length ? values.join(';') : null;
    const shownItems = values.map(oneLine);
    const content: PhrasingContent[] = [];
    shownItems.forEach((v, n) => {
      if (n) content.push(text(', '));
      content.push(v === '' ? text('') : { type: 'inlineCode', value: v });
    });
    const ok = values.every((v, n) => v !== '' && v === shownItems[n] && v === v.trim() && !v.includes(';'));
    const shown = shownItems.join(', ');
    field(name, joined, content, shown, ok ? joined : null);
  };
  const status = joinStatus(f.status, f.group);
  plainField('status', status);
  plainField('maturity', f.maturity);
  listField('cli', f.cli);
  plainField('api', f.api);
  plainField('apiDocLink', f.apiDocLink, true);
  plainField('adminDocLink', f.adminDocLink, true);
  listField('tempestTestUuids', f.tempestTestUuids);

  const notes = f.notes === null ? [] : paragraphs(f.notes);
  const shownNotes = notes.map((p) => paragraphText(p)).join('\n\n');
  slot(raw, 'notes', rawSlot(f.notes, shownNotes, shownNotes === '' ? null : shownNotes, true));

  const data: Record<string, unknown> = { feature: f.key };
  if (f.extras?.length) data.extras = f.extras.map((e) => ({ name: e.name, value: e.value }));
  const out: RootContent[] = [heading(3, [text(shownTitle), html(hiddenComment(withRaw(data, raw)))])];
  if (fields.length) out.push(list(fields));
  out.push(...notes);
  if (f.implementations.length) {
    out.push(paragraph([strong(DRIVER_SUPPORT_LABEL)]));
    out.push(list(f.implementations.map((i) => cellItem(i, driverTitles.get(i.driver), detailCells))));
  }
  return out;
}

function cellItem(i: Implementation, driver: { title: string | null; unique: boolean } | undefined, detailCells: (status: string) => ShownStatus): ListItem {
  const driverTitle = driver?.title ?? null;
  const raw: Record<string, RawSlot> = {};
  const { shown, raw: statusRaw } = detailCells(i.status);
  slot(raw, 'status', statusRaw);
  const content: PhrasingContent[] = [strong(label(driverTitle, i.driver)), text(': ' + shown)];
  let shownRelease = '';
  if (i.release !== null) {
    shownRelease = oneLine(i.release);
    content.push(text(' · '), { type: 'emphasis', children: [text(RELEASE_PREFIX + shownRelease)] });
  }
  slot(raw, 'release', rawSlot(i.release, shownRelease, shownRelease === '' ? null : shownRelease, false));
  const notes = i.notes === null ? [] : paragraphs(i.notes);
  const shownNotes = notes.map((p) => paragraphText(p)).join('\n\n');
  slot(raw, 'notes', rawSlot(i.notes, shownNotes, shownNotes === '' ? null : shownNotes, true));
  if (!driver?.unique || Object.keys(raw).length) content.splice(1, 0, html(hiddenComment(withRaw({ driver: i.driver }, raw))));
  return item([paragraph(content), ...notes]);
}
