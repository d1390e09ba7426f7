/**
 * What the text and Markdown reports of `fmx diff` share: titles for keys,
 * the one-line summary, per-driver gains and losses, and a word diff of
 * notes. Pure: the writers (`text.ts`, `markdown.ts`)
 * only lay these out.
 */

import type { Change, ChangeKind, FeatureField, Value } from './compare.js';
import { countKinds } from './compare.js';
import { foldSpace, foldTypography } from '../model/fold.js';
import type { Implementation, Matrix } from '../model/matrix.js';

export interface ReportInput {
  /** How the old input was named on the command line. */
  oldName: string;
  newName: string;
  old: Matrix;
  new: Matrix;
  changes: Change[];
  /** `--exact`: the word diff compares raw words too. */
  exact?: boolean;
}

/** Titles of drivers and features, looked up in the new version first. */
export class Titles {
  private readonly drivers = new Map<string, string>();
  private readonly features = new Map<string, string>();
  constructor(oldM: Matrix, newM: Matrix) {
    for (const m of [oldM, newM]) {
      for (const d of m.drivers) if (d.title !== null && d.title.trim() !== '') this.drivers.set(d.key, foldSpace(d.title));
      for (const f of m.features) if (f.title !== null && f.title.trim() !== '') this.features.set(f.key, foldSpace(f.title));
    }
  }
  driver(key: string): string {
    return this.drivers.get(key) ?? key;
  }
  feature(key: string): string {
    return this.features.get(key) ?? key;
  }
}

/** The kinds in the reports' order (added before removed), with their words. */
const SUMMARY_WORDS: [ChangeKind, string, string][] = [
  ['driver-added', 'driver added', 'drivers added'],
  ['driver-removed', 'driver removed', 'drivers removed'],
  ['driver-changed', 'driver change', 'driver changes'],
  ['feature-added', 'feature added', 'features added'],
  ['feature-removed', 'feature removed', 'features removed'],
  ['feature-changed', 'feature change', 'feature changes'],
  ['implementation-added', 'implementation added', 'implementations added'],
  ['implementation-removed', 'implementation removed', 'implementations removed'],
  ['implementation-changed', 'implementation change', 'implementation changes'],
];

/**
 * `45 changes: 1 driver added, 3 features added, ...` or `no changes`. With
 * `cells`, the implementation changes count cells (a report that shows a
 * cell's status and notes changes on one line counts it once).
 */
