/**
 * Keys for a matrix read from a published page.
 *
 * A page does not carry the INI's keys: the current renderer keeps them only
 * in HTML ids (`operation.attach-volume` becomes `operation_attach_volume`),
 * text keeps none. This module makes stable, readable keys from what the page
 * gives, or finds the real ones in a `--keys-from` matrix by id and by title
 * (`matchKeys`, the one title matcher every reader and diff use).
 */

import { foldText } from './fold.js';
import { markProvenance, type Driver, type Feature, type Implementation, type Matrix } from './matrix.js';

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

/** Titles compare with white space, typography and case folded (`fold.ts`). */
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

/** An entry whose key is known: a driver or feature of the `--keys-from` model, or of the other side of a diff. */
export interface KeyedEntry {
  key: string;
  title: string | null;
  /** HTML ids the entry is known by (see `driverIds`, `featureIds`). */
  ids?: readonly string[];
}

/** An entry to find a key for: its title, and its HTML id where the input has one. */
export interface WantedEntry {
  title: string | null;
  id?: string | null;
}

/** A title that does not name one key: several known entries have it, or several wanted ones. */
export interface Ambiguity {
  /** The title as the first wanted entry spells it. */
  title: string;
  /** The known keys with that title (one, when the ambiguity is on the wanted side). */
  keys: string[];
  /** How many wanted entries have that title. */
  wanted: number;
}

export interface KeyMatch {
  /** For each wanted entry, its key, or null when nothing (or nothing unambiguous) matches. */
  keys: (string | null)[];
  ambiguous: Ambiguity[];
}

/**
 * THE title matcher, used by every reader (`--keys-from`) and by diff
 * (a side whose keys were made up takes the other side's):
 *
 * 1. an HTML id, where the input has one, names the known entry that has it
 *    (when exactly one does);
 * 2. otherwise the title, compared folded (`titleKey`: white space,
 *    typography and case), names the one known entry left with that title;
 * 3. a title that several known entries share, or that several wanted
 *    entries share, names nothing: it is ambiguous, reported, and the wanted
 *    entries keep keys made up from their titles. Never first-match-wins.
 *
 * A known entry is given to one wanted entry at most. (No upstream file has
 * two drivers or two features with one title: checked on every INI and page
 * in samples/, test/fixtures/ and the shared corpus.)
 */
