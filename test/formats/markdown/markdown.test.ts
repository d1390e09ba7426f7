/**
 * Markdown: INI -> md -> model equals INI -> model for every sample and for
 * the hostile model (with extras and document text); hostile text stays
 * inert (no raw HTML, links or code the data did not ask for); edits made in
 * review come back; a hand-written table reads by titles.
 * Golden files: test/golden/md/ (regenerate: FMX_UPDATE_GOLDEN=1 npx vitest run test/formats).
 */

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { Root } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRemark } from '../../../src/formats/markdown/parse.js';
import { emitMarkdown, loadStringify } from '../../../src/formats/markdown/write.js';
import { readBytes, sniffFormat } from '../../../src/formats/registry.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { readMarkdownText } from '../../../src/formats/markdown/read.js';
import { expectGolden } from '../../helpers/golden.js';
import { HOSTILE, INI_SAMPLES, collectingOptions, hostileModel, plain, sampleModel } from '../models.js';

function readBack(text: string, extra: Partial<Parameters<typeof readMarkdownText>[1]> = {}) {
  const { read, warnings } = collectingOptions('x.md');
  return { ...readMarkdownText(text, { ...read, ...extra }), warnings };
}

/** Read with --keys-from, as every command does: through the registry, which matches made-up keys by title. */
async function readKeyed(text: string, keysFrom: Matrix) {
  const { read, warnings } = collectingOptions('x.md');
  const { loaded } = await readBytes(Buffer.from(text), { ...read, from: 'md', keysFrom });
  return { ...loaded, warnings };
}

// The Markdown reader loads remark-parse on first need (asynchronously); these tests read synchronously.
beforeAll(() => loadRemark());
// The reference Markdown printer, loaded on first need; emitMarkdown prints synchronously (some describe blocks print at once).
await loadStringify();

describe('markdown round trip', () => {
  it.each(INI_SAMPLES)('%s: INI -> md -> model equals INI -> model; golden', (name) => {
    const m = sampleModel(name);
    const md = emitMarkdown(m);
    const back = readBack(md);
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
    expect(back.matrix.provenance).toBeUndefined();
    expect(sniffFormat(Buffer.from(md))).toBe('md');
    expectGolden(`md/${name.replace(/\.ini$/, '.md')}`, md);
  });

  it.each(['support-matrix', 'targets', 'feature-classification'] as const)('hostile model (%s) round trips', (dialect) => {
    const m = hostileModel(dialect);
    const back = readBack(emitMarkdown(m));
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
  });

  // Found by fuzzing: a note "-\n-\nx" came back as "-\n\nx" (the second "-" made a setext
  // heading), and "<56$w9%@yA>" without its brackets (an e-mail autolink).
  it.each(['-\n-\nlong', 'a\n-\n-\nb', '=\n=\n=', '*\n*', '+\n+', '1.\n2.', '#\n#', '>\n>', '- a\n- b', '---\n***', '<!--\n-->', '<56$w9%@yA>', 'mail <1@x.org> or <a.b@c.d>'])(
    'notes whose lines start a block, or that look like an autolink (%j), read back as written',
    (notes) => {
      const m = hostileModel();
      m.features[0]!.notes = notes;
      m.features[0]!.implementations[0]!.notes = notes;
      const md = emitMarkdown(m);
      expect(plain(readBack(md).matrix)).toEqual(plain(m));
    },
  );

  it('a model without document text and extras stays without them', () => {
    const m = hostileModel();
    delete m.document;
    delete m.extras;
    expect(plain(readBack(emitMarkdown(m)).matrix)).toEqual(plain(m));
  });
});