export function summaryLine(changes: readonly Change[], opts: { cells?: boolean } = {}): string {
  if (changes.length === 0) return 'no changes';
  const counts = countKinds(changes);
  if (opts.cells) {
    for (const kind of ['implementation-added', 'implementation-removed', 'implementation-changed'] as const) {
      const cells = new Set<string>();
      for (const c of changes) if (c.kind === kind) cells.add(`${c.feature}\u0000${c.driver}`);
      counts.set(kind, cells.size);
    }
  }
  const parts: string[] = [];
  let total = 0;
  for (const [kind, one, many] of SUMMARY_WORDS) {
    const n = counts.get(kind)!;
    total += n;
    if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return `${total} ${total === 1 ? 'change' : 'changes'}: ${parts.join(', ')}`;
}

/** How much support a cell status means: a move up is a gain, down a loss. */
const STATUS_RANK = new Map<string, number>([
  ['missing', 0],
  ['unknown', 0],
  ['partial', 1],
  ['complete', 2],
]);

export interface DriverTally {
  driver: string;
  gained: number;
  lost: number;
  other: number;
}

/**
 * Per driver (in the new version's order, then removed ones), how many
 * implementations gained or lost support, and how many other implementation
 * changes there were. Only drivers with implementation changes are listed.
 */
export function driverTallies(input: ReportInput): DriverTally[] {
  const rank = (s: string | null | undefined) => (s == null ? undefined : STATUS_RANK.get(foldTypography(s).trim().toLowerCase()));
  const cellStatus = (m: Matrix, feature: string, driver: string) => cellOf(m, feature, driver)?.status;
  const tallies = new Map<string, DriverTally>();
  const tally = (driver: string) => {
    let t = tallies.get(driver);
    if (!t) tallies.set(driver, (t = { driver, gained: 0, lost: 0, other: 0 }));
    return t;
  };
  for (const c of input.changes) {
    let before: number | undefined;
    let after: number | undefined;
    if (c.kind === 'implementation-added') {
      before = 0;
      after = rank(cellStatus(input.new, c.feature, c.driver));
    } else if (c.kind === 'implementation-removed') {
      before = rank(cellStatus(input.old, c.feature, c.driver));
      after = 0;
    } else if (c.kind === 'implementation-changed' && c.field === 'status') {
      before = rank(c.old as string);
      after = rank(c.new as string);
    } else if (c.kind !== 'implementation-changed') continue;
    const t = tally(c.driver);
    if (before !== undefined && after !== undefined && after > before) t.gained++;
    else if (before !== undefined && after !== undefined && after < before) t.lost++;
    else t.other++;
  }
  const order = [...input.new.drivers, ...input.old.drivers].map((d) => d.key);
  const pos = (k: string) => {
    const i = order.indexOf(k);
    return i === -1 ? order.length : i;
  };
  return [...tallies.values()].sort((x, y) => pos(x.driver) - pos(y.driver));
}

export type ImplementationChange = Extract<Change, { kind: `implementation-${string}` }>;

/** The changes of one cell (one feature, one driver). */
export interface CellChanges {
  feature: string;
  driver: string;
  changes: ImplementationChange[];
}

/**
 * Implementation changes grouped by driver (drivers in the new version's
 * order), each driver's changes by cell (in change order).
 */
export function byDriver(input: ReportInput): [string, CellChanges[]][] {
  const groups = new Map<string, CellChanges[]>();
  for (const c of input.changes) {
    if (c.kind !== 'implementation-added' && c.kind !== 'implementation-removed' && c.kind !== 'implementation-changed') continue;
    let g = groups.get(c.driver);
    if (!g) groups.set(c.driver, (g = []));
    const last = g[g.length - 1];
    if (last && last.feature === c.feature) last.changes.push(c);
    else g.push({ feature: c.feature, driver: c.driver, changes: [c] });
  }
  const order = [...input.new.drivers, ...input.old.drivers].map((d) => d.key);
  return [...groups.entries()].sort((x, y) => rankOf(order, x[0]) - rankOf(order, y[0]));
}

/** The changes of one kind, in change order. */
export function ofKind<K extends ChangeKind>(changes: readonly Change[], kind: K): Extract<Change, { kind: K }>[] {
  return changes.filter((c): c is Extract<Change, { kind: K }> => c.kind === kind);
}

/** Feature changes grouped by feature, in change order. */
export function byFeature(changes: readonly Change[]): [string, Change[]][] {
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    if (c.kind !== 'feature-changed') continue;
    const g = groups.get(c.feature);
    if (g) g.push(c);
    else groups.set(c.feature, [c]);
  }
  return [...groups.entries()];
}

function rankOf(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

const cellIndexes = new WeakMap<Matrix, Map<string, Map<string, Implementation>>>();

/** A cell by feature and driver key (the first, if a key repeats), for "added (complete)" lines. */
export function cellOf(m: Matrix, feature: string, driver: string): Implementation | undefined {
  let index = cellIndexes.get(m);
  if (!index) {
    index = new Map();
    for (const f of m.features) {
      if (index.has(f.key)) continue;
      const cells = new Map<string, Implementation>();
      for (const i of f.implementations) if (!cells.has(i.driver)) cells.set(i.driver, i);
      index.set(f.key, cells);
    }
    cellIndexes.set(m, index);
  }
  return index.get(feature)?.get(driver);
}

export const FIELD_LABELS: Record<FeatureField | 'link' | 'release', string> = {
  title: 'title',
  status: 'status',
  group: 'group',
  notes: 'notes',
  cli: 'CLI',
  api: 'API',
  maturity: 'maturity',
  apiDocLink: 'API doc link',
  adminDocLink: 'admin doc link',
  tempestTestUuids: 'tempest tests',
  link: 'link',
  release: 'release',
};

/** User text with control characters (a terminal would obey ESC) shown as `\xNN`. */
export function safe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A model value for a person: `(none)` for null and `[]`, lists joined with `; `. */
export function showValue(v: Value): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length ? v.join('; ') : '(none)';
  return v.replace(/\s+/g, ' ').trim() || '(empty)';
}