export function matchKeys(wanted: readonly WantedEntry[], known: readonly KeyedEntry[]): KeyMatch {
  const keys: (string | null)[] = wanted.map(() => null);
  const taken = new Set<number>();

  const byId = new Map<string, number[]>();
  known.forEach((k, n) => {
    for (const id of new Set(k.ids ?? [])) push(byId, id, n);
  });
  wanted.forEach((w, i) => {
    if (w.id === null || w.id === undefined) return;
    const candidates = (byId.get(w.id) ?? []).filter((n) => !taken.has(n));
    if (candidates.length !== 1) return;
    keys[i] = known[candidates[0]!]!.key;
    taken.add(candidates[0]!);
  });

  const knownByTitle = new Map<string, number[]>();
  known.forEach((k, n) => {
    if (!taken.has(n) && k.title !== null) push(knownByTitle, titleKey(k.title), n);
  });
  const wantedByTitle = new Map<string, number[]>();
  wanted.forEach((w, i) => {
    if (keys[i] === null && w.title !== null) push(wantedByTitle, titleKey(w.title), i);
  });
  const ambiguous: Ambiguity[] = [];
  for (const [title, is] of wantedByTitle) {
    const ns = knownByTitle.get(title);
    if (!ns) continue;
    if (ns.length === 1 && is.length === 1) keys[is[0]!] = known[ns[0]!]!.key;
    else ambiguous.push({ title: wanted[is[0]!]!.title!, keys: ns.map((n) => known[n]!.key), wanted: is.length });
  }
  return { keys, ambiguous };
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** The ids a driver is known by on a page: both renderers' spellings of the driver part of a cell id. */
export function driverIds(key: string): string[] {
  return [sanitizeId('driver.' + key), sanitizeId(key)];
}

/** The id a feature is known by on a page: its sanitized section name. */
export function featureIds(key: string): string[] {
  return [sanitizeId(key)];
}

/** What matching a model's made-up keys to another model's keys did. */
export interface KeyAdoption {
  /** A copy with the keys taken (cells follow their driver); the input is not changed. */
  matrix: Matrix;
  ambiguous: (Ambiguity & { kind: 'driver' | 'feature' })[];
  /** Entries that kept a made-up key (no title matched). */
  unmatched: { kind: 'driver' | 'feature'; key: string; title: string | null }[];
}

/**
 * A model whose keys were made up from titles with the keys of `ref` taken
 * by title (`matchKeys`): for `--keys-from` on any input that carries made-up
 * keys, and for diff. A made-up key that a matched entry now uses is
 * renumbered. The result is marked `inferredKeys` only while some entry
 * still has a made-up key.
 */
export function adoptKeys(m: Matrix, ref: Matrix): KeyAdoption {
  const ambiguous: KeyAdoption['ambiguous'] = [];
  const unmatched: KeyAdoption['unmatched'] = [];
  const rekey = <T extends { key: string; title: string | null }>(kind: 'driver' | 'feature', items: readonly T[], known: readonly KeyedEntry[]): string[] => {
    const match = matchKeys(items, known);
    for (const a of match.ambiguous) ambiguous.push({ kind, ...a });
    const matched = new Set(match.keys.filter((k): k is string => k !== null));
    const alloc = new KeyAllocator();
    for (const k of matched) alloc.reserve(k);
    return items.map((x, i) => {
      const k = match.keys[i];
      if (k !== null && k !== undefined) return k;
      unmatched.push({ kind, key: x.key, title: x.title });
      return matched.has(x.key) ? alloc.take(x.key) : x.key;
    });
  };
  const driverKeys = rekey('driver', m.drivers, ref.drivers);
  const featureKeys = rekey('feature', m.features, ref.features);
  const rename = new Map<string, string>();
  m.drivers.forEach((d, i) => {
    if (!rename.has(d.key)) rename.set(d.key, driverKeys[i]!);
  });
  const out: Matrix = {
    ...m,
    drivers: m.drivers.map((d, i): Driver => ({ ...d, key: driverKeys[i]! })),
    features: m.features.map(
      (f, i): Feature => ({
        ...f,
        key: featureKeys[i]!,
        implementations: f.implementations.map((c): Implementation => ({ ...c, driver: rename.get(c.driver) ?? c.driver })),
      }),
    ),
  };
  delete out.provenance;
  markProvenance(out, { ...m.provenance, inferredKeys: unmatched.length > 0 });
  return { matrix: out, ambiguous, unmatched };
}

/**
 * Order a model whose keys were matched to `ref` as `ref` orders them:
 * drivers in ref's order (those ref does not know after, in their own
 * order); each feature's cells in the order of ref's feature with that key,
 * then in driver order. Features keep their order. Changes `m`.
 */
export function orderLike(m: Matrix, ref: Matrix): void {
  const pos = new Map(ref.drivers.map((d, i) => [d.key, i]));
  m.drivers = [...m.drivers].sort((a, b) => (pos.get(a.key) ?? Infinity) - (pos.get(b.key) ?? Infinity));
  const driverPos = new Map(m.drivers.map((d, k) => [d.key, k]));
  const refFeatures = new Map(ref.features.map((f) => [f.key, f]));
  for (const f of m.features) {
    const rf = refFeatures.get(f.key);
    if (!rf) continue;
    const cellPos = new Map(rf.implementations.map((im, k) => [im.driver, k]));
    f.implementations.sort(
      (a, b) =>
        (cellPos.get(a.driver) ?? Infinity) - (cellPos.get(b.driver) ?? Infinity) ||
        (driverPos.get(a.driver) ?? 0) - (driverPos.get(b.driver) ?? 0),
    );
  }
}

/**
 * What a reader or diff says about an ambiguous title. `source` names where
 * the keys come from (`--keys-from`, or the other side of a diff); `quote`
 * is the caller's quoting of user text.
 */
export function ambiguityMessage(kind: 'driver' | 'feature', a: Ambiguity, source: string, quote: (s: string) => string): string {
  if (a.keys.length > 1) {
    const n = a.wanted > 1 ? `${a.wanted} ${kind}s` : `the ${kind}`;
    return `${source} has ${a.keys.length} ${kind}s titled ${quote(a.title)} (${a.keys.map((k) => quote(k)).join(', ')}): ambiguous, so ${n} titled so ${a.wanted > 1 ? 'keep their' : 'keeps its'} made-up key${a.wanted > 1 ? 's' : ''}`;
  }
  return `${a.wanted} ${kind}s are titled ${quote(a.title)} and ${source} has one (${quote(a.keys[0] ?? '')}): ambiguous, so they keep their made-up keys`;
}
