/**
 * Keys for a matrix read from a published page.
 *
 * A page does not carry the INI's keys: the current renderer keeps them only
 * in HTML ids (`operation.attach-volume` becomes `operation_attach_volume`),
 * text keeps none. This module makes stable, readable keys from what the page
 * gives, or finds the real ones in a `--keys-from` matrix by id and by title.
 */

import { foldText } from './fold.js';
import type { Matrix } from './matrix.js';

/** What upstream's renderers do to a key to make an HTML id. */
export function sanitizeId(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** A readable key piece from a title: `Libvirt KVM (x86)` -> `libvirt-kvm-x86`. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Titles compare with white space, typography and case folded. */
export function titleKey(title: string): string {
  return foldText(title).toLowerCase();
}

/** Prefixes of feature keys in upstream files: `operation_x` in an id was `operation.x`. */
const FEATURE_PREFIXES = ['operation', 'storage', 'networking', 'guest', 'console'];

/** A feature key from a page id (the `_` that stood for `-` or `.` cannot be told apart; they stay). */
export function featureKeyFromId(id: string): string {
  for (const p of FEATURE_PREFIXES) {
    if (id.startsWith(p + '_') && id.length > p.length + 1) return p + '.' + id.slice(p.length + 1);
  }
  return id;
}

/**
 * The driver part of a cell id: the current renderer writes
 * `<feature id>_driver_<key>`, nova's old one `<feature id>_<key>`.
 */
export function driverIdFromCellId(cellId: string, featureId: string | null): string | null {
  if (featureId === null || !cellId.startsWith(featureId + '_')) return null;
  const rest = cellId.slice(featureId.length + 1);
  return rest === '' ? null : rest;
}

/** Makes keys unique by numbering repeats: `x`, `x-2`, `x-3`. */
export class KeyAllocator {
  private readonly used = new Set<string>();
  /** The next number to try for a wanted key (many equal titles stay linear). */
  private readonly next = new Map<string, number>();
  take(wanted: string): string {
    let key = wanted;
    let n = this.next.get(wanted) ?? 2;
    for (; this.used.has(key); n++) key = `${wanted}-${n}`;
    this.next.set(wanted, n);
    this.used.add(key);
    return key;
  }
  reserve(key: string): void {
    this.used.add(key);
  }
}

/**
 * Looks up the real keys of a `--keys-from` matrix: by sanitized id first (an
 * exact structural match), then by title. A title that several entries share
 * gives its keys out in file order.
 */
export class KeyIndex {
  private readonly byId = new Map<string, string[]>();
  private readonly byTitle = new Map<string, string[]>();
  private readonly taken = new Set<string>();

  constructor(entries: { key: string; title: string | null; ids: string[] }[]) {
    for (const e of entries) {
      for (const id of e.ids) push(this.byId, id, e.key);
      if (e.title !== null) push(this.byTitle, titleKey(e.title), e.key);
    }
  }

  /** The real key for a page entry, or null. A key is given out once. */
  find(id: string | null, title: string): string | null {
    if (id !== null) {
      const k = this.first(this.byId.get(id));
      if (k !== null) return this.claim(k);
    }
    const k = this.first(this.byTitle.get(titleKey(title)));
    return k === null ? null : this.claim(k);
  }

  private first(keys: string[] | undefined): string | null {
    if (!keys) return null;
    for (const k of keys) if (!this.taken.has(k)) return k;
    return null;
  }

  private claim(k: string): string {
    this.taken.add(k);
    return k;
  }
}

function push(map: Map<string, string[]>, k: string, v: string): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** Index of a base matrix's drivers: ids as both renderers spell the driver part of a cell id. */
export function driverIndex(base: Matrix): KeyIndex {
  return new KeyIndex(
    base.drivers.map((d) => ({ key: d.key, title: d.title, ids: [sanitizeId('driver.' + d.key), sanitizeId(d.key)] })),
  );
}

/** Index of a base matrix's features by sanitized section name and title. */
export function featureIndex(base: Matrix): KeyIndex {
  return new KeyIndex(base.features.map((f) => ({ key: f.key, title: f.title, ids: [sanitizeId(f.key)] })));
}