describe('markdown is inert', () => {
  const md = emitMarkdown(hostileModel());
  const tree = unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
  const kinds = new Map<string, number>();
  visit(tree, (n) => void kinds.set(n.type, (kinds.get(n.type) ?? 0) + 1));

  it('no HTML but our invisible comments, no code blocks, quotes, rules or images', () => {
    const html: string[] = [];
    visit(tree, 'html', (n) => void html.push(n.value));
    expect(html.filter((h) => !/^<!--fmx \{[^\n]*\}-->$/.test(h))).toEqual([]);
    for (const k of ['code', 'blockquote', 'thematicBreak', 'image', 'imageReference', 'linkReference', 'footnoteReference', 'definition', 'delete']) {
      expect(kinds.get(k) ?? 0, k).toBe(0);
    }
    expect(kinds.get('table')).toBe(1);
  });

  it('links only to web addresses the data gave as links', () => {
    const urls: string[] = [];
    visit(tree, 'link', (n) => void urls.push(n.url));
    expect(urls.filter((u) => !/^(https?:\/\/|#[\p{L}\p{M}\p{N}_-]*$)/u.test(u))).toEqual([]);
    expect(md.replace(/<!--fmx [^\n]*?-->/g, '')).not.toMatch(/(?<!\\)\]\(javascript:/);
  });

  it('headings: the title, the sections and one per feature, none from the data', () => {
    const headings: string[] = [];
    visit(tree, 'heading', (n) => void headings.push(`${n.depth}`));
    const m = hostileModel();
    expect(headings.filter((d) => d === '1')).toHaveLength(1);
    expect(headings.filter((d) => d === '2')).toHaveLength(4);
    expect(headings.filter((d) => d === '3')).toHaveLength(m.features.length);
  });

  it('every hostile value is shown as its text', () => {
    const shown = (n: Root) => {
      const parts: string[] = [];
      visit(n, (x) => {
        if (x.type === 'paragraph' || x.type === 'heading' || x.type === 'tableCell') parts.push(toString(x, { includeHtml: false }));
      });
      return parts.join('\u0000');
    };
    const all = shown(tree).replace(/\s+/g, ' ');
    for (const v of HOSTILE) expect(all, v).toContain(v.replace(/\s+/g, ' ').trim());
  });
});

describe('markdown edited in review', () => {
  const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
  const md = emitMarkdown(m);

  it('a status the Summary and Details show differently: the model has the Summary\'s, both copies are reported with their places', () => {
    const edited = md.replace(/\|\s*◐\s*\|/, '| ✔ |');
    expect(edited).not.toBe(md);
    const back = readBack(edited);
    expect(back.matrix.features[0]!.implementations.map((i) => `${i.driver}=${i.status}`)).toEqual(['foo=complete', 'bar=complete']);
    // Settled by `convert --base` (the copy that differs from the base is the edit), else reported by the caller.
    expect(back.warnings).toEqual([]);
    const lines = edited.split('\n');
    const summaryLine = lines.findIndex((l) => l.includes('| ✔ |') && l.includes('Cool Feature')) + 1;
    expect(back.positions!.get({ feature: 'operation.Cool_Feature', driver: 'bar', field: 'status' })).toEqual({ line: summaryLine, column: lines[summaryLine - 1]!.lastIndexOf('| ✔ |') + 1 });
    const detailLine = lines.indexOf('- **Bar Driver**: ◐ partial') + 1;
    expect(back.repeated).toEqual([
      {
        ref: { feature: 'operation.Cool_Feature', driver: 'bar', field: 'status' },
        copies: [
          // Where messages about the cell point: the Summary's cell (from its opening pipe).
          { value: 'complete', at: back.positions!.get({ feature: 'operation.Cool_Feature', driver: 'bar', field: 'status' }) },
          { value: 'partial', at: { line: detailLine, column: expect.any(Number) } },
        ],
      },
    ]);
  });

  it('a feature status shown differently: status and group are each one repeated value', () => {
    const edited = md.replace('- **Status:** optional', '- **Status:** choice(hypervisor)');
    expect(edited).not.toBe(md);
    const back = readBack(edited);
    expect(back.matrix.features[0]!.status).toBe('optional');
    expect(back.repeated!.map((r) => [r.ref.field, r.copies.map((c) => c.value)])).toEqual([
      ['status', ['optional', 'choice']],
      ['group', [null, 'hypervisor']],
    ]);
  });

  it('notes and titles edited in Details come back; untouched values stay exact', () => {
    const edited = md.replace('A pretty darn cool feature.', 'A *really* cool feature.').replace('### Cool Feature', '### Very Cool Feature');
    const f = readBack(edited).matrix.features[0]!;
    expect(f.notes).toBe('A really cool feature.');
    expect(f.title).toBe('Very Cool Feature');
    expect(f.cli).toEqual(['openstack get coolness *']);
    expect(f.implementations[1]!.notes).toBe('Requires hardware support.');
  });

  it('a value with odd white space keeps it until its visible text is edited', () => {
    const odd = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    odd.features[0]!.notes = '  first\n\n\n  second  ';
    const text = emitMarkdown(odd);
    expect(readBack(text).matrix.features[0]!.notes).toBe('  first\n\n\n  second  ');
    expect(readBack(text.replace(/^second$/m, 'third')).matrix.features[0]!.notes).toBe('first\n\nthird');
  });

  it('a hand-written table without invisible data reads by titles (--keys-from), and says its keys are inferred', async () => {
    const hand = '# My matrix\n\n## Summary\n\n| Feature | Status | Foo Driver | New one |\n| --- | --- | --- | --- |\n| Cool Feature | optional | ✔ | ✘ |\n';
    const back = await readKeyed(hand, m);
    expect(back.matrix.provenance).toEqual({ inferredKeys: true });
    expect(back.matrix.drivers.map((d) => d.key)).toEqual(['foo', 'new-one']);
    expect(back.matrix.features.map((f) => [f.key, f.status, f.implementations.map((i) => `${i.driver}=${i.status}`)])).toEqual([
      ['operation.Cool_Feature', 'optional', ['foo=complete', 'new-one=missing']],
    ]);
    expect(back.matrix.document?.title).toBe('My matrix');
  });

  it('Markdown without a matrix is an error with a position', () => {
    expect(() => readBack('# Nothing here\n\nJust text.\n')).toThrow(/^x\.md:1:1: no matrix found/);
  });
});

describe('markdown without invisible data', () => {
  it('Summary rows and Details sections meet by title', async () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const stripped = emitMarkdown(m).replace(/<!--fmx [^\n]*?-->/g, '');
    const back = await readKeyed(stripped, m);
    expect(back.matrix.provenance).toBeUndefined(); // every title matched: the keys are the real ones
    const f = back.matrix.features;
    expect(f.map((x) => [x.key, x.title, x.status, x.notes, x.cli])).toEqual([
      ['operation.Cool_Feature', 'Cool Feature', 'optional', 'A pretty darn cool feature.', ['openstack get coolness *']],
    ]);
    expect(f[0]!.implementations).toEqual(m.features[0]!.implementations);
    expect(back.matrix.drivers).toEqual(m.drivers);
  });
});

describe('markdown nested too deeply', () => {
  it.each([
    ['5,000 nested block quotes', '>'.repeat(5_000) + ' x\n', /^x\.md:1:1: Markdown nested too deeply \(5000 block quotes or list items on one line, more than 64\)/],
    ['list items nested 200 deep', 'x\n\n' + Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'), /^x\.md:\d+:1: Markdown nested too deeply \(indented 258 columns, more than 256\)/],
    ['100 list markers on one line', '- '.repeat(100) + 'x\n', /^x\.md:1:1: Markdown nested too deeply \(100 block quotes/],
  ])('%s: refused at once, with a position', (_name, text, message) => {
    expect(() => readBack(text)).toThrow(message);
  });
});

describe('positions of values read from Markdown', () => {
  const m = sampleModel('nova-33.0.0-support-matrix.ini');
  const text = emitMarkdown(m);
  const lines = text.split('\n');
  const lineOf = (pred: (l: string) => boolean) => lines.findIndex(pred) + 1;
  const { positions } = readBack(text);
  const f = m.features.find((x) => x.implementations.some((i) => i.notes))!;
  const impl = f.implementations.find((i) => i.notes)!;
  const at = (ref: Parameters<NonNullable<typeof positions>['get']>[0]) => (positions!.get(ref) as { line: number } | undefined)?.line;
  const summaryRow = lineOf((l) => l.startsWith('|') && l.includes(`"feature":"${f.key}"`));
  const heading = lineOf((l) => l.startsWith('### ') && l.includes(`"feature":"${f.key}"`));

  it('a feature, its status and its cells: the Summary row', () => {
    expect(summaryRow).toBeGreaterThan(0);
    expect(at({ feature: f.key, field: 'row' })).toBe(summaryRow);
    expect(at({ feature: f.key, field: 'title' })).toBe(summaryRow);
    expect(at({ feature: f.key, field: 'status' })).toBe(summaryRow);
    expect(at({ feature: f.key, driver: impl.driver, field: 'status' })).toBe(summaryRow);
  });

  it("a driver's cell in Details: its line there; anything else: the feature's row", () => {
    const cellLine = at({ feature: f.key, driver: impl.driver, field: 'notes' })!;
    expect(cellLine).toBeGreaterThan(heading);
    expect(lines[cellLine - 1]).toMatch(/^- \*\*/);
    expect(at({ feature: f.key, driver: impl.driver, field: 'release' })).toBe(cellLine);
    expect(at({ feature: f.key, field: 'no such field' })).toBe(summaryRow);
    expect(at({ feature: f.key, driver: 'no-such-driver', field: 'notes' })).toBe(summaryRow);
    expect(at({ feature: 'no.such.feature', field: 'row' })).toBeUndefined();
  });
});
