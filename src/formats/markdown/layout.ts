/**
 * What the Markdown writer (`write.ts`) and reader
 * (`read.ts`) agree on: section names, field labels, status
 * symbols, and the invisible data (HTML comments `<!--fmx {...}-->`).
 *
 * Invisible data carries keys and anything the visible text cannot: a value
 * whose visible form would not read back exactly (absent, empty, odd white
 * space, a status spelled like a symbol) is stored as a "raw slot"
 * `{ v: value, h: fingerprint of its visible form }`. The reader takes `v`
 * while the visible text still has that fingerprint, and the visible text
 * once someone has edited it.
 */

export const DEFAULT_TITLE = 'Feature support matrix';
/** Shown for a driver or feature whose title and key are both empty. */
export const UNTITLED = '(untitled)';

export const SECTIONS = { summary: 'Summary', drivers: 'Drivers', details: 'Details', notes: 'Notes' } as const;
export type SectionName = keyof typeof SECTIONS;

/** Field list labels in a feature's Details, in order. */
export const FIELD_LABELS = {
  status: 'Status',
  maturity: 'Maturity',
  cli: 'CLI commands',
  api: 'API',
  apiDocLink: 'API reference',
  adminDocLink: 'Admin guide',
  tempestTestUuids: 'Tempest tests',
} as const;
export type FieldName = keyof typeof FIELD_LABELS;

export const DRIVER_SUPPORT_LABEL = 'Driver support:';
export const RELEASE_PREFIX = 'release ';

/** Symbols of the four cell statuses: partial differs from complete at a glance. */
export const STATUS_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['complete', '✔'],
  ['partial', '◐'],
  ['missing', '✘'],
  ['unknown', '?'],
]);

export const LEGEND =
  'Legend: ✔ complete · ◐ partial (works with caveats, see Details) · ✘ missing · ? unknown · blank: not stated';

/** A cell status as the Summary shows it: its symbol, or its text. */
export function summaryStatus(status: string): string {
  return STATUS_SYMBOLS.get(status) ?? status;
}

/** A cell status as Details shows it: symbol and word, or its text. */
export function detailStatus(status: string): string {
  const s = STATUS_SYMBOLS.get(status);
  return s ? `${s} ${status}` : status;
}

/** Shown cell statuses that stand for a status: its symbol, and `symbol word`. */
const SHOWN_STATUS: ReadonlyMap<string, string> = new Map(
  [...STATUS_SYMBOLS].flatMap(([status, symbol]) => [
    [symbol, status],
    [`${symbol} ${status}`, status],
  ]),
);

/** Read a shown cell status back: a symbol, `symbol word`, or a word. */
export function readStatus(shown: string): string {
  const t = shown.trim();
  return SHOWN_STATUS.get(t) ?? t;
}

/** Raw slot: an exact value and the fingerprint of what was shown for it. */
export interface RawSlot {
  v: string | null;
  h: string;
}

/** Fingerprint of visible text, blind to white space (Markdown does not keep it). */
export function fingerprint(visible: string): string {
  // Control characters count as white space: Markdown shows some as U+FFFD (NUL, character references to them).
  const folded = visible.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\s]+/g, ' ').trim();
  // node:crypto only when a fingerprint is made (most documents need none): it costs some milliseconds of a start.
  return process.getBuiltinModule('node:crypto').createHash('sha1').update(folded).digest('hex').slice(0, 8);
}

/**
 * Whether text shown in Markdown reads back exactly: no leading or trailing
 * white space on any line, no tab or CR, no blank line runs (multi-line), or
 * one line without double spaces (inline).
 */
export function survives(text: string, multiline: boolean): boolean {
  if (text === '' || /[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\ufffd]/.test(text)) return false;
  if (!multiline) return !/\n/.test(text) && text === text.trim() && !/ {2}/.test(text);
  if (/\n{3,}/.test(text) || text.startsWith('\n') || text.endsWith('\n')) return false;
  return text.split('\n').every((l) => l === '' || (l === l.trim() && !/ {2}/.test(l)));
}

/** The raw slot a value needs, if its visible form does not read back as itself. */
export function rawSlot(value: string | null, visible: string, readBack: string | null, multiline: boolean): RawSlot | undefined {
  if (readBack === value && (value === null || survives(visible, multiline))) return undefined;
  return { v: value, h: fingerprint(visible) };
}

/** The value of a slot: the raw one while the visible text is unchanged, else what the text says. */
export function resolveSlot<T extends string | null>(slot: RawSlot | undefined, visible: string, read: T): string | null {
  if (slot && fingerprint(visible) === slot.h) return slot.v;
  return read;
}

const COMMENT_START = '<!--fmx ';
const COMMENT_END = '-->';

/**
 * An HTML comment carrying JSON. Escaped so that it cannot end early (`--`),
 * split a table row (`|`) or look like markup (`<`, `>`, backticks).
 */
export function hiddenComment(data: object): string {
  const json = JSON.stringify(data).replace(/[|<>`&]|-(?=-)/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return COMMENT_START + json + COMMENT_END;
}

/** The JSON of an fmx comment, or null for any other HTML. */
export function readHiddenComment(html: string): Record<string, unknown> | null {
  const t = html.trim();
  if (!t.startsWith(COMMENT_START) || !t.endsWith(COMMENT_END)) return null;
  try {
    const data: unknown = JSON.parse(t.slice(COMMENT_START.length, -COMMENT_END.length));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
