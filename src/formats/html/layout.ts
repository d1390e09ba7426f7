/**
 * What fmx's HTML page and its reader agree on: where the page carries the
 * model, how keys become element ids, and the status categories the grid
 * shows. The page (`write.ts`, `grid.ts`) is for people; the model it carries
 * is for `fmx convert page.html`, which reads it back exactly (`read.ts`).
 */

import type { Matrix } from '../../model/matrix.js';
import { toPlain } from '../../model/matrix.js';

/** The id of the `<script type="application/json">` that carries the model. Fixed ids hold a `:`, which no key's id does. */
export const MODEL_ELEMENT_ID = 'fmx:model';
export const MODEL_ELEMENT_TYPE = 'application/json';

/**
 * The model's JSON (the `fmx/matrix` form, compact), safe inside a
 * `<script>` element: every `<` is written `\u003c`, so that no value can
 * close the element (`</script>`) or open a comment (`<!--`). JSON.parse
 * gives the same model back.
 */
export function embedModel(m: Matrix): string {
  return JSON.stringify(toPlain(m)).replace(/</g, '\\u003c');
}

/**
 * A key as a part of an element id (and so of a URL fragment): letters,
 * digits, `.` and `-` stay; `_` is written `__`; any other character (and a
 * `-` that would start or end the part or follow another `-`) is written
 * `_<hex code point>_`. Distinct keys give distinct parts, and no part holds
 * `--`, starts or ends with `-`, or holds a `:`: so `feature--driver` is a
 * cell, and splits in one way only.
 */
export function idPart(key: string): string {
  let out = '';
  const chars = Array.from(key);
  chars.forEach((c, i) => {
    if (/^[A-Za-z0-9.]$/.test(c)) out += c;
    else if (c === '_') out += '__';
    else if (c === '-' && i > 0 && i < chars.length - 1 && !out.endsWith('-')) out += c;
    else out += `_${c.codePointAt(0)!.toString(16)}_`;
  });
  // An empty key still needs an id of its own.
  return out === '' ? '_' : out;
}

/** The id of a feature's details (and the target of its row header's link). */
export function featureId(feature: string): string {
  return idPart(feature);
}

/** The id of a cell: its permalink is `#feature--driver`. */
export function cellId(feature: string, driver: string): string {
  return `${idPart(feature)}--${idPart(driver)}`;
}

/** The id of a driver's entry in the list of drivers. */
export function driverId(driver: string): string {
  return `driver:${idPart(driver)}`;
}

/** What the grid shows of a cell status: the four statuses upstream knows, any other value, or no entry. */
export type StatusCategory = 'complete' | 'partial' | 'missing' | 'unknown' | 'other' | 'none';

export const STATUS_CATEGORIES: readonly StatusCategory[] = ['complete', 'partial', 'missing', 'unknown', 'other', 'none'];

/** A symbol for each category, distinct in shape so that colour is never the only cue. */
export const STATUS_SYMBOLS: Readonly<Record<StatusCategory, string>> = {
  complete: '✔',
  partial: '◐',
  missing: '✘',
  unknown: '?',
  other: '◆',
  none: '–',
};

export const STATUS_LEGEND: Readonly<Record<StatusCategory, string>> = {
  complete: 'complete',
  partial: 'partial: works with caveats (see its notes)',
  missing: 'missing',
  unknown: 'unknown',
  other: 'another value (shown in the cell’s notes)',
  none: 'no entry for this driver',
};

export function statusCategory(status: string | null): StatusCategory {
  if (status === null) return 'none';
  return status === 'complete' || status === 'partial' || status === 'missing' || status === 'unknown' ? status : 'other';
}
