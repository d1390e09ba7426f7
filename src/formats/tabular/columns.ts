/**
 * The CSV layouts' columns, their meta records and the spreadsheet formula
 * guard: what the CSV writer (`../csv/write.ts`) and reader
 * (`../csv/read.ts`) agree on. The XLSX "Details" sheet uses the long layout
 * too.
 *
 * Long layout: one row per feature and driver (a cell). Besides cells:
 * - a feature without cells is one row with the driver and cell columns empty;
 * - drivers are declared by rows with the feature columns empty, at the top,
 *   when the cells alone would not give every driver in its order;
 * - meta rows, at the end, have `feature_key` and `driver_key` empty and a
 *   tag such as `fmx:dialect` in `feature_title`; `feature_status` holds
 *   the subject (a section, feature or driver key), `feature_group` an option
 *   name and `feature_notes` the value.
 *
 * An absent value (`null`) is an empty field; an empty string is a quoted
 * empty field (`""`), so that both come back as they were.
 */

import { PROVENANCE_FLAGS, type Provenance, type ProvenanceFlag } from '../../model/matrix.js';

export const LONG_COLUMNS = [
  'feature_key',
  'feature_title',
  'feature_status',
  'feature_group',
  'feature_notes',
  'feature_cli',
  'feature_api',
  'feature_maturity',
  'feature_api_doc_link',
  'feature_admin_doc_link',
  'feature_tempest_test_uuids',
  'driver_key',
  'driver_title',
  'driver_link',
  'status',
  'notes',
  'release',
] as const;
export type LongColumn = (typeof LONG_COLUMNS)[number];

/** Feature columns of the long layout (empty in driver and meta rows). */
export const FEATURE_COLUMNS: readonly LongColumn[] = LONG_COLUMNS.slice(0, 11);

/** Wide layout: these, then one column per driver. */
export const WIDE_COLUMNS = ['key', 'title', 'status', 'group'] as const;

/** Tags of the long layout's meta rows (in `feature_title`). */
export const META = {
  dialect: 'fmx:dialect',
  /** Written with --no-formula-guard: no leading `'` is to be taken off. */
  unguarded: 'fmx:no-formula-guard',
  /** The document around the matrix; `feature_notes` is its title. */
  document: 'fmx:document',
  preamble: 'fmx:preamble',
  postscript: 'fmx:postscript',
  /** A top-level extra: subject = section. */
  extra: 'fmx:extra',
  featureExtra: 'fmx:feature-extra',
  driverExtra: 'fmx:driver-extra',
  /** The model's provenance: `feature_notes` lists its flags (`provenanceText`). */
  provenance: 'fmx:provenance',
} as const;

/**
 * Provenance in a table: the set flags' names separated by spaces
 * (`inferredKeys foldedText`). The long layout holds it in a meta row; the
 * wide one in a row whose `key` is `fmx:provenance` and whose `title` is
 * this text, a row a spreadsheet user may sort or move with the others.
 */
export function provenanceText(p: Provenance | undefined): string | null {
  const flags = PROVENANCE_FLAGS.filter((f) => p?.[f] === true);
  return flags.length ? flags.join(' ') : null;
}

/** The flags of a provenance text; an unknown word is given to `unknown` (to be reported) and skipped. */
export function parseProvenanceText(text: string | null, unknown: (word: string) => void): Provenance {
  const p: Provenance = {};
  for (const word of (text ?? '').split(/[\s,;]+/)) {
    if (word === '') continue;
    if ((PROVENANCE_FLAGS as readonly string[]).includes(word)) p[word as ProvenanceFlag] = true;
    else unknown(word);
  }
  return p;
}

/** A wide header cell: the driver's title with its key in brackets. */
export function wideDriverHeader(key: string, title: string | null): string {
  return title === null ? `[${key}]` : `${title} [${key}]`;
}

/** Split a wide header cell into title and key; a header without `[key]` is a title only. */
export function parseWideDriverHeader(header: string): { title: string | null; key: string | null } {
  if (!header.endsWith(']')) return { title: header, key: null };
  if (header.startsWith('[') && header.indexOf('[', 1) === -1) return { title: null, key: header.slice(1, -1) };
  const open = header.lastIndexOf(' [');
  if (open === -1) return { title: header, key: null };
  return { title: header.slice(0, open), key: header.slice(open + 2, -1) };
}

/** First characters that make a spreadsheet read a cell as a formula (csv-stringify's list). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

export function startsLikeFormula(value: string): boolean {
  return value.length > 0 && FORMULA_START.has(value[0]!);
}

/**
 * Before csv-stringify's `escape_formulas` (which prefixes `'` to a cell
 * that starts like a formula), a value that already starts with `'` gets one
 * more, so that the reader can take exactly one `'` off both.
 */
export function preGuard(value: string): string {
  return value.startsWith("'") ? "'" + value : value;
}

/** Undo the guard: one leading `'` before a formula character or another `'` goes. */
export function unguard(value: string): string {
  if (value.length >= 2 && value[0] === "'" && (value[1] === "'" || startsLikeFormula(value.slice(1)))) return value.slice(1);
  return value;
}
