/**
 * The wide layout, which the wide CSV and a plain single-sheet workbook
 * share: a header row naming `key`, `title`, `status`, `group` (any of them,
 * in any order) and one column per driver (`Title [key]`, or a title alone),
 * then one row per feature holding its cell statuses.
 */

import type { Diagnostic } from '../../diagnostics.js';
import { error } from '../../diagnostics.js';
import type { Loaded, Omission, ReadOptions } from '../types.js';
import { slugify } from '../../model/keys.js';
import { markProvenance, newFeature, newMatrix } from '../../model/matrix.js';
import { empty, readProvenanceCell, type Field, type Row } from './long.js';
import { META, parseWideDriverHeader } from './columns.js';

/** Which layout a header row names: `feature_key` the long one, `key` or `title` the wide one. */
export function tableLayout(header: readonly string[]): 'long' | 'wide' | null {
  if (header.includes('feature_key')) return 'long';
  if (header.includes('key') || header.includes('title')) return 'wide';
  return null;
}

/** The wide layout into the model; `rows` exclude the header. Positions are the rows' lines and 1-based field numbers. */
/** Told where each value of a row is (a row and a 0-based field number), for positions in messages. */
export type Placed = (ref: { feature?: string; driver?: string; field: string }, row: Row, column: number) => void;

export function readWide(header: string[], rows: Row[], opts: ReadOptions, placed: Placed = () => {}): Loaded {
  const col = (name: string) => header.indexOf(name);
  const keyCol = col('key');
  const titleCol = col('title');
  const statusCol = col('status');
  const groupCol = col('group');
  const fixed = new Set<number>([keyCol, titleCol, statusCol, groupCol].filter((i) => i !== -1));
  const m = newMatrix(opts.keysFrom?.dialect ?? 'support-matrix');
  let inferred = keyCol === -1;

  // Keys made up from titles are matched to --keys-from by the registry (model/keys.ts adoptKeys).

  const driverCols: { index: number; key: string }[] = [];
  const seen = new Set<string>();
  header.forEach((h, index) => {
    if (fixed.has(index)) return;
    const parsed = parseWideDriverHeader(h);
    let key = parsed.key;
    if (key === null) {
      key = slug(h);
      inferred = true;
    }
    if (seen.has(key)) throw error(opts.file, `driver ${JSON.stringify(key)} has two columns`, 1, index + 1, 'csv-header');
    seen.add(key);
    m.drivers.push({ key, title: parsed.title, link: null });
    driverCols.push({ index, key });
  });

  const warn = (d: Diagnostic) => opts.warn(d);
  for (const row of rows) {
    const get = (i: number): Field => (i === -1 ? null : (row.fields[i] ?? null));
    const title = get(titleCol);
    let key = get(keyCol);
    if (key === META.provenance) {
      markProvenance(m, readProvenanceCell(title, opts, row.line));
      continue;
    }
    if (empty(key)) {
      if (empty(title)) {
        if (row.fields.every((v) => v === null)) continue;
        warn({ file: opts.file, line: row.line, message: 'a row without key nor title is skipped', severity: 'warning', ruleId: 'csv-wide' });
        continue;
      }
      key = slug(title!);
      inferred = true;
    }
    const f = newFeature(key!, title);
    f.status = get(statusCol);
    f.group = get(groupCol);
    for (const { index, key: driver } of driverCols) {
      const status = get(index);
      if (status !== null) f.implementations.push({ driver, status, notes: null, release: null });
    }
    placeWideRow(placed, row, key!, { keyCol, titleCol, statusCol, groupCol }, driverCols);
    m.features.push(f);
  }
  // The summary has no notes, commands, links, releases or extras: with --base they stay as they were.
  markProvenance(m, { inferredKeys: inferred });
  return { matrix: m, omits: ['notes', 'cli', 'api', 'links', 'classification', 'release', 'extras', 'empty-values', ...wideOmissions(header)] };
}

/** What a wide table whose header lacks the title, status or group column does not carry. */
function wideOmissions(header: readonly string[]): Omission[] {
  const out: Omission[] = [];
  if (!header.includes('title')) out.push('feature-title');
  if (!header.includes('status')) out.push('feature-status');
  else if (!header.includes('group')) out.push('feature-group');
  return out;
}

/** Where a wide row's values are. */
function placeWideRow(placed: Placed, row: Row, feature: string, cols: Record<'keyCol' | 'titleCol' | 'statusCol' | 'groupCol', number>, driverCols: { index: number; key: string }[]): void {
  placed({ feature, field: 'row' }, row, Math.max(cols.keyCol, 0));
  if (cols.titleCol !== -1) placed({ feature, field: 'title' }, row, cols.titleCol);
  if (cols.statusCol !== -1) placed({ feature, field: 'status' }, row, cols.statusCol);
  if (cols.groupCol !== -1) placed({ feature, field: 'group' }, row, cols.groupCol);
  for (const { index, key } of driverCols) placed({ feature, driver: key, field: 'status' }, row, index);
}

/** A key made up from a title: `Libvirt KVM (x86)` -> `libvirt-kvm-x86` (the title itself if nothing is left). */
function slug(title: string): string {
  return slugify(title) || title;
}