export type WordOp = { op: '=' | '-' | '+'; words: string[] } | { op: '…' };

/** Words of unchanged text kept on each side of a change. */
const CONTEXT = 6;
/** Beyond this many word pairs the diff takes the changed middle whole (no LCS). */
const LCS_LIMIT = 250_000;

/**
 * A word diff of two texts (words are runs of non-space; white space does not
 * count; typography is folded unless `exact`). Long unchanged runs are cut to
 * CONTEXT words around each change, marked by `…`.
 */
export function wordDiff(oldText: string, newText: string, exact = false): WordOp[] {
  const a = oldText.split(/\s+/).filter(Boolean);
  const b = newText.split(/\s+/).filter(Boolean);
  const fa = exact ? a : a.map(foldTypography);
  const fb = exact ? b : b.map(foldTypography);
  let pre = 0;
  while (pre < a.length && pre < b.length && fa[pre] === fb[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && fa[a.length - 1 - suf] === fb[b.length - 1 - suf]) suf++;
  const ops: { op: '=' | '-' | '+'; word: string }[] = [];
  for (let i = 0; i < pre; i++) ops.push({ op: '=', word: b[i]! });
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  const fma = fa.slice(pre, a.length - suf);
  const fmb = fb.slice(pre, b.length - suf);
  if (ma.length * mb.length > LCS_LIMIT) {
    for (const w of ma) ops.push({ op: '-', word: w });
    for (const w of mb) ops.push({ op: '+', word: w });
  } else {
    for (const op of lcsOps(ma, mb, fma, fmb)) ops.push(op);
  }
  for (let i = b.length - suf; i < b.length; i++) ops.push({ op: '=', word: b[i]! });
  return elide(group(ops));
}

function lcsOps(a: string[], b: string[], fa: string[], fb: string[]) {
  const n = a.length;
  const m = b.length;
  // len[i][j]: LCS length of a[i..] and b[j..], flattened.
  const len = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[at(i, j)] = fa[i] === fb[j] ? len[at(i + 1, j + 1)]! + 1 : Math.max(len[at(i + 1, j)]!, len[at(i, j + 1)]!);
    }
  }
  const ops: { op: '=' | '-' | '+'; word: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (fa[i] === fb[j]) {
      ops.push({ op: '=', word: b[j]! });
      i++;
      j++;
    } else if (len[at(i + 1, j)]! >= len[at(i, j + 1)]!) ops.push({ op: '-', word: a[i++]! });
    else ops.push({ op: '+', word: b[j++]! });
  }
  while (i < n) ops.push({ op: '-', word: a[i++]! });
  while (j < m) ops.push({ op: '+', word: b[j++]! });
  return ops;
}

/** Runs of one operation; within a change, removals before additions. */
function group(ops: { op: '=' | '-' | '+'; word: string }[]): { op: '=' | '-' | '+'; words: string[] }[] {
  const out: { op: '=' | '-' | '+'; words: string[] }[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === '=') {
      const words: string[] = [];
      while (k < ops.length && ops[k]!.op === '=') words.push(ops[k++]!.word);
      out.push({ op: '=', words });
      continue;
    }
    const del: string[] = [];
    const ins: string[] = [];
    while (k < ops.length && ops[k]!.op !== '=') (ops[k]!.op === '-' ? del : ins).push(ops[k++]!.word);
    if (del.length) out.push({ op: '-', words: del });
    if (ins.length) out.push({ op: '+', words: ins });
  }
  return out;
}

function elide(runs: { op: '=' | '-' | '+'; words: string[] }[]): WordOp[] {
  const out: WordOp[] = [];
  runs.forEach((r, k) => {
    if (r.op !== '=') {
      out.push(r);
      return;
    }
    const first = k === 0;
    const last = k === runs.length - 1;
    const keep = (first ? 0 : CONTEXT) + (last ? 0 : CONTEXT);
    if (r.words.length <= keep + 1 || (first && last)) {
      out.push(r);
      return;
    }
    if (!first) out.push({ op: '=', words: r.words.slice(0, CONTEXT) });
    out.push({ op: '…' });
    if (!last) out.push({ op: '=', words: r.words.slice(r.words.length - CONTEXT) });
  });
  return out;
}
