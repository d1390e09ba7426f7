/**
 * The rules of the house (docs/architecture.md), checked on src/ as it is:
 * no import cycle, every arrow points down, each layer imports only what it
 * may. Type-only and dynamic imports count like the others.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/samples.js';

const SRC = join(ROOT, 'src');
const FORMAT_FOLDERS = ['ini', 'json', 'csv', 'xlsx', 'markdown', 'html', 'text'];
const SHARED_FORMAT_FOLDERS = ['page', 'tabular'];

interface Edge {
  from: string;
  to: string;
  dynamic: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of every file of src/, as paths relative to src/ (`formats/ini/read.ts`). */
export function importGraph(): Edge[] {
  const files = sources(SRC);
  const edges: Edge[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s*['"](\.[^'"]+)['"]/gm;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of text.matchAll(re)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      const to = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      edges.push({ from: relative(SRC, file), to: relative(SRC, to), dynamic: m[2] !== undefined });
    }
  }
  return edges;
}

const top = (p: string) => p.split('/')[0]!;
const formatFolder = (p: string): string | null => (p.startsWith('formats/') && p.split('/').length > 2 ? p.split('/')[1]! : null);
const LEAVES = ['diagnostics.ts', 'strings.ts', 'suggest.ts'];

/** What a file may import, by where it lives; null when allowed. */
export function breaks(e: Edge): string | null {
  const { from, to } = e;
  const inside = (prefix: string) => to.startsWith(prefix);
  if (to === 'cli.ts') return 'nothing imports the CLI';
  if (to === 'index.ts' && top(from) !== 'commands') return 'only the commands import the public API';
  if (top(from) === 'model') return top(to) === 'model' ? null : 'model/ imports nothing of fmx outside model/';
  if (LEAVES.includes(from)) return 'a leaf module imports nothing of fmx';
  if (top(from) === 'io') return top(to) === 'io' || to === 'diagnostics.ts' ? null : 'io/ imports only io/ and diagnostics';
  if (from === 'formats/types.ts') return top(to) === 'model' || to === 'diagnostics.ts' || to === 'io/files.ts' ? null : 'the format contract imports only model/';
  if (from === 'formats/registry.ts') {
    // keys-from.ts: `--keys-from` applied after every read, the registry's own step.
    if (to === 'formats/types.ts' || to === 'formats/keys-from.ts' || to === 'diagnostics.ts' || top(to) === 'model') return null;
    if (formatFolder(to) && FORMAT_FOLDERS.includes(formatFolder(to)!)) return e.dynamic ? null : 'the registry loads formats lazily (dynamic import)';
    return 'the registry imports only the contract and the formats';
  }
  const ff = formatFolder(from);
  if (ff) {
    const allowed =
      top(to) === 'model' ||
      to === 'formats/types.ts' ||
      LEAVES.includes(to) ||
      to === 'io/decode.ts' ||
      formatFolder(to) === ff ||
      SHARED_FORMAT_FOLDERS.includes(formatFolder(to) ?? '');
    return allowed ? null : `a format imports model/, formats/types.ts and shared format folders, never ${to}`;
  }
  // A report rendered as a page reuses the page's grid (formats/html/).
  const pageParts = to.startsWith('formats/html/') && !to.endsWith('/read.ts');
  if (top(from) === 'diff') return top(to) === 'diff' || top(to) === 'model' || LEAVES.includes(to) || pageParts ? null : 'diff/ imports only model/ (and the page grid)';
  if (top(from) === 'validate') {
    // The INI checks work on the INI syntax tree.
    const ok = ['validate', 'model', 'io'].includes(top(to)) || LEAVES.includes(to) || inside('formats/ini/') || to === 'formats/registry.ts' || to === 'formats/types.ts';
    return ok ? null : 'validate/ imports model/, the registry and the INI syntax';
  }
  if (top(from) === 'history') {
    const ok = ['history', 'model', 'diff', 'io'].includes(top(to)) || LEAVES.includes(to) || to === 'formats/registry.ts' || to === 'formats/types.ts' || pageParts;
    return ok ? null : 'history/ imports model/, diff/, io/ and the registry';
  }
  if (top(from) === 'commands') return formatFolder(to) ? 'commands use the registry and the API, never a format module' : null;
  return null;
}

function cycles(edges: Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const visit = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the house', () => {
  const edges = importGraph();

  it('reads the imports of src/', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ from: 'formats/registry.ts', to: 'formats/ini/read.ts', dynamic: true });
  });

  it('has no import cycle', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('every import keeps the rules of the house', () => {
    const broken = edges.flatMap((e) => {
      const why = breaks(e);
      return why ? [`${e.from} -> ${e.to}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('the rules catch what they are meant to', () => {
    expect(breaks({ from: 'formats/xlsx/read.ts', to: 'formats/csv/read.ts', dynamic: false })).toMatch(/never/);
    expect(breaks({ from: 'formats/json/read.ts', to: 'formats/registry.ts', dynamic: false })).toMatch(/never/);
    expect(breaks({ from: 'model/carried.ts', to: 'formats/types.ts', dynamic: false })).toMatch(/model/);
    expect(breaks({ from: 'commands/set.ts', to: 'formats/ini/patch.ts', dynamic: false })).toMatch(/never a format module/);
    expect(breaks({ from: 'formats/registry.ts', to: 'formats/ini/read.ts', dynamic: false })).toMatch(/lazily/);
    expect(breaks({ from: 'diff/compare.ts', to: 'formats/csv/read.ts', dynamic: false })).toMatch(/diff/);
    expect(cycles([{ from: 'a', to: 'b', dynamic: false }, { from: 'b', to: 'a', dynamic: false }])).toEqual([['a', 'b']]);
  });
});
